"""Checks on token-endpoint responses: success shape (RFC 6749 §5.1) and errors (§5.2)."""

from __future__ import annotations

from harness.checks._http import ExchangeCheck
from harness.checks._view import describe_status, json_object, quote_body
from harness.checks._violation import Violation
from harness.evidence import Exchange

TOKEN_ERROR_CODES = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
    }
)


def error_code_is(*accepted: str, ref: str = "RFC6749-5.2") -> ExchangeCheck:
    """The JSON ``error`` is one of ``accepted`` (several when the RFC permits several)."""
    wanted = " or ".join(repr(code) for code in accepted)

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange)
        actual = body.get("error") if body is not None else None
        if actual in accepted:
            return None
        shown = repr(actual) if body is not None else f"a non-JSON body ({quote_body(exchange)})"
        accepted_it = exchange.status is not None and 200 <= exchange.status < 300
        return Violation(
            # A 2xx is an acceptance, never "the error response".
            "The server accepted the request instead of refusing it with an error"
            if accepted_it
            else "The error response does not name the expected error code",
            f"error = {wanted}",
            f"error = {shown} ({describe_status(exchange)})",
            ref,
        )

    return check


def json_field_present(field: str, ref: str, why: str = "") -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange)
        if body is not None and body.get(field) not in (None, ""):
            return None
        keys = sorted(body) if body is not None else None
        return Violation(
            why or f"The response has no '{field}'",
            f"a JSON object with a non-empty '{field}'",
            f"fields {keys}" if keys is not None else f"a non-JSON body ({quote_body(exchange)})",
            ref,
        )

    return check


def token_type_is_bearer(ref: str = "RFC6749-5.1") -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange) or {}
        token_type = body.get("token_type")
        if isinstance(token_type, str) and token_type.lower() == "bearer":  # RFC 6749 §7.1
            return None
        return Violation(
            "The token type is not Bearer",
            "token_type = 'Bearer' (case-insensitive)",
            f"token_type = {token_type!r}",
            ref,
        )

    return check


def expires_in_is_positive_integer(ref: str = "RFC6749-5.1") -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange) or {}
        value = body.get("expires_in")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return None
        return Violation(
            "The token response does not say when the access token expires",
            "expires_in, a positive integer number of seconds",
            "no expires_in" if value is None else f"expires_in = {value!r}",
            ref,
        )

    return check


def json_field_differs(field: str, previous: str, ref: str, why: str) -> ExchangeCheck:
    """``field`` is present and differs from ``previous`` (a rotated token is a new token)."""

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange) or {}
        value = body.get(field)
        if isinstance(value, str) and value and value != previous:
            return None
        actual = f"no {field}" if not value else f"the same {field} as before"
        return Violation(why, f"a new {field}", actual, ref)

    return check


def expires_in_at_most(limit_s: int, ref: str, why: str) -> ExchangeCheck:
    """The token response's ``expires_in`` is at most ``limit_s`` seconds (absent: no verdict,
    that is expires_in_is_positive_integer's rule)."""

    def check(exchange: Exchange) -> Violation | None:
        value = (json_object(exchange) or {}).get("expires_in")
        if not isinstance(value, int) or isinstance(value, bool) or value <= limit_s:
            return None
        return Violation(
            why,
            f"expires_in ≤ {limit_s} s",
            f"expires_in = {value} s ({value / 3600:g} h)",
            ref,
        )

    return check


def json_field_absent(field: str, ref: str, why: str) -> ExchangeCheck:
    """The answer has no ``field`` (an answer that must not carry a token); null or an empty
    string carries none either. Its value is never quoted."""

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange) or {}
        if body.get(field) in (None, ""):
            return None
        return Violation(why, f"no {field} in the answer", f"a JSON object with {field}", ref)

    return check
