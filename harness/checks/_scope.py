"""Checks on the scope a token response says was granted (RFC 6749 §3.3, §5.1).

RFC 6749 §5.1: "scope OPTIONAL, if identical to the scope requested by the client; otherwise,
REQUIRED." A token response without ``scope`` therefore states that the requested scope was
granted, and is judged as such.
"""

from __future__ import annotations

from collections.abc import Collection

from harness.checks._http import ExchangeCheck
from harness.checks._view import describe_status, json_object
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


def scope_includes(required: Collection[str], requested: str, ref: str, why: str) -> ExchangeCheck:
    """Every one of ``required`` is in the granted scope (stated, or implied by its absence)."""

    def check(exchange: Exchange) -> Violation | None:
        granted, stated = granted_scope(exchange, requested)
        missing = sorted(set(required) - granted)
        if not missing:
            return None
        how = "scope" if stated else "no scope in the token response, so the requested scope"
        return Violation(
            why,
            f"a grant holding {' '.join(sorted(required))}",
            f"{how} = {' '.join(sorted(granted))!r} (without {', '.join(missing)})",
            ref,
        )

    return check


def api_agrees_with_scope(scope: str, granted: bool, stated: bool, ref: str) -> ExchangeCheck:
    """The API's answer to a probe needing ``scope`` agrees with the token response: a 2xx
    when the response granted ``scope`` (``stated``: in its ``scope``; else implied by the
    request), a refusal when it did not."""

    def check(answer: Exchange) -> Violation | None:
        served = answer.status is not None and 200 <= answer.status < 300
        if served == granted:
            return None
        said = (
            "the token response's scope"
            if stated
            else "the token response (no scope: the request's)"
        )
        if granted:
            summary = (
                f"The token cannot use {scope!r}, which {said} grants"
                if stated
                else f"The grant was narrowed without saying so: the API refuses {scope!r}, "
                "and the token response carries no scope"
            )
            expected = f"the API serves a probe needing {scope!r}"
        else:
            summary = f"The token can use {scope!r}, which {said} does not grant"
            expected = f"the API refuses a probe needing {scope!r}"
        return Violation(summary, expected, f"the probe answered {describe_status(answer)}", ref)

    return check
