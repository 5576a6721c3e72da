"""POST /oauth2/revoke (RFC 7009) on Authlib's RevocationEndpoint; on unless settings say off."""

from __future__ import annotations

from typing import Any

import flask
from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc7009 import RevocationEndpoint

from harness.mock._context import MockContext
from harness.mock._grants import TOKEN_AUTH_METHODS
from harness.mock._store import AccessRecord, RefreshRecord
from harness.mock._token import FORM, error_response, form_request

REVOKE_PATH = "/oauth2/revoke"


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = TOKEN_AUTH_METHODS  # RFC 7009 §2.1: the client authenticates

    def check_params(self, request: Any, client: Any) -> None:
        if "token" not in request.form:
            raise InvalidRequestError("Missing 'token'")  # RFC 7009 §2.1
        # An unknown token_type_hint is ignored: RFC 7009 §2.1 lets the AS search all types.

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        store = self.server.state.store
        # RFC 7009 §2.1: the hint only orders the search.
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
            # RFC 7009 §2.2: 200 also for unknown tokens; a token of another client → error.
            status, body, headers = endpoint.create_endpoint_response(request)
        except OAuth2Error as error:
            return error_response(error, ctx.state.defects, token_endpoint=False)
        return flask.Response(flask.json.dumps(body), status=status, headers=headers)

    app.add_url_rule(REVOKE_PATH, "revoke", revoke, methods=["POST"])
