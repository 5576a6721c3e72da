"""Checks on whether a request succeeded (2xx), for rules that say "refuse" or "if accepted …"."""

from __future__ import annotations

from harness.checks._http import ExchangeCheck
from harness.checks._view import describe_status, quote_body
from harness.checks._violation import Violation
from harness.evidence import Exchange


def _successful(exchange: Exchange) -> bool:
    return exchange.status is not None and 200 <= exchange.status < 300


def refused(ref: str, why: str) -> ExchangeCheck:
    """The server answered, and not with a 2xx: what was asked for was not granted."""

    def check(exchange: Exchange) -> Violation | None:
        if exchange.status is not None and not _successful(exchange):
            return None
        shown = describe_status(exchange)
        if exchange.status is not None:
            shown += f" with {quote_body(exchange)}"
        return Violation(why, "a refusal (a status other than 2xx)", shown, ref)

    return check


def when_successful(check: ExchangeCheck) -> ExchangeCheck:
    """Apply ``check`` to a 2xx response only (a rule about what an accepted request carries)."""

    def conditional(exchange: Exchange) -> Violation | None:
        return check(exchange) if _successful(exchange) else None

    return conditional
