"""The authorization endpoint: validate, sign in, ask consent, redirect with a code or an error.

GET (or POST, RFC 6749 §3.1 MAY) /oauth2/authorize validates the request and shows the login
page, or the consent page once signed in. The forms POST to /oauth2/login and /oauth2/consent
with the authorization request in their query string; the request is validated again there.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import flask
from authlib.oauth2.rfc6749 import AccessDeniedError, InvalidRequestError, OAuth2Error

from harness.mock._context import MockContext
from harness.mock._grants import CodeGrant
from harness.mock._pages import consent_page, error_page, html, login_page
from harness.mock._requests import AUTHORIZE_PARAMS, MockRequest, add_query, encode_pairs
from harness.mock._requests import parse_pairs as _parse
from harness.mock._seed import UserSettings
from harness.mock._store import new_secret

AUTHORIZE_PATH = "/oauth2/authorize"


def register(app: flask.Flask, ctx: MockContext) -> None:
    def authorize() -> flask.Response:
        return _authorize(ctx)

    def login() -> flask.Response:
        return _login(ctx)

    def consent() -> flask.Response:
        return _consent(ctx)

    def no_cors(response: flask.Response) -> flask.Response:
        return _no_cors(ctx, response)

    app.add_url_rule(AUTHORIZE_PATH, "authorize", authorize, methods=["GET", "POST"])
    app.add_url_rule("/oauth2/login", "login", login, methods=["POST"])
    app.add_url_rule("/oauth2/consent", "consent", consent, methods=["POST"])
    app.after_request(no_cors)


def _no_cors(ctx: MockContext, response: flask.Response) -> flask.Response:
    """RFC 9700 §2.6: CORS MUST NOT be supported at the authorization endpoint (no
    Access-Control-* header, preflights included); the defects model app-wide CORS middleware."""
    if flask.request.path != AUTHORIZE_PATH:
        return response
    defects = ctx.state.defects
    origin = flask.request.headers.get("Origin")
    if defects.on("authorize-cors-wildcard"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif defects.on("authorize-cors-reflects-origin") and origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers.add("Vary", "Origin")
    return response


def _link(ctx: MockContext, path_and_query: str) -> str:
    """A URL of the mock in its pages and redirects: relative, so a Host or X-Forwarded-Host
    header a client sends cannot point it elsewhere (RFC 9700 §4.13, §4.11)."""
    if ctx.state.defects.on("host-header-links"):
        # As behind a proxy fix that trusts any forwarded header: the request's host wins.
        host = flask.request.headers.get("X-Forwarded-Host") or flask.request.host
        return f"{flask.request.scheme}://{host.split(',')[0].strip()}{path_and_query}"
    return path_and_query


def _auth_pairs(include_body: bool) -> list[tuple[str, str]]:
    pairs = _parse(flask.request.query_string)
    if include_body and flask.request.mimetype == "application/x-www-form-urlencoded":
        pairs += _parse(flask.request.get_data())
    # RFC 6749 §3.1: unrecognized parameters are ignored (and never carried along).
    return [(key, value) for key, value in pairs if key in AUTHORIZE_PARAMS]


def _unknown_params(request: flask.Request) -> bool:
    """The request carries a parameter the authorization endpoint does not know."""
    pairs = _parse(request.query_string)
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        pairs += _parse(request.get_data())
    return any(key not in AUTHORIZE_PARAMS for key, _value in pairs)


def _form() -> dict[str, str]:
    form: dict[str, str] = {}
    for key, value in _parse(flask.request.get_data()):
        form.setdefault(key, value)
    return form


def _validate(ctx: MockContext, pairs: list[tuple[str, str]], user: Any = None) -> CodeGrant:
    headers = dict(flask.request.headers)
    request = MockRequest(flask.request.method, ctx.url(AUTHORIZE_PATH), headers, pairs)
    grant: CodeGrant = ctx.server.get_consent_grant(request, end_user=user)
    return grant


def _authorize(ctx: MockContext) -> flask.Response:
    pairs = _auth_pairs(include_body=flask.request.method == "POST")
    if flask.request.method == "POST" and ctx.state.defects.on("post-authorize-unchecked"):
        early = _unchecked_post(ctx, pairs)
        if early is not None:
            return early
    if ctx.state.defects.on("error-before-redirect-check"):
        early = _unchecked_error(ctx, pairs) or _unchecked_pages(ctx, pairs)
        if early is not None:
            return early
    try:
        grant = _validate(ctx, pairs)
    except OAuth2Error as error:
        return _error(ctx, error, 302 if flask.request.method == "GET" else 303)
    if ctx.state.defects.on("unknown-params-rejected") and _unknown_params(flask.request):
        # RFC 6749 §3.1: unrecognized parameters MUST be ignored (the defect refuses them).
        refused = InvalidRequestError("Unknown parameter", redirect_uri=grant.redirect_uri)
        refused.state = grant.request.payload.state
        return _error(ctx, refused, 302 if flask.request.method == "GET" else 303)
    query = encode_pairs(pairs)
    client = grant.request.client
    client_name = client.settings.display_name
    user = _session_user(ctx)
    if user is None:
        failed = bool(flask.session.pop("login_error", False))
        action = _link(ctx, f"/oauth2/login?{query}")
        return html(login_page(client_name, action, _csrf_token(), failed))
    # RFC 6749 §10.2 + RFC 8252 §8.6: consent is asked every time; nothing is approved silently.
    if (
        ctx.state.defects.on("public-client-auto-approved")
        and client.is_public
        and ctx.state.store.consented(user.handle, client.get_client_id())
    ):
        return flask.redirect(grant.authorize(user), 302)  # type: ignore[return-value]
    token = _ticket(user) if ctx.state.defects.on("consent-replayable") else _csrf_token()
    action = _link(ctx, f"/oauth2/consent?{query}")
    page = consent_page(client_name, grant.request.scope, user.email, action, token)
    return html(page)


def _login(ctx: MockContext) -> flask.Response:
    query = encode_pairs(_auth_pairs(include_body=False))
    form = _form()
    # RFC 6749 §10.12: the login form is CSRF-protected too (no login CSRF).
    if not _csrf_ok(form.get("csrf_token")):
        return _csrf_failure()
    user = ctx.settings.user
    if _same(form.get("email", ""), user.email) & _same(form.get("password", ""), user.password):
        flask.session["user"] = user.email
        flask.session.pop("login_error", None)
    else:
        flask.session["login_error"] = True
    status = 303  # RFC 9700 §4.12: never 307 after a POST that carried credentials
    if ctx.state.defects.on("login-307"):
        status = 307
    location = _link(ctx, f"{AUTHORIZE_PATH}?{query}")
    return flask.redirect(location, status)  # type: ignore[return-value]


def _consent(ctx: MockContext) -> flask.Response:
    pairs = _auth_pairs(include_body=False)
    form = _form()
    if ctx.state.defects.on("consent-replayable"):
        # The form's token names the user instead of being bound to the browser's session:
        # whoever holds the POST can replay it from anywhere.
        if not _same(form.get("csrf_token", ""), _ticket(ctx.settings.user)):
            return _csrf_failure()
        flask.session["user"] = ctx.settings.user.email
    # RFC 6749 §10.12: the consent decision MUST be protected against CSRF.
    elif not _csrf_ok(form.get("csrf_token")) and not ctx.state.defects.on(
        "consent-csrf-unchecked"
    ):
        return _csrf_failure()
    user = _session_user(ctx)
    if user is None:  # not signed in (or the session expired): sign in first
        location = _link(ctx, f"{AUTHORIZE_PATH}?{encode_pairs(pairs)}")
        return flask.redirect(location, 303)  # type: ignore[return-value]
    decision = form.get("decision")
    if decision not in ("allow", "deny"):
        return html(error_page("invalid_request", "Missing 'decision'"), 400)
    if decision == "deny" and ctx.state.defects.on("error-before-redirect-check"):
        params = dict(pairs)
        return _unchecked_redirect(
            params.get("redirect_uri", ""), "access_denied", params.get("state"), 303
        )
    try:
        grant = _validate(ctx, pairs, user)
    except OAuth2Error as error:
        return _error(ctx, error, 303)
    if decision == "deny":  # RFC 6749 §4.1.2.1: access_denied, redirected with state
        denied = AccessDeniedError(redirect_uri=grant.redirect_uri)
        denied.state = grant.request.payload.state
        return _error(ctx, denied, 303)
    ctx.state.store.remember_consent(user.handle, grant.request.client.get_client_id())
    return flask.redirect(grant.authorize(user), 303)  # type: ignore[return-value]


def _error(ctx: MockContext, error: OAuth2Error, status: int) -> flask.Response:
    if not error.redirect_uri:
        # RFC 6749 §3.1.2.4 + §4.1.2.1: bad client or redirect URI → tell the user, no redirect.
        return html(error_page(error.error, error.description or ""), 400)
    defects = ctx.state.defects
    params = [("error", error.error)]  # RFC 6749 §4.1.2.1
    if error.description:
        params.append(("error_description", error.description))
    raw_state = None
    if error.state is not None and not defects.on("error-redirect-drops-state"):
        if defects.on("error-state-unencoded"):
            raw_state = error.state  # appended below as received, not form-encoded
        else:
            # RFC 6749 §4.1.2.1: the exact value received, form-encoded (Appendix B).
            params.append(("state", error.state))
    # RFC 9207 §2: error responses carry iss too, whichever error it is.
    request_error = not isinstance(error, AccessDeniedError)
    if not defects.on("iss-missing") and not (
        request_error and defects.on("request-error-iss-missing")
    ):
        params.append(("iss", ctx.issuer))
    if defects.on("error-redirect-carries-code"):
        params.append(("code", secrets.token_urlsafe(32)))
    # RFC 6749 §4.1.2.1: "adding the following parameters to the query component".
    if defects.on("error-in-fragment"):
        location = error.redirect_uri.partition("#")[0] + "#" + encode_pairs(params)
    else:
        location = add_query(error.redirect_uri, params)
    if raw_state is not None:
        location += "&state=" + raw_state
    return flask.redirect(location, status)  # type: ignore[return-value]


def _unchecked_error(ctx: MockContext, pairs: list[tuple[str, str]]) -> flask.Response | None:
    """The defect: request errors go to whatever redirect_uri was sent, before it is checked
    (the order RFC 6749 §4.1.2.1 forbids: client and redirect URI first)."""
    params = dict(pairs)
    redirect_uri = params.get("redirect_uri")
    client = ctx.server.clients.get(params.get("client_id"))
    if not redirect_uri or client is None:
        return None
    method = params.get("code_challenge_method", "S256" if params.get("code_challenge") else "")
    if params.get("response_type") != "code":
        error = "unsupported_response_type"
    elif client.get_allowed_scope(params.get("scope")) is None:
        error = "invalid_scope"
    elif method not in ("", "S256") or (client.is_public and not params.get("code_challenge")):
        error = "invalid_request"
    else:
        return None
    return _unchecked_redirect(redirect_uri, error, params.get("state"), 302)


def _unchecked_post(ctx: MockContext, pairs: list[tuple[str, str]]) -> flask.Response | None:
    """The defect: the POST form of the endpoint skips the redirect URI check that GET makes,
    and sends its error to whatever redirect_uri came in the body."""
    params = dict(pairs)
    client = ctx.server.clients.get(params.get("client_id"))
    uri = params.get("redirect_uri", "")
    if client is None or not uri or client.check_redirect_uri(uri):
        return None
    return _unchecked_redirect(uri, "invalid_request", params.get("state"), 303)


def _unchecked_redirect(uri: str, error: str, state: str | None, status: int) -> flask.Response:
    extra = [("state", state)] if state else []
    return flask.redirect(add_query(uri, [("error", error), *extra]), status)  # type: ignore[return-value]


def _unchecked_pages(ctx: MockContext, pairs: list[tuple[str, str]]) -> flask.Response | None:
    """The defect: a known client's pages are shown whatever its redirect_uri (checked only
    when a code is issued), so a denial is redirected to an unchecked URI."""
    params = dict(pairs)
    client = ctx.server.clients.get(params.get("client_id"))
    if client is None or client.check_redirect_uri(params.get("redirect_uri", "")):
        return None
    query = encode_pairs(pairs)
    user = _session_user(ctx)
    name = client.settings.display_name
    if user is None:
        return html(login_page(name, f"/oauth2/login?{query}", _csrf_token(), False))
    scope = params.get("scope", "")
    return html(consent_page(name, scope, user.email, f"/oauth2/consent?{query}", _csrf_token()))


def _session_user(ctx: MockContext) -> UserSettings | None:
    user = ctx.settings.user
    return user if flask.session.get("user") == user.email else None


def _csrf_token() -> str:
    token = flask.session.get("csrf")
    if not isinstance(token, str):
        token = new_secret(flask.current_app.config["MOCK_ISSUED_PREFIX"], "csrf")
        flask.session["csrf"] = token
    return token


def _ticket(user: UserSettings) -> str:
    """The consent-replayable defect's token: derived from the user alone, not the session."""
    key = str(flask.current_app.secret_key).encode()
    return hmac.new(key, user.email.encode(), "sha256").hexdigest()


def _csrf_ok(sent: str | None) -> bool:
    expected = flask.session.get("csrf")
    return isinstance(expected, str) and sent is not None and _same(sent, expected)


def _same(sent: str, expected: str) -> bool:
    return hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), expected.encode())


def _csrf_failure() -> flask.Response:
    return html(error_page("invalid_request", "The form's CSRF token is missing or wrong"), 400)
