"""Checks on authorization responses (the callback URL) and on where the browser went."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import parse_qs, urlsplit

from harness.checks._violation import Violation
from harness.evidence import Navigation

UrlCheck = Callable[[str], Violation | None]
NavigationCheck = Callable[[Sequence[Navigation]], Violation | None]


def query_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def param_equals(name: str, expected: str, ref: str, why: str) -> UrlCheck:
    """The callback carries ``name`` exactly once, byte for byte equal to ``expected``."""

    def check(url: str) -> Violation | None:
        values = query_params(url).get(name, [])
        if values == [expected]:
            return None
        if not values:
            actual = f"no '{name}' parameter"
        elif len(values) > 1:
            actual = f"'{name}' {len(values)} times: {values!r}"
        else:
            actual = f"{name} = {values[0]!r} ({len(values[0])} characters)"
        return Violation(why, f"{name} = {expected!r} ({len(expected)} characters)", actual, ref)

    return check


def param_absent(name: str, ref: str, why: str) -> UrlCheck:
    def check(url: str) -> Violation | None:
        values = query_params(url).get(name)
        if values is None:
            return None
        return Violation(why, f"no '{name}' parameter", f"{name} = {values!r}", ref)

    return check


def param_present(name: str, ref: str, why: str) -> UrlCheck:
    def check(url: str) -> Violation | None:
        if query_params(url).get(name, [""])[0]:
            return None
        return Violation(
            why, f"a non-empty '{name}' parameter", f"parameters {sorted(query_params(url))}", ref
        )

    return check


def never_navigated_to(prefix: str, ref: str, why: str) -> NavigationCheck:
    """No browser request (including redirect targets) went to a URL starting with ``prefix``."""

    def check(navigations: Sequence[Navigation]) -> Violation | None:
        hits = [nav for nav in navigations if nav.url.startswith(prefix)]
        if not hits:
            return None
        first = hits[0]
        return Violation(
            why,
            f"no navigation to {prefix}",
            f"{len(hits)} navigation(s), the first: {first.method} {first.url}",
            ref,
        )

    return check


def navigated_to(prefix: str, ref: str, why: str) -> NavigationCheck:
    """Some browser request (a redirect target included) went to a URL starting with ``prefix``:
    the server sent the user back to that redirect URI."""

    def check(navigations: Sequence[Navigation]) -> Violation | None:
        if any(nav.url.startswith(prefix) for nav in navigations):
            return None
        last = next((nav for nav in reversed(navigations) if nav.is_main_frame), None)
        where = f"the last: {last.method} {last.url}" if last else "no navigation at all"
        return Violation(why, f"a navigation to {prefix}", f"none ({where})", ref)

    return check
