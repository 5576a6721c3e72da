"""Checks on refusals: the ``WWW-Authenticate: Bearer`` challenge (RFC 6750 §3)."""

from __future__ import annotations

import re

from harness.checks._http import ExchangeCheck
from harness.checks._view import describe_status, header_values
from harness.checks._violation import Violation
from harness.evidence import Exchange

_CHALLENGE_START = re.compile(
    r"(?:^|,)\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?=\s+[^=,\s]+\s*=|\s*(?:,|$))"
)
_PARAM = re.compile(r'([A-Za-z0-9!#$%&\'*+.^_`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')


def parse_challenges(values: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Split WWW-Authenticate header values into (scheme, auth-params) pairs (RFC 9110 §11.6.1)."""
    challenges: list[tuple[str, dict[str, str]]] = []
    for value in values:
        starts = list(_CHALLENGE_START.finditer(value))
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(value)
            params = {
                name.lower(): raw[1:-1].replace('\\"', '"') if raw.startswith('"') else raw
                for name, raw in _PARAM.findall(value[match.end() : end])
            }
            challenges.append((match.group(1).lower(), params))
    return challenges


def bearer_challenge(exchange: Exchange) -> dict[str, str] | None:
    for scheme, params in parse_challenges(header_values(exchange, "www-authenticate")):
        if scheme == "bearer":
            return params
    return None


def bearer_challenge_present(ref: str = "RFC6750-3") -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        if bearer_challenge(exchange) is not None:
            return None
        values = header_values(exchange, "www-authenticate")
        return Violation(
            "The protected resource refused the request without a Bearer challenge",
            "WWW-Authenticate: Bearer …",
            f"WWW-Authenticate: {', '.join(values)}" if values else "no WWW-Authenticate header",
            ref,
        )

    return check


def bearer_error_is(expected: str | None, ref: str = "RFC6750-3.1") -> ExchangeCheck:
    """The challenge's ``error`` equals ``expected``; None means it must carry no error code."""

    def check(exchange: Exchange) -> Violation | None:
        params = bearer_challenge(exchange)
        if params is None:
            return None  # reported by bearer_challenge_present; one violation per fault
        actual = params.get("error")
        if actual == expected:
            return None
        return Violation(
            "The Bearer challenge carries the wrong error code"
            if expected
            else "The Bearer challenge names an error although no token was sent",
            f'error="{expected}"' if expected else "no error attribute",
            f'error="{actual}"' if actual else f"no error attribute ({describe_status(exchange)})",
            ref,
        )

    return check
