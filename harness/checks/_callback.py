"""Checks on an authorization outcome that may have no callback at all (the AS showed a page).

The subject is the callback URL, or None when the browser never reached the redirect URI
(an error page, which RFC 6749 §4.1.2.1 requires for some errors and permits for others).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from harness.checks._authz import UrlCheck, query_params
from harness.checks._view import describe_status, header
from harness.checks._violation import Violation
from harness.evidence import Exchange, describe_url

CallbackCheck = Callable[[str | None], Violation | None]


def no_code_issued(ref: str, why: str) -> CallbackCheck:
    """No authorization code reached the client: an error page, or a redirect without ``code``."""

    def check(url: str | None) -> Violation | None:
        if url is None or "code" not in query_params(url):
            return None
        return Violation(
            why,
            "no authorization code (an error page, or an error redirect)",
            "a redirect to the client carrying a code",
            ref,
        )

    return check


def code_issued(ref: str, why: str) -> CallbackCheck:
    """A redirect to the client carrying a code, and no error (the request was granted)."""

    def check(url: str | None) -> Violation | None:
        params = query_params(url) if url is not None else {}
        if "code" in params and "error" not in params:
            return None
        if url is None:
            actual = "no redirect to the client (the server showed a page)"
        else:
            actual = f"a redirect to {describe_url(url)}"
            if "error" in params:
                actual += f" with error = {params['error'][0][:80]!r}"
        return Violation(why, "a redirect to the client carrying a code", actual, ref)

    return check


def when_redirected(check: UrlCheck) -> CallbackCheck:
    """Apply ``check`` to the callback URL only if the browser was redirected to the client."""

    def wrapped(url: str | None) -> Violation | None:
        return None if url is None else check(url)

    return wrapped


def param_in(name: str, accepted: Collection[str], ref: str, why: str) -> UrlCheck:
    """The callback carries ``name`` exactly once, with one of the ``accepted`` values."""
    wanted = " or ".join(repr(value) for value in sorted(accepted))

    def check(url: str) -> Violation | None:
        values = query_params(url).get(name, [])
        if len(values) == 1 and values[0] in accepted:
            return None
        actual = f"no '{name}' parameter" if not values else f"{name} = {values!r}"
        if name != "code" and "code" in query_params(url):
            actual += " (and a code)"
        return Violation(why, f"{name} = {wanted}", actual, ref)

    return check


def only_params(allowed: Collection[str], ref: str, why: str) -> UrlCheck:
    """The callback's query holds no parameter outside ``allowed`` (pass the redirect URI's own
    query parameters in ``allowed`` too: they are the client's, not the server's)."""

    def check(url: str) -> Violation | None:
        extra = sorted(set(query_params(url)) - set(allowed))
        if not extra:
            return None
        return Violation(
            why,
            f"only {', '.join(sorted(allowed))}",
            f"also {', '.join(extra)}",
            ref,
        )

    return check


def redirect_carries_no_code(ref: str, why: str) -> Callable[[Exchange], Violation | None]:
    """The response is not a redirect whose Location carries an authorization code."""

    def check(exchange: Exchange) -> Violation | None:
        location = header(exchange, "location")
        status = exchange.status or 0
        if not 300 <= status < 400 or not location or "code" not in query_params(location):
            return None
        return Violation(
            why,
            "no redirect carrying a code (an error page, or a redirect to sign in)",
            f"{describe_status(exchange)} to {describe_url(location)}",
            ref,
        )

    return check


def not_redirected_to(prefix: str, ref: str, why: str) -> Callable[[Exchange], Violation | None]:
    """The response is not a redirect whose Location starts with ``prefix``."""

    def check(exchange: Exchange) -> Violation | None:
        location = header(exchange, "location") or ""
        status = exchange.status or 0
        if not 300 <= status < 400 or not location.startswith(prefix):
            return None
        return Violation(
            why,
            f"no redirect to {prefix}",
            f"{describe_status(exchange)} to {describe_url(location)}",
            ref,
        )

    return check
