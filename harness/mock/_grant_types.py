"""The token-endpoint grants beside the code flow: client credentials (RFC 6749 §4.4, on by
default) and resource owner password credentials (RFC 6749 §4.3, off: RFC 9700 §2.4)."""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from authlib.oauth2.rfc6749 import (
    ClientCredentialsGrant as AuthlibClientCredentialsGrant,
)
from authlib.oauth2.rfc6749 import (
    InvalidClientError,
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    ResourceOwnerPasswordCredentialsGrant,
    UnauthorizedClientError,
)

from harness.mock._grants import TOKEN_AUTH_METHODS, _MockGrant, access_token_ttl

if TYPE_CHECKING:
    from harness.mock._clients import MockClient
    from harness.mock._oauth import MockAuthorizationServer
    from harness.mock._requests import MockRequest

NO_USER = ""  # the store's user for a token issued to a client on its own behalf (RFC 6749 §4.4)


def claimed_client(server: MockAuthorizationServer, request: MockRequest) -> MockClient | None:
    """The client a request names (``client_id``, else the HTTP Basic user name), without
    checking any secret: what the authentication defects trust."""
    named = request.payload.client_id
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if named is None and scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        named = unquote(decoded.partition(":")[0])
    return server.query_client(named)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode())


class ClientCredentialsGrant(_MockGrant, AuthlibClientCredentialsGrant):  # type: ignore[misc]
    """RFC 6749 §4.4 for confidential clients: no refresh token, the client's own scopes."""

    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS

    def validate_token_request(self) -> None:
        request, server = self.request, self.server
        defects = server.state.defects
        client = None
        if defects.on("client-credentials-auth-unchecked"):
            client = claimed_client(server, request)
        # RFC 6749 §4.4.2: "The authorization server MUST authenticate the client."
        client = client or self.authenticate_token_endpoint_client()
        # RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential
        # clients"; a public client is refused with unauthorized_client (§5.2).
        if client.is_public and not defects.on("client-credentials-public-client"):
            raise UnauthorizedClientError("Public clients may not use client_credentials")
        request.client = client
        request.scope = self._granted_scope(client)

    def _granted_scope(self, client: MockClient) -> str:
        requested = self.request.payload.scope
        if requested and self.server.state.defects.on("client-credentials-scope-unlimited"):
            return str(requested)
        # RFC 6749 §3.3 + RFC 9700 §2.3: only scopes the client is registered for.
        scope = client.get_allowed_scope(requested)
        if scope is None:
            raise InvalidScopeError("Unknown 'scope' value")
        return scope

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        request, server = self.request, self.server
        state = server.state
        # RFC 6749 §4.4.3: "A refresh token SHOULD NOT be included."
        refresh = state.defects.on("client-credentials-refresh-token")
        token = self.generate_token(user=None, scope=request.scope, include_refresh_token=refresh)
        now = state.clock.now()
        state.store.issue(
            token,
            client_id=request.client.get_client_id(),
            user=NO_USER,  # the client acts on its own behalf: no resource owner
            access_scope=request.scope,
            refresh_scope=request.scope,
            access_expires_at=now + access_token_ttl(server),
            refresh_expires_at=now + server.settings.refresh_token_ttl,
        )
        return 200, token, []


class PasswordGrant(_MockGrant, ResourceOwnerPasswordCredentialsGrant):  # type: ignore[misc]
    """ROPC: only when enabled (grant_types), or under the ``unsupported-grant-accepted``
    defect; RFC 9700 §2.4 says it MUST NOT be used."""

    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS

    def validate_token_request(self) -> None:
        request, server = self.request, self.server
        defects, user = server.state.defects, server.settings.user
        client = None
        if defects.on("password-client-auth-unchecked"):
            client = claimed_client(server, request)
        # RFC 6749 §4.3.2: a confidential client MUST authenticate (§3.2.1).
        client = client or self.authenticate_token_endpoint_client()
        username, password = request.form.get("username"), request.form.get("password")
        if username is None or password is None:
            raise InvalidRequestError("Missing 'username' or 'password'")  # RFC 6749 §4.3.2
        known, right = _same(username, user.email), _same(password, user.password)
        if not (known and right):
            if defects.on("password-bad-credentials-invalid-client"):
                raise InvalidClientError(status_code=401, description="Authentication failed")
            if defects.on("password-user-enumeration"):
                raise InvalidGrantError("Wrong password" if known else "Unknown user")
            # RFC 6749 §5.2: invalid_grant; one answer for an unknown user and a wrong password,
            # so the endpoint tells a brute-force attacker nothing (RFC 6749 §4.3.2).
            raise InvalidGrantError("Invalid 'username' or 'password'")
        scope = client.get_allowed_scope(request.payload.scope)
        if scope is None:
            raise InvalidScopeError("Unknown 'scope' value")
        request.client, request.user, request.scope = client, user, scope

    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        request = self.request
        scope = request.scope
        refresh = request.client.check_grant_type("refresh_token")
        token = self.generate_token(user=request.user, scope=scope, include_refresh_token=refresh)
        self._issue(token, access_scope=scope, refresh_scope=scope)
        return 200, token, []
