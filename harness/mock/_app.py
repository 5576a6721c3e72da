"""create_app: the mock as a Flask app, for a real server or httpx.WSGITransport in-process."""

from __future__ import annotations

import secrets

import flask

from harness.mock import _api, _authorize, _control, _metadata, _revoke, _token
from harness.mock._context import MockContext
from harness.mock._oauth import MockAuthorizationServer
from harness.mock._pages import harden
from harness.mock._settings import MockSettings
from harness.mock._state import MockState

EXTENSION = "harness.mock"


def create_app(settings: MockSettings, state: MockState | None = None) -> flask.Flask:
    """A fresh app over ``state`` (a new MockState with settings.defects if None).

    In-process: ``httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)``.
    """
    if state is None:
        state = MockState(settings.defects, settings.grant_types)
    app = flask.Flask(EXTENSION)
    app.secret_key = secrets.token_bytes(32)  # per instance: sessions die with the app
    app.config.update(
        SESSION_COOKIE_NAME="mock_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.issuer.startswith("https:"),
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    ctx = MockContext(settings, state, MockAuthorizationServer(settings, state))
    app.extensions[EXTENSION] = ctx
    for module in (_authorize, _token, _api, _metadata):
        module.register(app, ctx)
    if settings.revocation_enabled:
        _revoke.register(app, ctx)
    if settings.control:
        _control.register(app, ctx)

    def after(response: flask.Response) -> flask.Response:
        return harden(response, state.defects)

    app.after_request(after)
    return app


def app_state(app: flask.Flask) -> MockState:
    """The MockState an app created by create_app works on."""
    ctx: MockContext = app.extensions[EXTENSION]
    return ctx.state
