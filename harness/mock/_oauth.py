"""The mock's Authlib AuthorizationServer: clients, client authentication, tokens, grants."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Any
from urllib.parse import unquote

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    InvalidClientError,
    InvalidRequestError,
)

from harness.mock._clients import ClientRegistry, MockClient
from harness.mock._errors import UnsupportedGrantTypeError
from harness.mock._grant_types import ClientCredentialsGrant, PasswordGrant
from harness.mock._grants import CodeGrant, RefreshGrant, access_token_ttl
from harness.mock._pkce import Pkce
from harness.mock._requests import MockRequest
from harness.mock._seed import GRANT_TYPES, UserSettings
from harness.mock._settings import MockSettings
from harness.mock._state import MockState
from harness.mock._store import new_secret


class MockAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """Authlib's server with the mock's policy; one per app, bound to one MockState."""

    def __init__(self, settings: MockSettings, state: MockState) -> None:
        super().__init__()
        self.settings = settings
        self.state = state
        self.issuer = settings.issuer
        self.clients = ClientRegistry(
            settings.clients, state, port_variance=settings.loopback_port_variance
        )
        self.pkce = Pkce()
        self.register_token_generator("default", self._generate_token)
        self.register_client_auth_method("client_secret_basic", _authenticate_basic)
        self.register_grant(CodeGrant, [self.pkce])
        self.register_grant(RefreshGrant)

    # -- Authlib hooks ------------------------------------------------------------------------
    def query_client(self, client_id: str | None) -> MockClient | None:
        return self.clients.get(client_id)

    def create_oauth2_request(self, request: MockRequest) -> MockRequest:
        return request

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        raise NotImplementedError("the mock's grants record their own tokens")

    def get_authorization_grant(self, request: MockRequest) -> CodeGrant:
        # response_type is checked inside the grant, after client_id and redirect_uri
        # (RFC 6749 §4.1.2.1: only then may an error be redirected).
        grant = CodeGrant(request, self)
        self.pkce(grant)
        return grant

    def get_token_grant(self, request: MockRequest) -> Any:
        grant_type = request.payload.grant_type
        if grant_type is None:
            raise InvalidRequestError("Missing 'grant_type'")  # RFC 6749 §4.1.3
        state = self.state
        # RFC 9700 §2.4: the password grant MUST NOT be used: off unless the settings enable it.
        if grant_type == "password" and (
            state.grant_enabled("password") or state.defects.on("unsupported-grant-accepted")
        ):
            return PasswordGrant(request, self)
        # RFC 6749 §4.4: client credentials, for confidential clients, when enabled (default).
        if grant_type == "client_credentials" and state.grant_enabled("client_credentials"):
            return ClientCredentialsGrant(request, self)
        for grant_cls, extensions in self._token_grants:
            if grant_cls.check_token_endpoint(request) and state.grant_enabled(grant_type):
                grant = grant_cls(request, self)
                for extension in extensions or ():
                    extension(grant)
                return grant
        # RFC 6749 §5.2: unsupported_grant_type names what the endpoint serves instead.
        served = [g for g in GRANT_TYPES if g != "implicit" and state.grant_enabled(g)]
        raise UnsupportedGrantTypeError(f"Supported: {', '.join(served)}")

    def authenticate_client(
        self, request: MockRequest, methods: list[str], endpoint: str = "token"
    ) -> MockClient:
        has_basic = request.headers.get("Authorization", "")[:6].lower() == "basic "
        has_secret = "client_secret" in request.payload.data
        # RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
        if has_basic and has_secret:
            raise InvalidRequestError("Use HTTP Basic or 'client_secret', not both")
        # RFC 6749 §2.3.1: the AS MUST support HTTP Basic (and the metadata advertises it).
        if has_basic and self.state.defects.on("basic-auth-refused"):
            raise InvalidClientError(status_code=401, description="Client authentication failed")
        if has_basic:
            # RFC 6749 §5.2: a client that tried HTTP Basic is judged by it alone; a failed
            # attempt is invalid_client (401), never a fallback to client_id alone ("none").
            methods = [m for m in methods if m == "client_secret_basic"]
        # RFC 6749 §3.2.1: confidential clients MUST authenticate.
        if not (has_basic or has_secret) and self.state.defects.on("client-auth-not-required"):
            unauthenticated = self.query_client(request.payload.client_id)
            if unauthenticated is not None:
                request.auth_method = "none"
                return unauthenticated
        try:
            client: MockClient = super().authenticate_client(request, methods, endpoint)
        except InvalidClientError:
            # RFC 6749 §5.2: invalid_client; 401 with a Basic challenge (see the token endpoint).
            raise InvalidClientError(
                status_code=401, description="Client authentication failed"
            ) from None
        return client

    # -- tokens -------------------------------------------------------------------------------
    def _generate_token(
        self,
        grant_type: str,
        client: MockClient,
        user: UserSettings | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        defects = self.state.defects
        # RFC 6749 §10.10: ≥128 bits of entropy (256 here); App. A.12: VSCHAR only.
        prefix = self.settings.issued_prefix
        token: dict[str, Any] = {"access_token": new_secret(prefix, "access")}
        if defects.on("short-access-tokens"):
            token["access_token"] = f"{secrets.randbelow(16**8):08x}"
        if defects.on("access-token-not-vschar"):
            token["access_token"] = f"{secrets.token_urlsafe(8)}\t{new_secret()}"
        token["token_type"] = "Bearer"  # RFC 6749 §5.1 + RFC 6750 §4
        if defects.on("token-type-not-bearer"):
            token["token_type"] = "mac"
        if not defects.on("expires-in-missing"):
            token["expires_in"] = access_token_ttl(self)  # RFC 6749 §5.1 RECOMMENDED
        if include_refresh_token:
            token["refresh_token"] = new_secret(prefix, "refresh")
        # RFC 6749 §5.1: always sent, so a narrowed grant is visible.
        silent = defects.on("unknown-scope-ignored-silently") or defects.on(
            "scope-narrowed-silently"
        )
        if scope and not silent:
            token["scope"] = scope
        return token


def _authenticate_basic(query_client: Any, request: MockRequest) -> MockClient | None:
    """client_secret_basic, tolerant of any header a client sends (RFC 6749 §2.3.1).

    The id and secret are form-urlencoded before Basic encoding, so ``:``, ``%`` and ``+``
    in a secret survive.
    """
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    client: MockClient | None = query_client(unquote(client_id))
    if client is not None and client.check_client_secret(unquote(secret)):
        return client
    return None
