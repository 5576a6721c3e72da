"""Checks on the pages the browser rendered (their headers) and on how its POSTs were redirected.

A page is anything with ``url``, ``status`` and ``header(name)`` (``harness.browser``'s
``RenderedPage``); checks stay independent of the browser layer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Protocol
from urllib.parse import urlsplit

from harness.checks._violation import Violation
from harness.evidence import Navigation, describe_url

# Policies that never send a page's path or query to another origin (W3C Referrer Policy §3).
STRICT_REFERRER_POLICIES = frozenset(
    {
        "no-referrer",
        "same-origin",
        "origin",
        "strict-origin",
        "origin-when-cross-origin",
        "strict-origin-when-cross-origin",
    }
)
_KNOWN_REFERRER_POLICIES = STRICT_REFERRER_POLICIES | {"unsafe-url", "no-referrer-when-downgrade"}


class Page(Protocol):
    @property
    def url(self) -> str: ...

    @property
    def status(self) -> int: ...

    def header(self, name: str) -> str | None: ...


PagesCheck = Callable[[Sequence[Page]], Violation | None]
NavigationCheck = Callable[[Sequence[Navigation]], Violation | None]


def _where(page: Page) -> str:
    return f"{urlsplit(page.url).path or '/'} (HTTP {page.status})"


def _shown(page: Page, name: str) -> str:
    value = page.header(name)
    return "(absent)" if value is None else value


def _frame_ancestors_protects(csp: str | None) -> bool:
    """A ``frame-ancestors`` directive (in any of the policies) that is not a wildcard."""
    for policy in (csp or "").split(","):
        for directive in policy.split(";"):
            name, *sources = directive.split() or [""]
            if name.lower() != "frame-ancestors":
                continue
            if not any(s == "*" or s.lower() in ("http:", "https:") for s in sources):
                return True
    return False


def _frame_options_protects(value: str | None) -> bool:
    return (value or "").strip().upper() in ("DENY", "SAMEORIGIN")


def pages_forbid_framing(ref: str = "RFC9700-4.16") -> PagesCheck:
    """Every page carries CSP ``frame-ancestors`` or ``X-Frame-Options: DENY|SAMEORIGIN`` as a
    response header (a ``<meta>`` CSP cannot set ``frame-ancestors``)."""

    def check(pages: Sequence[Page]) -> Violation | None:
        bare = [
            page
            for page in pages
            if not _frame_ancestors_protects(page.header("content-security-policy"))
            and not _frame_options_protects(page.header("x-frame-options"))
        ]
        if not bare:
            return None
        shown = "; ".join(
            f"{_where(p)}: Content-Security-Policy: {_shown(p, 'content-security-policy')}, "
            f"X-Frame-Options: {_shown(p, 'x-frame-options')}"
            for p in bare
        )
        return Violation(
            f"{len(bare)} of {len(pages)} rendered pages can be framed by another origin",
            "on every page: Content-Security-Policy frame-ancestors, "
            "or X-Frame-Options DENY or SAMEORIGIN",
            shown,
            ref,
        )

    return check


def referrer_policy(value: str | None) -> str | None:
    """The policy a browser applies: the last token it recognises (W3C Referrer Policy §4.1)."""
    known = [t.strip().lower() for t in (value or "").split(",")]
    known = [t for t in known if t in _KNOWN_REFERRER_POLICIES]
    return known[-1] if known else None


def pages_have_strict_referrer_policy(ref: str = "RFC9700-4.2.4") -> PagesCheck:
    """Every page sets a ``Referrer-Policy`` that keeps its URL (the authorization request,
    with ``state``) from other origins."""

    def check(pages: Sequence[Page]) -> Violation | None:
        loose = [
            page
            for page in pages
            if referrer_policy(page.header("referrer-policy")) not in STRICT_REFERRER_POLICIES
        ]
        if not loose:
            return None
        shown = "; ".join(
            f"{_where(p)}: Referrer-Policy: {_shown(p, 'referrer-policy')}" for p in loose
        )
        return Violation(
            f"{len(loose)} of {len(pages)} rendered pages may leak their URL in Referer",
            "Referrer-Policy: " + ", ".join(sorted(STRICT_REFERRER_POLICIES)),
            shown,
            ref,
        )

    return check


def no_post_redirected_with(statuses: Collection[int], ref: str, why: str) -> NavigationCheck:
    """No navigation POST (a form submission) was answered with one of ``statuses``."""

    def check(navigations: Sequence[Navigation]) -> Violation | None:
        hits = [
            nav
            for nav in navigations
            if nav.kind == "response" and nav.method == "POST" and nav.status in statuses
        ]
        if not hits:
            return None
        first = hits[0]
        return Violation(
            why,
            f"form POSTs answered with a status other than {sorted(statuses)} (303 is safe)",
            f"POST {urlsplit(first.url).path} answered with HTTP {first.status}"
            + (f" (and {len(hits) - 1} more)" if len(hits) > 1 else ""),
            ref,
        )

    return check


class FramedDocument(Protocol):
    """What a framing probe saw (``harness.browser.FramingResult``)."""

    rendered: bool
    frame_url: str
    matched: str | None


def not_rendered_in_frame(ref: str, why: str) -> Callable[[FramedDocument], Violation | None]:
    """The browser refused to draw the server's page inside another origin's frame."""

    def check(framed: FramedDocument) -> Violation | None:
        if not framed.rendered:
            return None
        shown = f" (its {framed.matched!r} was there)" if framed.matched else ""
        return Violation(
            why,
            "the framed page blocked by X-Frame-Options or CSP frame-ancestors",
            f"the page rendered inside the attacker's frame at {describe_url(framed.frame_url)}"
            + shown,
            ref,
        )

    return check
