"""The shared shape of a token-endpoint error response (RFC 6749 §5.2), one check per rule.

``token_error(...)`` bundles them so every negative token-endpoint scenario asserts the same
things: the status that fits the error code, JSON, the code expected for that scenario, and
description/URI characters.
"""

from __future__ import annotations

import re

from harness.checks._bearer import parse_challenges
from harness.checks._http import ExchangeCheck, media_type_is
from harness.checks._oauth import TOKEN_ERROR_CODES, error_code_is
from harness.checks._view import describe_status, header_values, json_object, quote_body
from harness.checks._violation import Violation
from harness.evidence import Exchange

# RFC 6749 §5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ) (no '"', '\', CR, LF, TAB);
# error_uri = 1*( %x21 / %x23-5B / %x5D-7E ).
_DESCRIPTION = re.compile(r"[\x20-\x21\x23-\x5b\x5d-\x7e]+")
_URI = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
_MAX_SHOWN = 80


def token_error_status(*, basic: bool = False, ref: str = "RFC6749-5.2") -> ExchangeCheck:
    """400, except ``invalid_client``: 401 after an HTTP Basic attempt, else 400 or 401."""

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange)
        code = (body or {}).get("error")
        if code == "invalid_client":
            # RFC 6749 §5.2: MAY be 401; MUST be 401 when the client used the Authorization header.
            allowed = (401,) if basic else (400, 401)
        elif code in TOKEN_ERROR_CODES:
            allowed = (400,)  # RFC 6749 §5.2: "responds with an HTTP 400 (Bad Request)"
        else:
            allowed = (400, 401)  # the code itself is judged by error_code_is
        if exchange.status in allowed:
            return None
        refused = exchange.status is not None and exchange.status >= 400
        return Violation(
            "The token endpoint's error response has the wrong status"
            if refused
            else "The token endpoint did not answer the invalid request with an error status",
            " or ".join(f"HTTP {status}" for status in allowed)
            + (f" for error={code!r}" if isinstance(code, str) else ""),
            f"{describe_status(exchange)} with {_shown(exchange, body)}",
            ref,
        )

    return check


def _shown(exchange: Exchange, body: dict[str, object] | None) -> str:
    """The body for failure text; a success body is named by its fields only, since a token cut
    short by quoting would no longer match the value the redactor learned."""
    if body is not None and "error" not in body:
        return f"a JSON object with the fields {', '.join(sorted(body))}"
    return quote_body(exchange)


def invalid_client_challenge(scheme: str = "Basic", ref: str = "RFC6749-5.2") -> ExchangeCheck:
    """An ``invalid_client`` answer carries a WWW-Authenticate challenge for ``scheme``."""

    def check(exchange: Exchange) -> Violation | None:
        if (json_object(exchange) or {}).get("error") != "invalid_client":
            return None
        values = header_values(exchange, "www-authenticate")
        # RFC 6749 §5.2: "include the WWW-Authenticate response header field matching the
        # authentication scheme used by the client".
        if any(found == scheme.lower() for found, _ in parse_challenges(values)):
            return None
        return Violation(
            f"invalid_client after HTTP {scheme} authentication carries no {scheme} challenge",
            f"WWW-Authenticate: {scheme} …",
            f"WWW-Authenticate: {', '.join(values)}" if values else "no WWW-Authenticate header",
            ref,
        )

    return check


def error_fields_well_formed(ref: str = "RFC6749-5.2") -> ExchangeCheck:
    """``error_description`` and ``error_uri``, if present, use only the characters §5.2 allows."""

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange) or {}
        bad = [
            f"{name} = {str(value)[:_MAX_SHOWN]!r}"
            for name, pattern in (("error_description", _DESCRIPTION), ("error_uri", _URI))
            if (value := body.get(name)) is not None
            and not (isinstance(value, str) and pattern.fullmatch(value))
        ]
        if not bad:
            return None
        return Violation(
            "The error response's description or URI uses characters RFC 6749 §5.2 forbids",
            "error_description in %x20-21 / %x23-5B / %x5D-7E, error_uri in %x21 / %x23-5B / "
            "%x5D-7E (no quote, backslash, CR, LF or TAB)",
            "; ".join(bad),
            ref,
        )

    return check


def token_error(
    *accepted: str, basic: bool = False, ref: str = "RFC6749-5.2"
) -> tuple[ExchangeCheck, ...]:
    """The shared assertion for a refused token request: one of ``accepted`` codes, its status,
    JSON, clean fields; ``basic`` when the request authenticated with HTTP Basic. The status and
    the code answer to ``ref`` (the rule the scenario is about); the error's JSON form always
    answers to RFC 6749 §5.2, which defines it."""
    unknown = sorted(set(accepted) - TOKEN_ERROR_CODES)
    if not accepted or unknown:
        raise ValueError(f"token_error() takes RFC 6749 §5.2 error codes, got {unknown or '()'}")
    checks = [
        token_error_status(basic=basic, ref=ref),
        media_type_is("application/json", "RFC6749-5.2"),
        error_code_is(*accepted, ref=ref),
        error_fields_well_formed("RFC6749-5.2"),
    ]
    if basic:
        checks.append(invalid_client_challenge("Basic", ref))
    return tuple(checks)
