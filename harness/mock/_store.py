"""In-memory, thread-safe store of authorization codes, token families and tokens.

A *family* is everything one authorization code produced: the first access/refresh token
pair and every pair rotated from it. Revoking a family (code reuse, refresh-token replay,
revocation of a refresh token) revokes all of its tokens at once.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any


def new_secret(prefix: str = "", kind: str = "") -> str:
    """A code or token value: 256 random bits (RFC 6749 §10.10 asks for at least 128), after
    ``<prefix><kind>-`` when the ``issued_prefix`` setting names a prefix."""
    value = secrets.token_urlsafe(32)
    return f"{prefix}{kind}-{value}" if prefix else value


@dataclass
class CodeRecord:
    value: str
    client_id: str
    user: str  # the user's handle
    scope: str
    redirect_uri: str  # the effective redirect URI the code was delivered to
    redirect_uri_sent: bool  # whether the authorization request carried redirect_uri
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: float
    used: bool = False
    used_at: float | None = None  # when the code was first exchanged (mock clock)
    family: str | None = None

    def get_redirect_uri(self) -> str | None:
        return self.redirect_uri if self.redirect_uri_sent else None

    def get_scope(self) -> str:
        return self.scope


@dataclass
class AccessRecord:
    value: str
    client_id: str
    user: str
    scope: str
    expires_at: float
    family: str
    revoked: bool = False

    def get_scope(self) -> str:
        return self.scope

    def check_client(self, client: Any) -> bool:
        return bool(self.client_id == client.get_client_id())


@dataclass
class RefreshRecord:
    value: str
    client_id: str
    user: str
    scope: str
    expires_at: float
    family: str
    rotated: bool = False
    revoked: bool = False

    def get_scope(self) -> str:
        return self.scope

    def check_client(self, client: Any) -> bool:
        return bool(self.client_id == client.get_client_id())


@dataclass
class Family:
    id: str
    code: str | None
    access: list[str] = field(default_factory=list)
    refresh: list[str] = field(default_factory=list)


class Store:
    """All issued state. ``lock`` is re-entrant so a grant can check-and-issue atomically."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._codes: dict[str, CodeRecord] = {}
        self._access: dict[str, AccessRecord] = {}
        self._refresh: dict[str, RefreshRecord] = {}
        self._families: dict[str, Family] = {}
        self._consents: set[tuple[str, str]] = set()  # (user, client_id) pairs ever approved

    def reset(self) -> None:
        with self.lock:
            self._codes.clear()
            self._access.clear()
            self._refresh.clear()
            self._families.clear()
            self._consents.clear()

    # -- consents ---------------------------------------------------------------------------
    def remember_consent(self, user: str, client_id: str) -> None:
        """The user approved the client once (the conformant mock still asks every time)."""
        with self.lock:
            self._consents.add((user, client_id))

    def consented(self, user: str, client_id: str) -> bool:
        with self.lock:
            return (user, client_id) in self._consents

    # -- codes ------------------------------------------------------------------------------
    def add_code(self, record: CodeRecord) -> None:
        with self.lock:
            self._codes[record.value] = record

    def code(self, value: str) -> CodeRecord | None:
        with self.lock:
            return self._codes.get(value)

    def codes_of(self, client_id: str) -> list[CodeRecord]:
        """Every code issued to ``client_id`` (for the pkce-verifier-any-code defect)."""
        with self.lock:
            return [record for record in self._codes.values() if record.client_id == client_id]

    def claim_code(self, record: CodeRecord) -> bool:
        """Mark the code used; False if another request used it first."""
        with self.lock:
            if record.used:
                return False
            record.used = True
            return True

    # -- tokens -----------------------------------------------------------------------------
    def issue(
        self,
        token: dict[str, Any],
        *,
        client_id: str,
        user: str,
        access_scope: str,
        refresh_scope: str,
        access_expires_at: float,
        refresh_expires_at: float,
        family: str | None = None,
        code: CodeRecord | None = None,
    ) -> str:
        """Record the tokens of a token response; returns the family id."""
        with self.lock:
            if family is None:
                family = new_secret()
                self._families[family] = Family(family, code.value if code else None)
                if code is not None:
                    code.family = family
            fam = self._families[family]
            access = token["access_token"]
            self._access[access] = AccessRecord(
                access, client_id, user, access_scope, access_expires_at, family
            )
            fam.access.append(access)
            if "refresh_token" in token:
                value = token["refresh_token"]
                self._refresh[value] = RefreshRecord(
                    value, client_id, user, refresh_scope, refresh_expires_at, family
                )
                fam.refresh.append(value)
            return family

    def access(self, value: str) -> AccessRecord | None:
        with self.lock:
            return self._access.get(value)

    def refresh(self, value: str) -> RefreshRecord | None:
        with self.lock:
            return self._refresh.get(value)

    def claim_refresh(self, record: RefreshRecord) -> bool:
        """Mark a refresh token rotated; False if another request rotated it first."""
        with self.lock:
            if record.rotated or record.revoked:
                return False
            record.rotated = True
            return True

    def revoke_family(self, family: str | None) -> None:
        with self.lock:
            fam = self._families.get(family or "")
            if fam is None:
                return
            for value in fam.access:
                self._access[value].revoked = True
            for value in fam.refresh:
                self._refresh[value].revoked = True

    def revoke_access(self, record: AccessRecord) -> None:
        with self.lock:
            record.revoked = True

    def counts(self) -> dict[str, int]:
        with self.lock:
            return {
                "codes": len(self._codes),
                "access_tokens": len(self._access),
                "refresh_tokens": len(self._refresh),
                "families": len(self._families),
            }
