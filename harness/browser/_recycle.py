"""One browser context and page reused across authorizations, reset to what a fresh one holds.

A new context's first page starts a renderer process: on the mock that is about half of an
authorization's time and CPU. So the session keeps one context and one page, and between
authorizations puts them back in a fresh context's state:

- the page goes to ``about:blank`` (the last documents, their pending loads and timers end);
- every cookie is removed;
- every origin a document came from loses all its storage (``Storage.clearDataForOrigin``:
  local and session storage, IndexedDB, Cache Storage, service workers …).

There is no HTTP cache to empty: the session routes every context's requests (to abort those
leaving the machine), and Playwright turns the cache off for a routed context.

``tests/browser/test_recycle.py`` proves each of those against a page that sets them all.
Anything that fails while resetting closes the context, and the next authorization gets a
new one: a failed reset never leaks state, it only costs the time saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

from playwright.sync_api import BrowserContext, CDPSession, Page
from playwright.sync_api import Error as PlaywrightError

RESET_TIMEOUT_MS = 5000.0
# A page kept for ever grows (its renderer's heap, the driver's records of its requests):
# over 500 authorizations one page got 26 % slower and 135 MB bigger (make bench, part d).
# A new context every this many keeps both flat for a fiftieth of a context's cost each.
USES_PER_CONTEXT = 50


class RecycledContext:
    """The session's reusable context: ``acquire`` a clean (context, page), ``release`` it
    with the origins its documents came from. Not thread-safe (one per browser session)."""

    def __init__(self, new_context: Callable[[], BrowserContext]) -> None:
        self._new_context = new_context
        self._held: tuple[BrowserContext, Page, CDPSession] | None = None
        self.created = 0  # contexts made (a figure for the benchmark)
        self._uses = 0  # authorizations in the held context

    def acquire(self, cookies: Iterable[Any] = ()) -> tuple[BrowserContext, Page]:
        """A context in a fresh state and its one page, carrying ``cookies`` (a signed-in
        state's, as ``BrowserContext.storage_state()`` lists them) if any."""
        if self._held is not None and self._uses >= USES_PER_CONTEXT:
            self.discard()
        if self._held is None:
            context = self._new_context()
            try:
                page = context.new_page()
                cdp = context.new_cdp_session(page)
            except PlaywrightError:
                with contextlib.suppress(PlaywrightError):
                    context.close()
                raise
            self._held = (context, page, cdp)
            self._uses = 0
            self.created += 1
        context, page, _cdp = self._held
        self._uses += 1
        cookies = list(cookies)
        if cookies:
            context.add_cookies(cookies)
        return context, page

    def release(self, origins: Iterable[str], settled: bool = False) -> None:
        """Reset after an authorization whose documents came from ``origins``
        (``scheme://host:port``); on any failure the context is closed instead. ``settled``:
        no navigation of the page is pending (the page may be asked to leave by itself)."""
        if self._held is None:
            return
        context, page, cdp = self._held
        try:
            _blank(page, settled)
            for origin in sorted(set(origins)):
                if not origin.startswith(("http://", "https://")):
                    continue
                cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            context.clear_cookies()
            if len(context.pages) != 1:  # a popup or a new tab the last authorization opened
                raise PlaywrightError("another page is open")
        except PlaywrightError:
            self.discard()

    def discard(self) -> None:
        """Close the held context (the next ``acquire`` makes a new one)."""
        held, self._held = self._held, None
        if held is not None:
            with contextlib.suppress(PlaywrightError):
                held[0].close()


def _blank(page: Page, settled: bool) -> None:
    """Unload the last document. A settled page leaves by itself (``location.replace``): a
    navigation the browser starts (``goto``) may move the tab to a new renderer process,
    about a tenth of a second of CPU. A page with a navigation pending is sent by the browser,
    which cancels that navigation (a script call would wait for it, however long)."""
    if settled:
        # The call may return before the navigation it starts, or fail as the document goes.
        with contextlib.suppress(PlaywrightError):
            page.evaluate("location.replace('about:blank')")
        with contextlib.suppress(PlaywrightError):
            page.wait_for_url("about:blank", wait_until="commit", timeout=RESET_TIMEOUT_MS)
            return
    page.goto("about:blank", wait_until="commit", timeout=RESET_TIMEOUT_MS)
