"""What came back, parsed just enough for the next step to continue (never judged here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from harness.evidence import Exchange
from harness.flows._errors import StepError


@dataclass(frozen=True)
class AuthorizationResponse:
    """The parameters the AS put on the redirect URI (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2)."""

    url: str = field(repr=False)
    params: dict[str, list[str]] = field(repr=False)

    @classmethod
    def from_url(cls, url: str) -> AuthorizationResponse:
        return cls(url, parse_qs(urlsplit(url).query, keep_blank_values=True))

    def get(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[0] if values else None

    @property
    def code(self) -> str | None:
        return self.get("code")

    @property
    def state(self) -> str | None:
        return self.get("state")

    @property
    def error(self) -> str | None:
        return self.get("error")

    def require_code(self) -> str:
        if self.code:
            return self.code
        raise StepError(
            f"the authorization response carries no code (error={self.error!r}); "
            "the scenario's precondition could not be met"
        )


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    scope: str | None
    expires_in: int | None

    @classmethod
    def from_exchange(cls, exchange: Exchange) -> Tokens:
        """Parse a successful token response, or raise StepError: the flow cannot continue."""
        try:
            body = json.loads(exchange.response_body)
        except (ValueError, UnicodeDecodeError):
            body = None
        if exchange.status != 200 or not isinstance(body, dict) or not body.get("access_token"):
            raise StepError(
                f"the token request did not return tokens (HTTP {exchange.status}); "
                "the scenario's precondition could not be met"
            )
        expires_in = body.get("expires_in")
        return cls(
            access_token=str(body["access_token"]),
            refresh_token=str(body["refresh_token"]) if body.get("refresh_token") else None,
            scope=str(body["scope"]) if body.get("scope") is not None else None,
            expires_in=expires_in if isinstance(expires_in, int) else None,
        )

    def require_refresh_token(self) -> str:
        if self.refresh_token:
            return self.refresh_token
        raise StepError("the token response carries no refresh_token; cannot test refresh")
