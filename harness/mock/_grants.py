"""The authorization-code and refresh-token grants (Authlib grants, the mock's rules)."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import (
    AuthorizationCodeGrant,
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    RefreshTokenGrant,
)
from authlib.oauth2.rfc6749.hooks import hooked

from harness.mock._errors import UnsupportedResponseTypeError
from harness.mock._requests import AUTHORIZE_PARAMS, add_query, encode_pairs
from harness.mock._store import CodeRecord, RefreshRecord, new_secret

if TYPE_CHECKING:
    from harness.mock._clients import MockClient
    from harness.mock._oauth import MockAuthorizationServer
    from harness.mock._seed import UserSettings

TOKEN_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]
RACE_WINDOW_S = 0.05  # the race defects' gap between checking and claiming a code or token
USED_MARKER_TTL_S = 10.0  # code-used-marker-expires: how long a used code is remembered
LONG_ACCESS_TTL_S = 86400  # long-lived-access-tokens
MAX_CODE_LENGTH = 255  # forged-code-500: the column a code is looked up in


def access_token_ttl(server: MockAuthorizationServer) -> int:
    """Seconds an access token lives (the settings' value; a day under the defect)."""
    if server.state.defects.on("long-lived-access-tokens"):
        return LONG_ACCESS_TTL_S  # RFC 6750 §5.3: short-lived (≤ 1 h) SHOULD; broken here
    return server.settings.access_token_ttl


class _MockGrant:
    server: MockAuthorizationServer
    request: Any

    def _issue(self, token: dict[str, Any], **kwargs: Any) -> str:
        server = self.server
        now = server.state.clock.now()
        return server.state.store.issue(
            token,
            client_id=self.request.client.get_client_id(),
            user=server.settings.user.handle,
            access_expires_at=now + access_token_ttl(server),
            refresh_expires_at=now + server.settings.refresh_token_ttl,
            **kwargs,
        )


class CodeGrant(_MockGrant, AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS

    # -- authorization endpoint ---------------------------------------------------------------
    def validate_no_multiple_request_parameter(self, request: Any) -> None:
        name = request.payload.repeated(AUTHORIZE_PARAMS)
        # RFC 6749 §3.1: parameters MUST NOT be included more than once.
        if name and not self.server.state.defects.on("duplicate-params-accepted"):
            raise InvalidRequestError(f"Repeated '{name}'")

    def validate_authorization_request(self) -> str:
        request, server = self.request, self.server
        client_id = request.payload.client_id
        if client_id is None:
            raise InvalidRequestError("Missing 'client_id'")  # RFC 6749 §4.1.1
        client = server.query_client(client_id)
        if client is None:
            # RFC 6749 §4.1.2.1: unknown client → inform the user, MUST NOT redirect.
            error = InvalidRequestError("Unknown 'client_id'")
            if server.state.defects.on("unknown-client-redirects"):
                error.redirect_uri = request.payload.redirect_uri
            raise error
        redirect_uri = self.validate_authorization_redirect_uri(request, client)
        request.client = client
        self.redirect_uri = redirect_uri
        try:  # RFC 6749 §4.1.2.1: from here on, errors go back to the client by redirect
            response_type = request.payload.response_type
            if response_type is None:
                raise InvalidRequestError("Missing 'response_type'")  # RFC 6749 §3.1.1
            # RFC 6749 §4.2.1: response_type=token is the implicit grant, served only when
            # enabled (RFC 9700 §2.1.2: clients SHOULD NOT use it; off by default).
            implicit = response_type == "token" and (
                server.state.grant_enabled("implicit")
                or server.state.defects.on("implicit-grant-enabled")
            )
            # RFC 6749 §3.1.1: code (Taskade's only one), or token where implicit is served.
            if response_type != "code" and not implicit:
                raise UnsupportedResponseTypeError("Unsupported 'response_type'")
            scope = client.get_allowed_scope(request.payload.scope)
            if scope is None:  # RFC 6749 §3.3
                raise InvalidScopeError("Unknown 'scope' value")
            # RFC 6749 §3.3: the scope granted is the one the token response will state.
            if server.state.defects.on("scope-narrowed-silently"):
                scope = client.settings.default_scope
            request.scope = scope
            self.execute_hook("after_validate_authorization_request_payload", redirect_uri)
        except OAuth2Error as error:
            error.redirect_uri = redirect_uri
            raise
        return redirect_uri

    def validate_authorization_redirect_uri(self, request: Any, client: MockClient) -> str:
        requested = request.payload.redirect_uri
        if requested is not None:
            # RFC 6749 §3.1.2.4: a mismatching redirect URI → error page, never a redirect.
            if not client.check_redirect_uri(requested):
                raise InvalidRequestError("'redirect_uri' is not registered for this client")
            return str(requested)
        default = client.get_default_redirect_uri()
        if default is None:  # RFC 6749 §3.1.2.3: several registered → redirect_uri required
            raise InvalidRequestError("Missing 'redirect_uri'")
        return default

    def authorize(self, user: UserSettings) -> str:
        """Issue a code for the validated request; return the redirect URI with the response."""
        request, server = self.request, self.server
        defects = server.state.defects
        if request.payload.response_type == "token":  # only where implicit is served
            return self._implicit(user)
        data = request.payload.data
        challenge = data.get("code_challenge")
        record = CodeRecord(
            value=self._new_code(user),
            client_id=request.client.get_client_id(),
            user=user.handle,
            scope=request.scope,
            redirect_uri=self.redirect_uri,  # RFC 6749 §4.1.2: bound to the redirect URI
            redirect_uri_sent=request.payload.redirect_uri is not None,
            code_challenge=challenge,  # RFC 7636 §4.4: the challenge is bound to the code
            code_challenge_method=(data.get("code_challenge_method") or "plain")
            if challenge
            else None,
            expires_at=server.state.clock.now() + server.settings.code_ttl,
        )
        server.state.store.add_code(record)
        params = [("code", record.value)]
        state = request.payload.state
        if state is not None and len(state) > 1024 and defects.on("long-state-500"):
            raise RuntimeError("state does not fit its 1024-character column")
        if state is not None and not defects.on("state-dropped"):
            if defects.on("state-truncated"):
                state = state[:32]
            params.append(("state", state))  # RFC 6749 §4.1.2: the exact value received
        elif state is None and defects.on("state-none-literal"):
            params.append(("state", str(state)))
        # RFC 6749 §3.1: an empty state counts as omitted, so there is nothing to echo.
        elif state is None and defects.on("empty-state-echoed") and ("state", "") in request.sent:
            params.append(("state", ""))
        if not defects.on("iss-missing"):
            params.append(("iss", server.issuer))  # RFC 9207 §2
        location = add_query(self.redirect_uri, params)
        # RFC 9700 §2.1.2: response_type=code returns no token in the authorization response.
        if defects.on("token-in-callback"):
            token = {"access_token": new_secret(), "token_type": "Bearer"}
            self._issue(token, access_scope=request.scope, refresh_scope=request.scope)
            location += "#" + encode_pairs(token.items())
        return location

    def _implicit(self, user: UserSettings) -> str:
        """The implicit grant's answer: the token response in the fragment (RFC 6749 §4.2.2)."""
        request, server = self.request, self.server
        defects = server.state.defects
        # RFC 6749 §4.2.2: "The authorization server MUST NOT issue a refresh token."
        refresh = defects.on("implicit-refresh-token")
        scope = request.scope
        token = server.generate_token(
            "implicit", request.client, user=user, scope=scope, include_refresh_token=refresh
        )
        self._issue(token, access_scope=request.scope, refresh_scope=request.scope)
        pairs = [(k, str(v)) for k, v in token.items()]
        state = request.payload.state
        if state is not None:  # RFC 6749 §4.2.2: the exact value received
            pairs.append(("state", state[:8] if defects.on("implicit-state-truncated") else state))
        # RFC 6749 §4.2.2: the parameters go in the fragment component of the redirect URI.
        if defects.on("implicit-token-in-query"):
            return add_query(self.redirect_uri, pairs)
        return f"{self.redirect_uri}#{encode_pairs(pairs)}"

    def _new_code(self, user: UserSettings) -> str:
        defects = self.server.state.defects
        if defects.on("short-codes"):
            return f"{secrets.randbelow(10**6):06d}"
        if defects.on("codes-repeat"):
            minute = int(self.server.state.clock.now() // 60)
            seed = f"{self.request.client.get_client_id()}|{user.handle}|{minute}"
            return hashlib.sha256(seed.encode()).hexdigest()[:43]
        # RFC 6749 §10.10: unguessable (256 random bits)
        return new_secret(self.server.settings.issued_prefix, "code")

    # -- token endpoint -----------------------------------------------------------------------
    @hooked  # type: ignore[untyped-decorator]
    def validate_token_request(self) -> None:
        client = self.authenticate_token_endpoint_client()
        request, state = self.request, self.server.state
        value = request.form.get("code")
        if value is None:
            raise InvalidRequestError("Missing 'code'")  # RFC 6749 §4.1.3
        if state.defects.on("forged-code-500") and len(value) > MAX_CODE_LENGTH:
            raise RuntimeError("the code does not fit its VARCHAR(255) column")
        record = state.store.code(value)
        if record is None:
            raise InvalidGrantError("Unknown 'code'")  # RFC 6749 §4.1.3: verify the code
        # RFC 6749 §4.1.2: a used code stays used (the defect forgets it after a while).
        if record.used and state.defects.on("code-used-marker-expires"):
            used_for = state.clock.now() - (record.used_at or state.clock.now())
            record.used = used_for <= USED_MARKER_TTL_S
        if record.used and not state.defects.on("code-reusable"):
            self._refuse_reused(record)
        # RFC 6749 §4.1.3: the code MUST have been issued to the authenticated client.
        bound = record.client_id == client.get_client_id()
        if not bound and not state.defects.on("code-not-bound-to-client"):
            raise InvalidGrantError("The 'code' was issued to another client")
        # RFC 6749 §4.1.2 + §10.5: codes are short-lived.
        if state.clock.now() >= record.expires_at and not state.defects.on("code-never-expires"):
            raise InvalidGrantError("The 'code' has expired")
        if not state.defects.on("token-redirect-uri-unchecked"):
            self._check_redirect_uri(record)
        request.client = client
        request.authorization_code = record

    def _check_redirect_uri(self, record: CodeRecord) -> None:
        sent = self.request.payload.redirect_uri
        # RFC 6749 §4.1.3: REQUIRED if it was in the authorization request, and identical.
        if record.redirect_uri_sent and sent is None:
            raise InvalidRequestError("Missing 'redirect_uri'")
        if sent is not None and sent != record.redirect_uri:  # RFC 6749 §10.6
            raise InvalidGrantError("'redirect_uri' differs from the authorization request")

    def _refuse_reused(self, record: CodeRecord) -> None:
        # RFC 6749 §4.1.2: deny a reused code and SHOULD revoke the tokens issued from it.
        if not self.server.state.defects.on("code-reuse-keeps-tokens"):
            self.server.state.store.revoke_family(record.family)
        raise InvalidGrantError("The 'code' was already used")

    @hooked  # type: ignore[untyped-decorator]
    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        request, state = self.request, self.server.state
        record: CodeRecord = request.authorization_code
        if state.defects.on("code-race"):
            return self._racy_token_response(record)
        with state.store.lock:  # single use even under concurrent exchanges (RFC 6749 §10.5)
            if not state.store.claim_code(record) and not state.defects.on("code-reusable"):
                self._refuse_reused(record)
            record.used_at = state.clock.now()
            return 200, self._code_tokens(record), []

    def _racy_token_response(
        self, record: CodeRecord
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        """The code-race defect: check, yield, then claim, without the store's lock."""
        if record.used:
            self._refuse_reused(record)
        time.sleep(RACE_WINDOW_S)  # RFC 6749 §10.5: single-use needs check-and-claim as one step
        record.used, record.used_at = True, self.server.state.clock.now()
        return 200, self._code_tokens(record), []

    def _code_tokens(self, record: CodeRecord) -> dict[str, Any]:
        token: dict[str, Any] = self.generate_token(
            user=self.server.settings.user,
            scope=record.scope,
            include_refresh_token=self.request.client.check_grant_type("refresh_token"),
        )
        self._issue(token, access_scope=record.scope, refresh_scope=record.scope, code=record)
        return token


class RefreshGrant(_MockGrant, RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = TOKEN_AUTH_METHODS

    def validate_token_request(self) -> None:
        request, state = self.request, self.server.state
        client = self._validate_request_client()  # RFC 6749 §6: authenticate the client
        request.client = client
        value = request.form.get("refresh_token")
        if value is None:
            raise InvalidRequestError("Missing 'refresh_token'")  # RFC 6749 §6
        if state.defects.on("forged-refresh-token-500"):
            value.encode("ascii")  # the defect: hashed after a strict ASCII encode (HTTP 500)
        record = state.store.refresh(value)
        if record is None:
            raise InvalidGrantError("Unknown 'refresh_token'")
        if record.rotated:
            self._refuse_replay(record)
        if record.revoked:
            raise InvalidGrantError("The 'refresh_token' was revoked")
        # RFC 9700 §4.14.2: refresh tokens SHOULD expire after a time of inactivity.
        expired = state.clock.now() >= record.expires_at
        if expired and not state.defects.on("refresh-never-expires"):
            raise InvalidGrantError("The 'refresh_token' has expired")
        # RFC 6749 §6 + §10.4: the refresh token MUST have been issued to this client.
        bound = record.client_id == client.get_client_id()
        if not bound and not state.defects.on("refresh-not-bound-to-client"):
            raise InvalidGrantError("The 'refresh_token' was issued to another client")
        request.scope = self._requested_scope(client, record)
        request.refresh_token = record

    def _requested_scope(self, client: MockClient, record: RefreshRecord) -> str:
        requested = self.request.payload.scope
        if requested is None:
            return record.scope  # RFC 6749 §6: omitted → the originally granted scope
        scope = client.get_allowed_scope(requested)
        if scope is None:
            raise InvalidScopeError("Unknown 'scope' value")
        # RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted.
        wider = not set(scope.split()) <= set(record.scope.split())
        if wider and not self.server.state.defects.on("refresh-scope-widening"):
            raise InvalidScopeError("The requested 'scope' exceeds the original grant")
        return scope

    def _refuse_replay(self, record: RefreshRecord) -> None:
        # RFC 9700 §4.14.2: replay of a rotated refresh token revokes its family's active tokens.
        if not self.server.state.defects.on("refresh-reuse-keeps-family"):
            self.server.state.store.revoke_family(record.family)
        raise InvalidGrantError("The 'refresh_token' was already used")

    @hooked  # type: ignore[untyped-decorator]
    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        request, state = self.request, self.server.state
        record: RefreshRecord = request.refresh_token
        # RFC 9700 §4.14.2 (+ §2.2.2 for public clients): rotate; the presented token is spent.
        rotate = not state.defects.on("refresh-not-rotated")
        spend = rotate and not state.defects.on("refresh-rotated-still-valid")
        if spend and state.defects.on("refresh-race"):
            # The defect: check, yield, then rotate, without the store's lock (RFC 9700 §4.14.2).
            if record.rotated or record.revoked:
                self._refuse_replay(record)
            time.sleep(RACE_WINDOW_S)
            record.rotated = True
            return 200, self._refresh_tokens(record, rotate), []
        with state.store.lock:
            if spend and not state.store.claim_refresh(record):
                self._refuse_replay(record)
            return 200, self._refresh_tokens(record, rotate), []

    def _refresh_tokens(self, record: RefreshRecord, rotate: bool) -> dict[str, Any]:
        request, defects = self.request, self.server.state.defects
        token: dict[str, Any] = self.generate_token(
            user=self.server.settings.user, scope=request.scope, include_refresh_token=rotate
        )
        # RFC 6749 §3.3 + §6: the access token has the scope the response states.
        access_scope = record.scope if defects.on("refresh-narrowing-ignored") else request.scope
        # RFC 6749 §6: a new refresh token has exactly the presented one's scope.
        refresh_scope = record.scope
        if defects.on("rotated-refresh-scope-narrowed"):
            refresh_scope = request.scope
        self._issue(
            token, access_scope=access_scope, refresh_scope=refresh_scope, family=record.family
        )
        return token
