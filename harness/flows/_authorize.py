"""Building authorization requests (RFC 6749 §4.1.1) with state and PKCE (RFC 7636 §4.1, §4.2)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

PkceMethod = Literal["S256", "plain"]


def new_state() -> str:
    """An unguessable state value (RFC 6749 §10.12) with no characters that need escaping."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Pkce:
    verifier: str = field(repr=False)
    method: PkceMethod = "S256"

    @property
    def challenge(self) -> str:
        if self.method == "plain":
            return self.verifier
        digest = hashlib.sha256(self.verifier.encode("ascii")).digest()  # RFC 7636 §4.2
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    @classmethod
    def generate(cls, method: PkceMethod = "S256") -> Pkce:
        return cls(secrets.token_urlsafe(48), method)  # 64 chars from the unreserved set (§4.1)


@dataclass(frozen=True)
class AuthorizationRequest:
    """A None field is omitted; ``extra`` adds raw, even repeated, pairs."""

    endpoint: str
    client_id: str | None
    redirect_uri: str | None
    state: str | None = None
    scope: str | None = None
    pkce: Pkce | None = None
    response_type: str | None = "code"
    extra: tuple[tuple[str, str], ...] = ()

    def params(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str | None]] = [
            ("response_type", self.response_type),
            ("client_id", self.client_id),
            ("redirect_uri", self.redirect_uri),
            ("scope", self.scope),
            ("state", self.state),
        ]
        if self.pkce is not None:
            pairs += [
                ("code_challenge", self.pkce.challenge),
                ("code_challenge_method", self.pkce.method),
            ]
        return [(k, v) for k, v in pairs if v is not None] + list(self.extra)

    def url(self) -> str:
        scheme, netloc, path, query, _fragment = urlsplit(self.endpoint)
        encoded = urlencode(self.params())
        return urlunsplit((scheme, netloc, path, f"{query}&{encoded}" if query else encoded, ""))

    def but(self, **changes: object) -> AuthorizationRequest:
        """A copy with some fields changed, e.g. ``request.but(redirect_uri=evil)``."""
        return replace(self, **changes)  # type: ignore[arg-type]
