"""The protected resource: a few Taskade API v1 reads, /oauth2/ping and a scoped write probe.

Taskade's shapes: ``{"ok": true, "items": [...]}`` on success and the ``{"ok": false, "message",
"code", "statusMessage"}`` envelope on errors; ``x-rate-limit-*`` headers on every response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import flask
from authlib.oauth2.rfc6749 import OAuth2Error
from authlib.oauth2.rfc6750 import InvalidTokenError

from harness.mock._bearer import (
    BodyKind,
    BodyToken,
    MockResourceProtector,
    ServerFaultError,
    challenge,
)
from harness.mock._context import MockContext
from harness.mock._errors import envelope
from harness.mock._requests import MockRequest, parse_pairs
from harness.mock._seed import PROJECTS, WORKSPACES
from harness.mock._store import AccessRecord

Handler = Callable[[AccessRecord, dict[str, str]], tuple[int, dict[str, Any]]]


class BadParameterError(Exception):
    """A query parameter the API cannot use; answered 400 BAD_REQUEST naming it."""


def register(app: flask.Flask, ctx: MockContext) -> None:
    protector = MockResourceProtector(ctx.state)

    def route(
        path: str, handler: Handler, scope: str | None = None, methods: tuple[str, ...] = ("GET",)
    ) -> None:
        def view() -> flask.Response:
            return _serve(ctx, protector, handler, scope)

        app.add_url_rule(path, path, view, methods=list(methods))

    route("/api/v1/workspaces", _workspaces)
    route("/api/v1/me/projects", _projects)
    route("/api/v1/write-probe", _write_probe, scope="write")
    # POST as well: a request with a body, where a form-encoded token may travel (RFC 6750 §2.2).
    # Who the token acts for: the user's handle, or null and the client for a client
    # credentials token (the client acts on its own behalf, RFC 6749 §4.4).
    route("/oauth2/ping", _ping, methods=("GET", "POST"))


def _json(status: int, body: dict[str, Any], headers: list[tuple[str, str]]) -> flask.Response:
    return flask.Response(json.dumps(body), status, headers, mimetype="application/json")


def _serve(
    ctx: MockContext, protector: MockResourceProtector, handler: Handler, scope: str | None
) -> flask.Response:
    settings = ctx.settings
    pairs = parse_pairs(flask.request.query_string)
    auth = flask.request.headers.get("Authorization") or dict(pairs).get("access_token")
    key = (
        "token:" + hashlib.sha256(auth.encode("utf-8", "surrogateescape")).hexdigest()
        if auth
        else f"addr:{flask.request.remote_addr}"
    )
    rate = ctx.state.rate_limiter.hit(key, settings.rate_limit, settings.rate_window)
    headers = rate.headers()
    if not rate.allowed:  # Taskade: 429 TOO_MANY_REQUESTS with Retry-After
        return _json(429, envelope(429), headers)
    method = flask.request.method
    request = MockRequest(method, ctx.url(flask.request.path), flask.request.headers, pairs)
    request.body_token = _body_token(flask.request)
    try:
        token: AccessRecord = protector.validate_request([scope] if scope else None, request)
        # RFC 6749 §4.4: a client credentials token (no resource owner) is a valid token too.
        if not token.user and ctx.state.defects.on("client-credentials-token-unusable"):
            raise InvalidTokenError("The access token has no resource owner")
    except ServerFaultError:
        return _json(500, envelope(500), headers)
    except OAuth2Error as error:
        status, header = challenge(error, settings, ctx.state)
        if header is not None:
            headers.append(("WWW-Authenticate", header))
        if ctx.state.defects.on("api-failure-shape-changed"):
            return _json(status, {"error": "unauthorized"}, headers)
        return _json(status, envelope(status), headers)
    try:
        status, body = handler(token, dict(pairs))
    except BadParameterError as problem:
        return _json(400, envelope(400) | {"message": str(problem)}, headers)
    # RFC 6750 §2.3 / §5: responses to token-authenticated requests are not cached by others.
    headers.append(("Cache-Control", "private, no-store"))
    return _json(status, body, headers)


def _body_token(request: flask.Request) -> BodyToken | None:
    """An ``access_token`` in the body, by encoding; the protector decides whether it counts."""
    kind: BodyKind
    if request.mimetype == "application/x-www-form-urlencoded":
        kind, value = "form", dict(parse_pairs(request.get_data())).get("access_token")
    elif request.mimetype == "multipart/form-data":
        kind, value = "multipart", request.form.get("access_token")
    elif request.mimetype == "application/json":
        document = request.get_json(silent=True)
        found = document.get("access_token") if isinstance(document, dict) else None
        kind, value = "json", found if isinstance(found, str) else None
    else:
        return None
    return BodyToken(kind, request.method, value) if value else None


def _ping(token: AccessRecord, args: dict[str, str]) -> tuple[int, dict[str, Any]]:
    if not token.user:
        return 200, {"handle": None, "client_id": token.client_id}
    return 200, {"handle": token.user}


def _workspaces(token: AccessRecord, args: dict[str, str]) -> tuple[int, dict[str, Any]]:
    return 200, {"ok": True, "items": [w.json() for w in WORKSPACES]}


def _integer(args: dict[str, str], name: str, default: int, high: int) -> int:
    raw = args.get(name) or str(default)
    # ASCII only: str.isdigit() also accepts "²", which int() refuses (that was a 500).
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= high:
        raise BadParameterError(f"Invalid '{name}': expected an integer from 1 to {high}")
    return int(raw)


def _projects(token: AccessRecord, args: dict[str, str]) -> tuple[int, dict[str, Any]]:
    limit = _integer(args, "limit", 100, 100)
    page = _integer(args, "page", 1, 10_000)
    sort = args.get("sort") or "viewed-desc"
    if sort not in ("viewed-desc", "viewed-asc"):
        raise BadParameterError("Invalid 'sort': expected viewed-asc or viewed-desc")
    ordered = sorted(PROJECTS, key=lambda p: p.viewed_rank, reverse=sort == "viewed-asc")
    chosen = ordered[(page - 1) * limit : page * limit]
    return 200, {"ok": True, "items": [p.json() for p in chosen]}


def _write_probe(token: AccessRecord, args: dict[str, str]) -> tuple[int, dict[str, Any]]:
    return 200, {"ok": True, "item": {"scope": token.scope}}
