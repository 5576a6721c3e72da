"""Checks for the grants beside the code flow (RFC 6749 §4.2-§4.4, RFC 9700 §2.1.2, §2.4):
what a target offers, what a token response must not hold, and where an implicit response
puts its parameters. Failure text names parameters, never their values."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Protocol
from urllib.parse import parse_qsl, urlsplit

from harness.checks._http import ExchangeCheck
from harness.checks._view import describe_status, json_object, quote_body
from harness.checks._violation import Violation
from harness.evidence import Exchange, describe_url

UrlsCheck = Callable[[Sequence[str]], Violation | None]


class Offered(Protocol):
    """What a target offers (``harness.client.OfferedGrants``): grant names and where from."""

    @property
    def grants(self) -> frozenset[str]: ...

    @property
    def detail(self) -> str: ...


def grant_not_offered(grant: str, ref: str, why: str) -> Callable[[Offered], Violation | None]:
    """``grant`` is not among the grants the target offers (declared, advertised or assumed)."""

    def check(offered: Offered) -> Violation | None:
        if grant not in offered.grants:
            return None
        return Violation(why, f"{grant} not offered", f"{grant} is {offered.detail}", ref)

    return check


def error_code_not(code: str, ref: str, why: str) -> ExchangeCheck:
    """The JSON ``error`` is not ``code`` (a code that shows the request was processed)."""

    def check(exchange: Exchange) -> Violation | None:
        if (json_object(exchange) or {}).get("error") != code:
            return None
        return Violation(why, f"an error other than {code}", f"error = {code!r}", ref)

    return check


def _answer(exchange: Exchange) -> tuple[int | None, object, object]:
    body = json_object(exchange) or {}
    return exchange.status, body.get("error"), body.get("error_description")


def same_answer_as(other: Exchange, ref: str, why: str, *, other_name: str) -> ExchangeCheck:
    """The same status, ``error`` and ``error_description`` as ``other`` (``other_name`` says
    what that request was): nothing tells the two requests apart."""

    def check(exchange: Exchange) -> Violation | None:
        mine, theirs = _answer(exchange), _answer(other)
        if mine == theirs:
            return None
        return Violation(
            why,
            f"the same status, error and error_description as for {other_name}",
            f"{describe_status(exchange)} with {quote_body(exchange)}; for {other_name}: "
            f"{describe_status(other)} with {quote_body(other)}",
            ref,
        )

    return check


def _params(url: str, component: str) -> list[tuple[str, str]]:
    parts = urlsplit(url)
    return parse_qsl(parts.query if component == "query" else parts.fragment, True)


def params_not_in_query(names: Collection[str], ref: str, why: str) -> UrlsCheck:
    """No URL carries any of ``names`` in its query component (RFC 6749 §4.2.2: the implicit
    grant's response goes in the fragment)."""

    def check(urls: Sequence[str]) -> Violation | None:
        for url in urls:
            found = sorted({key for key, _ in _params(url, "query") if key in names})
            if found:
                where = describe_url(url)
                return Violation(
                    why,
                    f"{', '.join(found)} only in the fragment",
                    f"{', '.join(found)} in the query of {where}",
                    ref,
                )
        return None

    return check


def response_param_is(name: str, expected: str, ref: str, why: str) -> UrlsCheck:
    """Every URL that carries an ``access_token`` (in its fragment or query) carries ``name``
    with exactly ``expected`` beside it (RFC 6749 §4.2.2: "the exact value received")."""

    def check(urls: Sequence[str]) -> Violation | None:
        for url in urls:
            for component in ("fragment", "query"):
                pairs = _params(url, component)
                if not any(key == "access_token" for key, _ in pairs):
                    continue
                values = [value for key, value in pairs if key == name]
                if values == [expected]:
                    continue
                if not values:
                    actual = f"no {name} in the {component}"
                elif len(values) > 1:
                    actual = f"{len(values)} {name} values in the {component}"
                else:
                    actual = f"another {name} ({len(values[0])} characters, sent {len(expected)})"
                return Violation(
                    why, f"{name} exactly as sent", f"{actual} of {describe_url(url)}", ref
                )
        return None

    return check
