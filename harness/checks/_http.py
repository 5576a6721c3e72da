"""Checks on the HTTP shape of a response: status, media type, headers (RFC 9110 semantics)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from harness.checks._view import describe_status, header, json_object, media_type, quote_body
from harness.checks._violation import Violation
from harness.evidence import Exchange

ExchangeCheck = Callable[[Exchange], Violation | None]


def status_is(expected: int, ref: str, why: str = "") -> ExchangeCheck:
    return status_in((expected,), ref, why)


def _statuses(codes: Collection[int]) -> str:
    """``[400, 401]`` -> "400 or 401"; a whole class such as range(200, 300) -> "2xx"; other
    runs of three or more -> "200-204"."""
    runs: list[list[int]] = []
    for code in sorted(set(codes)):
        if runs and code == runs[-1][-1] + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    shown = []
    for run in runs:
        if run[0] % 100 == 0 and len(run) == 100:
            shown.append(f"{run[0] // 100}xx")
        elif len(run) >= 3:
            shown.append(f"{run[0]}-{run[-1]}")
        else:
            shown.extend(str(code) for code in run)
    return " or ".join(shown)


def status_in(expected: Collection[int], ref: str, why: str = "") -> ExchangeCheck:
    wanted = _statuses(expected)

    def check(exchange: Exchange) -> Violation | None:
        if exchange.status in expected:
            return None
        return Violation(
            summary=why or f"The server answered with an unexpected status ({exchange.method})",
            expected=f"HTTP {wanted}",
            actual=f"{describe_status(exchange)} with {quote_body(exchange)}",
            ref=ref,
        )

    return check


def status_not_in(refused: Collection[int], ref: str, why: str) -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        if exchange.status is not None and exchange.status not in refused:
            return None
        return Violation(
            why, f"a status other than {sorted(refused)}", describe_status(exchange), ref
        )

    return check


def no_server_error(ref: str) -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        if exchange.status is not None and exchange.status < 500:
            return None
        return Violation(
            "The server failed instead of answering with an error response",
            "a 4xx error response",
            describe_status(exchange),
            ref,
        )

    return check


def media_type_is(expected: str, ref: str) -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        actual = media_type(exchange)
        if actual == expected:
            return None
        return Violation(
            f"The response is not {expected}",
            f"Content-Type: {expected}",
            f"Content-Type: {header(exchange, 'content-type') or '(absent)'}",
            ref,
        )

    return check


def header_has_directive(name: str, directive: str, ref: str, why: str) -> ExchangeCheck:
    """``name`` carries ``directive`` as a comma-separated token (``Cache-Control: no-store``)."""

    def check(exchange: Exchange) -> Violation | None:
        value = header(exchange, name)
        tokens = {part.strip().split("=", 1)[0].lower() for part in (value or "").split(",")}
        if directive.lower() in tokens:
            return None
        shown = f"{name}: {value}" if value is not None else f"no {name} header"
        return Violation(why, f"{name}: {directive}", shown, ref)

    return check


def header_absent(name: str, ref: str, why: str) -> ExchangeCheck:
    def check(exchange: Exchange) -> Violation | None:
        value = header(exchange, name)
        if value is None:
            return None
        return Violation(why, f"no {name} header", f"{name}: {value}", ref)

    return check


def json_includes(subset: Mapping[str, object], ref: str, why: str) -> ExchangeCheck:
    """The body is a JSON object holding every key of ``subset`` with an equal value."""

    def check(exchange: Exchange) -> Violation | None:
        body = json_object(exchange)
        if body is not None and all(body.get(key) == value for key, value in subset.items()):
            return None
        wanted = ", ".join(f"{key}={value!r}" for key, value in subset.items())
        return Violation(why, f"a JSON object with {wanted}", quote_body(exchange), ref)

    return check


def body_is_json_object(ref: str, why: str) -> ExchangeCheck:
    """The body parses as a JSON object (whatever the Content-Type says)."""

    def check(exchange: Exchange) -> Violation | None:
        if json_object(exchange) is not None:
            return None
        return Violation(why, "a JSON object", quote_body(exchange), ref)

    return check
