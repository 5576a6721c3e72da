"""POST /oauth2/token: authorization_code and refresh_token grants, RFC 6749 §5 responses."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

import flask
from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error

from harness.mock._context import MockContext
from harness.mock._requests import MockRequest, parse_pairs
from harness.mock._seed import REALM
from harness.mock._state import DefectSet

TOKEN_PATH = "/oauth2/token"
FORM = "application/x-www-form-urlencoded"
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,64}")


# Every parameter a token request of the mock's grants may carry; any other is ignored.
TOKEN_PARAMS = frozenset(
    {
        "grant_type",
        "code",
        "redirect_uri",
        "code_verifier",
        "refresh_token",
        "scope",
        "client_id",
        "client_secret",
        "username",
        "password",
    }
)


def register(app: flask.Flask, ctx: MockContext) -> None:
    def token() -> flask.Response:
        if flask.request.method != "POST":
            # RFC 6749 §3.2: "The client MUST use the HTTP POST method".
            if not ctx.state.defects.on("token-get-accepted"):
                flask.abort(405, valid_methods=["POST"])
            return token_endpoint(ctx, from_query=True)
        return token_endpoint(ctx)

    app.add_url_rule(TOKEN_PATH, "token", token, methods=["POST", "GET"])


def form_request(ctx: MockContext, path: str) -> MockRequest:
    """The request's form body only: credentials in the URI query are ignored (RFC 6749 §2.3.1)."""
    pairs = parse_pairs(flask.request.get_data()) if flask.request.mimetype == FORM else []
    return MockRequest("POST", ctx.url(path), flask.request.headers, pairs)


def _token_request(ctx: MockContext, *, from_query: bool) -> MockRequest:
    """The form body's parameters; the URI query is read only by the defects."""
    defects = ctx.state.defects
    if defects.on("malformed-body-500"):
        # The defect: a strict decoder; a body that is not UTF-8 raises (HTTP 500).
        parse_qsl(flask.request.get_data().decode("utf-8"), errors="strict")
    if from_query:  # only under token-get-accepted
        # Handled as if POSTed (Authlib only knows POST at the token endpoint).
        return MockRequest("POST", ctx.url(TOKEN_PATH), flask.request.headers, _query_pairs())
    request = form_request(ctx, TOKEN_PATH)
    # RFC 6749 §2.3.1: client credentials MUST NOT be included in the request URI.
    if defects.on("client-credentials-in-query"):
        credentials = [(k, v) for k, v in _query_pairs() if k in ("client_id", "client_secret")]
        request = MockRequest(
            "POST", request.uri, flask.request.headers, request.sent + tuple(credentials)
        )
    return request


def _query_pairs() -> list[tuple[str, str]]:
    return parse_pairs(flask.request.query_string)


def token_endpoint(ctx: MockContext, *, from_query: bool = False) -> flask.Response:
    defects = ctx.state.defects
    request = _token_request(ctx, from_query=from_query)
    try:
        # RFC 6749 §4.1.3 + Appendix B: parameters come form-encoded in the body.
        if flask.request.mimetype != FORM and not from_query:
            raise InvalidRequestError(f"The body must be {FORM}")
        repeated = request.payload.repeated()
        # RFC 6749 §3.2: parameters MUST NOT be included more than once.
        if repeated and not defects.on("duplicate-params-accepted"):
            raise InvalidRequestError(f"Repeated {_quoted(repeated)}")
        unknown = sorted(set(request.payload.data) - TOKEN_PARAMS)
        # RFC 6749 §3.2: "The authorization server MUST ignore unrecognized request parameters."
        if unknown and defects.on("unknown-token-params-rejected"):
            raise InvalidRequestError(f"Unknown {_quoted(unknown[0])}")
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
