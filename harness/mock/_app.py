"""create_app: the mock as a Flask app, for a real server or httpx.WSGITransport in-process."""

from __future__ import annotations

import secrets

import flask
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.wrappers import Request
from itsdangerous import BadSignature

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
    app.config["MOCK_ISSUED_PREFIX"] = settings.issued_prefix
    if settings.issued_prefix:
        app.session_interface = _PrefixedSessions(f"{settings.issued_prefix}cookie-")
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


class _PrefixedSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with every cookie value after ``prefix`` (the
    ``issued_prefix`` test hook: a session cookie that carries a canary)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def open_session(self, app: flask.Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        value = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not value:
            return None if serializer is None else self.session_class()
        try:
            data = serializer.loads(value.removeprefix(self.prefix))
        except BadSignature:
            return self.session_class()
        return self.session_class(data)

    def save_session(
        self, app: flask.Flask, session: SessionMixin, response: flask.Response
    ) -> None:
        super().save_session(app, session, response)
        name = f"{self.get_cookie_name(app)}="
        cookies = response.headers.getlist("Set-Cookie")
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            if cookie.startswith(name) and not cookie.startswith(f"{name};"):
                cookie = name + self.prefix + cookie.removeprefix(name)
            response.headers.add("Set-Cookie", cookie)


def app_state(app: flask.Flask) -> MockState:
    """The MockState an app created by create_app works on."""
    ctx: MockContext = app.extensions[EXTENSION]
    return ctx.state
