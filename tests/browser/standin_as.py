"""A tiny login + consent server with the mock's selectors, so the browser layer is testable alone.

Not an OAuth server: just enough pages and redirects to exercise the driver (login, optional
TOTP, consent, error page, redirects, a hanging POST, a JS-rendered form, outside references).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode, urlsplit

from flask import Flask, redirect, request, session
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Response

from harness.browser import totp

CLIENT_ID = "client-one.client.test"
EMAIL = "user@example.com"
PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
HARDENING = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


@dataclass
class Knobs:
    """Per-test behaviour; ``reset()`` restores the well-behaved defaults."""

    login_status: int = 303
    require_totp: bool = False
    accept_any_redirect: bool = False
    outside_font: bool = False
    auto_approve: bool = False  # a first-party client: no consent page
    split_login: bool = False  # the identifier first, then the password on its own page
    decisions: int = 0  # consent POSTs the server received
    release: threading.Event = field(default_factory=threading.Event)

    def reset(self) -> None:
        self.release.set()  # let any hanging request finish
        fresh = Knobs()
        names = ("login_status", "require_totp", "accept_any_redirect", "outside_font")
        for name in (*names, "auto_approve", "split_login", "decisions"):
            setattr(self, name, getattr(fresh, name))
        self.release = threading.Event()


def _page(title: str, body: str, knobs: Knobs, status: int = 200) -> Response:
    font = "<link rel=stylesheet href='https://fonts.example.com/font.css'>"
    head = f"<title>{title}</title><link rel='icon' href='data:,'>"
    html = f"<!doctype html><html><head>{head}{font if knobs.outside_font else ''}</head>"
    response = Response(f"{html}<body>{body}</body></html>", status, mimetype="text/html")
    response.headers.update(HARDENING)
    return response


def _redirect_ok(uri: str, knobs: Knobs) -> bool:
    if knobs.accept_any_redirect:
        return True
    parts = urlsplit(uri)  # loopback: any port (RFC 8252 §7.3)
    return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.path == "/callback"


def create_app(knobs: Knobs) -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(16)

    def error_page(code: str) -> Response:
        return _page("error", f"<p id='error'>{code}</p>", knobs, 400)

    @app.get("/authorize")
    def authorize() -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID:
            return error_page("invalid_client")
        if not _redirect_ok(args.get("redirect_uri", ""), knobs):
            return error_page("invalid_request")
        if not session.get("user"):
            return redirect("/login?" + urlencode({"next": request.full_path}), 303)
        if knobs.auto_approve:
            params = {"code": secrets.token_urlsafe(8), "state": args.get("state", "")}
            return redirect(f"{args['redirect_uri']}?{urlencode(params)}", 303)
        hidden = "".join(
            f"<input type=hidden name='{escape(k)}' value='{escape(v)}'>" for k, v in args.items()
        )
        form = (
            f"<form id='consent' method='post' action='/authorize'>{hidden}"
            "<button type='submit' name='decision' value='allow'>Allow</button>"
            "<button type='submit' name='decision' value='deny'>Deny</button></form>"
        )
        return _page("consent", form, knobs)

    @app.post("/authorize")
    def decide() -> Response:
        knobs.decisions += 1
        form = request.form
        if not session.get("user") or not _redirect_ok(form.get("redirect_uri", ""), knobs):
            return error_page("invalid_request")
        if form.get("decision") == "allow":
            params = {"code": secrets.token_urlsafe(8), "state": form.get("state", "")}
        else:
            params = {"error": "access_denied", "state": form.get("state", "")}
        return redirect(f"{form['redirect_uri']}?{urlencode(params)}", 303)

    def login_form(note: str = "") -> Response:
        if knobs.split_login and not session.get("identifier"):
            return _page(
                "sign in",
                f"<p>{note}</p><form id='identify' method='post' "
                f"action='{escape(request.full_path)}'><input name='email'>"
                "<button type='submit'>Next</button></form>",
                knobs,
            )
        if knobs.split_login:
            return _page(
                "password",
                f"<p>{note}</p><form id='secret' method='post' "
                f"action='{escape(request.full_path)}'><input name='password' type='password'>"
                "<button type='submit'>Sign in</button></form>",
                knobs,
            )
        return _page(
            "login",
            f"<p>{note}</p><form id='login' method='post' action='{escape(request.full_path)}'>"
            "<input name='email'><input name='password' type='password'>"
            "<button type='submit'>Sign in</button></form>",
            knobs,
        )

    @app.get("/login")
    def login() -> Response:
        return login_form()

    @app.post("/login")
    def do_login() -> Response:
        if knobs.split_login and "email" in request.form:
            if request.form["email"] != EMAIL:
                return login_form("unknown account")
            session["identifier"] = EMAIL
            return redirect(request.full_path, 303)
        if knobs.split_login:
            if session.get("identifier") != EMAIL or request.form.get("password") != PASSWORD:
                return login_form("wrong password")
            session["user"] = EMAIL
            return redirect(request.args.get("next", "/"), 303)
        if request.form.get("email") != EMAIL or request.form.get("password") != PASSWORD:
            return login_form("wrong email or password")
        target = request.args.get("next", "/")
        if knobs.require_totp:
            session["pending"] = EMAIL
            return redirect("/otp?" + urlencode({"next": target}), 303)
        session["user"] = EMAIL
        return redirect(target, knobs.login_status)

    @app.route("/otp", methods=["GET", "POST"])
    def otp() -> Response:
        if request.method == "POST" and session.get("pending"):
            if request.form.get("otp") == totp(TOTP_SECRET):
                session["user"] = session.pop("pending")
                return redirect(request.args.get("next", "/"), 303)
            return error_page("bad_totp")
        return _page(
            "otp",
            f"<form id='otp' method='post' action='{escape(request.full_path)}'>"
            "<input name='otp' autocomplete='one-time-code'><button type='submit'>Verify</button>"
            "</form>",
            knobs,
        )

    @app.get("/spa-login")
    def spa_login() -> Response:
        # The form appears only after script runs, like a single-page app's login.
        script = (
            "setTimeout(() => { document.body.innerHTML = \"<form id='login' method='post' "
            "action='/hang'><input name='email'><input name='password'>"
            "<button type='submit'>go</button></form>\" }, 50)"
        )
        return _page("spa", f"<p>loading</p><script>{script}</script>", knobs)

    @app.post("/hang")
    def hang() -> Response:
        knobs.release.wait(timeout=30)  # held until the test resets the knobs
        return _page("late", "<p>late</p>", knobs)

    @app.get("/nowhere")
    def nowhere() -> Response:
        return _page("nothing", "<p>nothing the script knows</p>", knobs)

    @app.get("/bounce")
    def bounce() -> Response:
        return redirect(request.args["to"], 302)

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # request lines carry codes and state; the tests need no access log


class StandIn:
    """The app on a real threaded server at 127.0.0.1 (port 0)."""

    def __init__(self) -> None:
        self.knobs = Knobs()
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, create_app(self.knobs), threaded=True, request_handler=_QuietHandler
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.knobs.release.set()
        self._server.shutdown()
        self._server.server_close()

    def authorize_url(self, redirect_uri: str, state: str = "st-123", **extra: str) -> str:
        params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect_uri}
        return f"{self.base_url}/authorize?{urlencode({**params, 'state': state, **extra})}"
