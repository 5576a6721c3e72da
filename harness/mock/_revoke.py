"""POST /oauth2/revoke (RFC 7009) on Authlib's RevocationEndpoint; on unless settings say off.

The order of RFC 7009 §2.1 is written out here rather than left to Authlib: the client
authenticates, then the token must have been issued to that client, and only then is it revoked.
"""

from __future__ import annotations

from typing import Any

import flask
from authlib.consts import default_json_headers
from authlib.oauth2.rfc6749 import (
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    OAuth2Error,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint

from harness.mock._context import MockContext
from harness.mock._grants import TOKEN_AUTH_METHODS
from harness.mock._store import AccessRecord, RefreshRecord
from harness.mock._token import FORM, error_response, form_request

REVOKE_PATH = "/oauth2/revoke"
KNOWN_HINTS = ("access_token", "refresh_token")  # RFC 7009 §2.1 defines these two


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = TOKEN_AUTH_METHODS  # RFC 7009 §2.1: the client authenticates

    def create_endpoint_response(self, request: Any) -> tuple[int, dict[str, Any], Any]:
        defects = self.server.state.defects
        try:
            # RFC 7009 §2.1: "The authorization server first validates the client credentials".
            client = self.authenticate_endpoint_client(request)
        except InvalidClientError:
            if not defects.on("revocation-without-client-auth"):
                raise
            client = None  # the defect: anyone who presents a token may revoke it
        token = self.authenticate_token(request, client)
        if token is not None:
            self.revoke_token(token, request)
        # RFC 7009 §2.2: 200 when revoked, and also for an invalid (unknown) token.
        return 200, {}, default_json_headers

    def authenticate_token(self, request: Any, client: Any) -> AccessRecord | RefreshRecord | None:
        defects = self.server.state.defects
        self.check_params(request, client)
        token: AccessRecord | RefreshRecord | None = self.query_token(
            request.form["token"], request.form.get("token_type_hint")
        )
        if token is None:
            # RFC 7009 §2.2: "invalid tokens do not cause an error response".
            if defects.on("revocation-unknown-token-error"):
                raise InvalidRequestError("Unknown token")
            return None
        # RFC 7009 §2.1: the AS "verifies whether the token was issued to the client making the
        # revocation request. If this validation fails, the request is refused and the client is
        # informed of the error" (§2.2.1: RFC 6749 §5.2 format; invalid_grant, as §5.2 names a
        # grant "issued to another client").
        issued_to_client = client is None or token.check_client(client)
        if not issued_to_client and not defects.on("revocation-not-bound-to-client"):
            raise InvalidGrantError("The token was not issued to this client")
        return token

    def check_params(self, request: Any, client: Any) -> None:
        if "token" not in request.form:
            raise InvalidRequestError("Missing 'token'")  # RFC 7009 §2.1
        # An unknown token_type_hint is ignored: RFC 7009 §2.1 lets the AS search all types.

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        store = self.server.state.store
        # RFC 7009 §2.1: the hint only orders the search; "If the server is unable to locate the
        # token using the given hint, it MUST extend its search across all of its supported
        # token types".
        unknown_hint = token_type_hint is not None and token_type_hint not in KNOWN_HINTS
        if unknown_hint and self.server.state.defects.on("revocation-unknown-hint-skips-token"):
            return None
        if token_type_hint == "refresh_token":
            return store.refresh(token_string) or store.access(token_string)
        return store.access(token_string) or store.refresh(token_string)

    def revoke_token(self, token: AccessRecord | RefreshRecord, request: Any) -> None:
        store = self.server.state.store
        if isinstance(token, RefreshRecord):
            # RFC 7009 §2.1: revoking a refresh token SHOULD revoke the grant's access tokens.
            store.revoke_family(token.family)
        else:
            store.revoke_access(token)


def register(app: flask.Flask, ctx: MockContext) -> None:
    endpoint = Revocation(ctx.server)

    def revoke() -> flask.Response:
        request = form_request(ctx, REVOKE_PATH)
        try:
            if flask.request.mimetype != FORM:
                raise InvalidRequestError(f"The body must be {FORM}")  # RFC 7009 §2.1
            status, body, headers = endpoint.create_endpoint_response(request)
        except OAuth2Error as error:
            return error_response(error, ctx.state.defects, token_endpoint=False)
        return flask.Response(flask.json.dumps(body), status=status, headers=headers)

    app.add_url_rule(REVOKE_PATH, "revoke", revoke, methods=["POST"])
