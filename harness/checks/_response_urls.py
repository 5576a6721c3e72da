"""Checks on every URL an authorization sent the browser to, fragments included.

The subject is a list of URLs: the navigation log's and the redirects' Location targets (the
browser never requests a fragment, so only a Location shows what a redirect put there).
Failure text names parameters and where they were, never their values.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from urllib.parse import parse_qsl, urlsplit

from harness.checks._violation import Violation
from harness.evidence import describe_url

UrlsCheck = Callable[[Sequence[str]], Violation | None]
TOKEN_PARAMS = ("access_token", "refresh_token", "id_token")


def _found(url: str, names: Collection[str]) -> list[tuple[str, str]]:
    """(component, name) of each of ``names`` in the URL's query or fragment."""
    parts = urlsplit(url)
    return [
        (component, key)
        for component, text in (("query", parts.query), ("fragment", parts.fragment))
        for key, _value in parse_qsl(text, keep_blank_values=True)
        if key in names
    ]


def no_tokens_in_urls(ref: str, why: str, names: Collection[str] = TOKEN_PARAMS) -> UrlsCheck:
    """No URL carries a token parameter (``access_token``, ``refresh_token``, ``id_token``)."""

    def check(urls: Sequence[str]) -> Violation | None:
        for url in urls:
            found = _found(url, names)
            if found:
                where = ", ".join(f"{name} in the {component}" for component, name in found)
                return Violation(why, "no token in any URL", f"{where} of {describe_url(url)}", ref)
        return None

    return check


def params_not_in_fragment(
    names: Collection[str], ref: str, why: str, *, expected: str | None = None
) -> UrlsCheck:
    """No URL carries any of ``names`` in its fragment (by default: a response that belongs
    in the query; ``expected`` says what was wanted instead)."""

    def check(urls: Sequence[str]) -> Violation | None:
        for url in urls:
            found = sorted({name for where, name in _found(url, names) if where == "fragment"})
            if found:
                return Violation(
                    why,
                    expected or f"{', '.join(found)} in the query component",
                    f"{', '.join(found)} in the fragment of {describe_url(url)}",
                    ref,
                )
        return None

    return check
