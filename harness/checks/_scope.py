"""Checks on the scope a token response says was granted (RFC 6749 §3.3, §5.1).

RFC 6749 §5.1: "scope OPTIONAL, if identical to the scope requested by the client; otherwise,
REQUIRED." A token response without ``scope`` therefore states that the requested scope was
granted, and is judged as such.
"""

from __future__ import annotations

from collections.abc import Collection

from harness.checks._http import ExchangeCheck
from harness.checks._view import json_object
from harness.checks._violation import Violation
from harness.evidence import Exchange


def granted_scope(exchange: Exchange, requested: str) -> tuple[set[str], bool]:
    """The scope values the token response grants, and whether it said so (``scope`` present)."""
    body = json_object(exchange) or {}
    said = body.get("scope")
    if isinstance(said, str):
        return set(said.split()), True
    return set(requested.split()), False


def scope_excludes(forbidden: Collection[str], requested: str, ref: str, why: str) -> ExchangeCheck:
    """None of ``forbidden`` is in the granted scope (stated, or implied by its absence)."""

    def check(exchange: Exchange) -> Violation | None:
        granted, stated = granted_scope(exchange, requested)
        held = sorted(granted & set(forbidden))
        if not held:
            return None
        how = "scope" if stated else "no scope in the token response, so the requested scope"
        return Violation(
            why,
            f"a grant without {', '.join(sorted(forbidden))}",
            f"{how} = {' '.join(sorted(granted))!r} (it holds {', '.join(held)})",
            ref,
        )

    return check
