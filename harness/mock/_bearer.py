"""RFC 6750 bearer-token checks for the API, on Authlib's ResourceProtector and validator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from authlib.oauth2.rfc6749 import (
    InvalidRequestError,
    MissingAuthorizationError,
    OAuth2Error,
    ResourceProtector,
)
from authlib.oauth2.rfc6750 import BearerTokenValidator, InsufficientScopeError, InvalidTokenError

from harness.mock._seed import REALM
from harness.mock._settings import MockSettings
from harness.mock._state import MockState
from harness.mock._store import AccessRecord

# RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_B64TOKEN = re.compile(r"^[A-Za-z0-9\-._~+/]+=*$")
# What the bearer-header-lenient defect does instead: the first b64token anywhere after "Bearer"
# (what separates them is anything but b64token characters: "\W" would eat a token's leading "-").
_LENIENT = re.compile(r"bearer[^A-Za-z0-9\-._~+/]*([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)


class ServerFaultError(Exception):
    """A crash the bearer-header-server-error defect simulates: the API answers 500."""


BodyKind = Literal["form", "multipart", "json"]


@dataclass(frozen=True)
class BodyToken:
    """An ``access_token`` found in a request body: how the body was encoded, the method."""

    kind: BodyKind
    method: str
    value: str = field(repr=False)


class MockBearerValidator(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, state: MockState) -> None:
        super().__init__(realm=REALM)
        self.state = state

    def authenticate_token(self, token_string: str) -> AccessRecord | None:
        return self.state.store.access(token_string)

    def validate_token(self, token: AccessRecord | None, scopes: Any, request: Any) -> None:
        defects = self.state.defects
        if token is None:
            raise InvalidTokenError("Unknown access token")  # RFC 6750 §3.1
        # RFC 6750 §3.1: an expired token is invalid_token.
        if self.state.clock.now() >= token.expires_at and not defects.on("expired-token-accepted"):
            raise InvalidTokenError("The access token has expired")
        # RFC 7009 §2: a revoked token is no longer usable (RFC 6750 §3.1 invalid_token).
        if token.revoked and not defects.on("revoked-token-accepted"):
            raise InvalidTokenError("The access token was revoked")
        if self.scope_insufficient(token.get_scope(), scopes):
            if defects.on("insufficient-scope-as-401"):
                raise InvalidTokenError("The access token lacks a scope")
            raise InsufficientScopeError()  # RFC 6750 §3.1: 403 insufficient_scope


class MockResourceProtector(ResourceProtector):  # type: ignore[misc]
    """Finds the bearer token of a request: the Authorization header, or a form-encoded POST
    body (RFC 6750 §2.2, which resource servers MAY support); exactly one method."""

    def __init__(self, state: MockState) -> None:
        super().__init__()
        self.state = state
        self.validator = MockBearerValidator(state)
        self.register_token_validator(self.validator)

    def parse_request_authorization(self, request: Any) -> tuple[MockBearerValidator, str]:
        defects = self.state.defects
        values = request.headers.getlist("Authorization")
        # RFC 6750 §2.1: resource servers MUST support the Authorization request header.
        if defects.on("bearer-header-ignored"):
            values = []
        query_token = request.payload.data.get("access_token")
        body_token = self.body_token(getattr(request, "body_token", None))
        if values and defects.on("bearer-header-lenient"):
            found = _LENIENT.search(", ".join(values))
            if found:
                return self.validator, found.group(1)
        if len(values) > 1:
            raise InvalidRequestError("Repeated Authorization header")  # RFC 6750 §3.1
        # RFC 6750 §2: a client MUST NOT use more than one method to send the token.
        if values and query_token is not None and not defects.on("two-token-methods-accepted"):
            raise InvalidRequestError("The token was sent in the header and the query")
        if body_token is not None and (values or query_token is not None):
            raise InvalidRequestError("The token was sent in the body and elsewhere")  # RFC 6750 §2
        if not values and body_token is not None:
            return self.validator, body_token
        if not values:
            # RFC 6750 §2.3 + RFC 9700 §4.3.2: tokens in the URI query are not accepted; such
            # a request counts as one without credentials (RFC 6750 §3: 401, no error code).
            if query_token is not None and defects.on("query-token-accepted"):
                return self.validator, query_token
            raise MissingAuthorizationError()
        scheme, _, credentials = values[0].partition(" ")
        # RFC 9110 §11.1 + RFC 6750 §2.1: the auth-scheme is case-insensitive.
        if scheme.lower() != "bearer":
            raise MissingAuthorizationError()  # another scheme: no bearer credentials
        if scheme != "Bearer" and defects.on("bearer-scheme-case-sensitive"):
            raise MissingAuthorizationError()
        credentials = credentials.lstrip(" ")  # RFC 6750 §2.1: "Bearer" 1*SP b64token
        if not _B64TOKEN.match(credentials):
            if defects.on("bearer-header-server-error"):
                raise ServerFaultError("the credentials could not be decoded")
            raise InvalidRequestError("Malformed bearer credentials")  # RFC 6750 §2.1, §3.1
        return self.validator, credentials

    def body_token(self, found: BodyToken | None) -> str | None:
        """The body's token if RFC 6750 §2.2's conditions hold, else None (the body is not a
        place this request may carry its token, so it counts as no token)."""
        defects = self.state.defects
        if found is None:
            return None
        if found.method in ("GET", "HEAD"):
            # RFC 6750 §2.2: "the "GET" method MUST NOT be used" (no defined body semantics).
            return found.value if defects.on("body-token-on-get") else None
        if found.kind == "multipart":
            # RFC 6750 §2.2: "The HTTP request entity-body is single-part."
            return found.value if defects.on("body-token-multipart") else None
        if found.kind == "json":
            # RFC 6750 §2.2: Content-Type "application/x-www-form-urlencoded" only.
            return found.value if defects.on("body-token-json") else None
        return found.value  # RFC 6750 §2.2: "Resource servers MAY support this method"


def challenge(
    error: OAuth2Error, settings: MockSettings, state: MockState
) -> tuple[int, str | None]:
    """The status and WWW-Authenticate value (or None) for an API authentication error."""
    defects = state.defects
    if isinstance(error, InsufficientScopeError):
        status, params = 403, 'error="insufficient_scope", scope="write"'  # RFC 6750 §3.1
    elif isinstance(error, InvalidRequestError):
        status, params = 400, 'error="invalid_request"'  # RFC 6750 §3.1
    elif isinstance(error, InvalidTokenError):
        status, params = 401, 'error="invalid_token"'  # RFC 6750 §3.1
    else:
        # RFC 6750 §3: without credentials the challenge SHOULD NOT carry an error code.
        status, params = 401, ""
        if defects.on("www-authenticate-error-without-token"):
            params = 'error="invalid_token"'
    header: str | None = f'Bearer realm="{REALM}"' + (f", {params}" if params else "")
    # RFC 6750 §3: a 401 MUST carry WWW-Authenticate (Taskade's is unknown: a setting).
    if not settings.www_authenticate or (status == 401 and defects.on("no-www-authenticate")):
        header = None
    return status, header
