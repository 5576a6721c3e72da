"""Checks on whether a request succeeded (2xx), for rules that say "refuse" or "if accepted …"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

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


def at_most_one_success(ref: str, why: str) -> Callable[[Sequence[Exchange]], Violation | None]:
    """At most one of several exchanges (sent together) got a 2xx: a single-use grant was
    used once. The failure counts the answers by status, never quoting a token."""

    def check(exchanges: Sequence[Exchange]) -> Violation | None:
        won = sum(1 for exchange in exchanges if _successful(exchange))
        if won <= 1:
            return None
        statuses = Counter(describe_status(exchange) for exchange in exchanges)
        shown = ", ".join(f"{n} answered {status}" for status, n in sorted(statuses.items()))
        return Violation(
            why,
            f"at most one success among {len(exchanges)} requests sent together",
            f"{won} successes ({shown})",
            ref,
        )

    return check


def successes(exchanges: Sequence[Exchange]) -> int:
    """How many of ``exchanges`` got a 2xx."""
    return sum(1 for exchange in exchanges if _successful(exchange))
