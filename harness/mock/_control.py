"""/_mock/* control endpoints (only with settings.control): clock, defects, reset.

``POST /_mock/clock`` form ``advance=<seconds>``; ``POST /_mock/defects`` form ``enable=a,b`` /
``disable=a`` / ``clear=1``; ``GET /_mock/defects``; ``POST /_mock/reset``. Answers are JSON.
"""

from __future__ import annotations

import math
from typing import Any

import flask

from harness.mock._context import MockContext
from harness.mock._defects import DEFECTS, UnknownDefectError, parse_defects


def _bad(message: str) -> flask.Response:
    response = flask.jsonify({"ok": False, "error": message})
    response.status_code = 400
    return response


def _defects_body(ctx: MockContext) -> dict[str, Any]:
    return {"ok": True, "active": sorted(ctx.state.defects.active()), "known": sorted(DEFECTS)}


def register(app: flask.Flask, ctx: MockContext) -> None:
    state = ctx.state

    def clock() -> flask.Response:
        raw = flask.request.form.get("advance", "")
        try:
            seconds = float(raw)
        except ValueError:
            return _bad("advance: expected a number of seconds")
        if not math.isfinite(seconds) or seconds < 0:
            return _bad("advance: expected a non-negative number of seconds")
        state.clock.advance(seconds)
        return flask.jsonify({"ok": True, "now": state.clock.now(), "offset": state.clock.offset})

    def defects() -> flask.Response:
        if flask.request.method == "POST":
            form = flask.request.form
            try:
                disable = parse_defects(form.get("disable", ""))
                enable = parse_defects(form.get("enable", ""))
            except UnknownDefectError as exc:
                return _bad(str(exc))
            if form.get("clear"):
                state.defects.clear()
            state.defects.disable(*disable)
            state.defects.enable(*enable)
        return flask.jsonify(_defects_body(ctx))

    def reset() -> flask.Response:
        state.reset()
        return flask.jsonify({"ok": True})

    app.add_url_rule("/_mock/clock", "mock_clock", clock, methods=["POST"])
    app.add_url_rule("/_mock/defects", "mock_defects", defects, methods=["GET", "POST"])
    app.add_url_rule("/_mock/reset", "mock_reset", reset, methods=["POST"])
