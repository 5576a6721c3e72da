"""Whether the user was asked: the browser-script pages an authorization went through."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from harness.checks._violation import Violation

PagesCheck = Callable[[Sequence[str]], Violation | None]


def page_shown(page: str, ref: str, why: str) -> PagesCheck:
    """The authorization went through the browser-script page named ``page`` (e.g. consent);
    the subject is the outcome's ``pages_done``."""

    def check(done: Sequence[str]) -> Violation | None:
        if page in done:
            return None
        went = ", ".join(done) if done else "no page of the browser script"
        return Violation(why, f"the {page!r} page", f"only {went}, then a redirect", ref)

    return check
