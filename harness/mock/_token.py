"""POST /oauth2/token: authorization_code and refresh_token grants, RFC 6749 §5 responses."""

from __future__ import annotations

import json
import re
from typing import Any

import flask
from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error

from harness.mock._context import MockContext
from harness.mock._requests import MockRequest, parse_pairs
from harness.mock._seed import REALM
from harness.mock._state import DefectSet

TOKEN_PATH = "/oauth2/token"
FORM = "application/x-www-form-urlencoded"
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


def register(app: flask.Flask, ctx: MockContext) -> None:
    def token() -> flask.Response:
        return token_endpoint(ctx)

    app.add_url_rule(TOKEN_PATH, "token", token, methods=["POST"])  # RFC 6749 §3.2: POST only


def form_request(ctx: MockContext, path: str) -> MockRequest:
    """The request's form body only: credentials in the URI query are ignored (RFC 6749 §2.3.1)."""
    pairs = parse_pairs(flask.request.get_data()) if flask.request.mimetype == FORM else []
    return MockRequest("POST", ctx.url(path), flask.request.headers, pairs)


def token_endpoint(ctx: MockContext) -> flask.Response:
    defects = ctx.state.defects
    request = form_request(ctx, TOKEN_PATH)
    try:
        # RFC 6749 §4.1.3 + Appendix B: parameters come form-encoded in the body.
        if flask.request.mimetype != FORM:
            raise InvalidRequestError(f"The body must be {FORM}")
        repeated = request.payload.repeated()
        # RFC 6749 §3.2: parameters MUST NOT be included more than once.
        if repeated and not defects.on("duplicate-params-accepted"):
            raise InvalidRequestError(f"Repeated {_quoted(repeated)}")
        grant = ctx.server.get_token_grant(request)
        grant.validate_token_request()
        _, body, _ = grant.create_token_response()
    except OAuth2Error as error:
        return error_response(error, defects)
    headers = {"Content-Type": "application/json"}  # RFC 6749 §5.1
    if defects.on("token-response-not-json"):
        headers["Content-Type"] = "text/plain; charset=utf-8"
    return _response(200, body, headers, defects)


def _quoted(name: str) -> str:
    """A client-chosen parameter name, only if safe for error_description (RFC 6749 §5.2)."""
    return f"'{name}'" if _NAME.fullmatch(name) else "parameter"


def error_response(
    error: OAuth2Error, defects: DefectSet, *, token_endpoint: bool = True
) -> flask.Response:
    """RFC 6749 §5.2 error JSON; the token-endpoint defects apply only when token_endpoint."""
    code: str = error.error
    status = 400  # RFC 6749 §5.2: 400 unless specified otherwise
    headers = {"Content-Type": "application/json"}
    if code == "invalid_client":
        status = 401  # RFC 6749 §5.2: MAY be 401; MUST be after a failed HTTP Basic attempt
        # RFC 6749 §5.2: a 401 carries WWW-Authenticate matching the scheme (RFC 7235 §3.1).
        if not (token_endpoint and defects.on("basic-auth-no-challenge")):
            headers["WWW-Authenticate"] = f'Basic realm="{REALM}"'
    if token_endpoint and defects.on("wrong-error-code") and code != "invalid_request":
        code = "invalid_request"
    if token_endpoint and defects.on("errors-as-200"):
        status = 200
    body = {"error": code}
    if error.description:
        body["error_description"] = error.description
    return _response(status, body, headers, defects if token_endpoint else None)


def _response(
    status: int, body: dict[str, Any], headers: dict[str, str], defects: DefectSet | None
) -> flask.Response:
    # RFC 6749 §5.1: token responses MUST NOT be cached.
    if defects is None or not defects.on("no-cache-headers"):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return flask.Response(json.dumps(body), status=status, headers=headers)
