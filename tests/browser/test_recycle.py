"""A recycled context starts each authorization as a fresh one would: nothing of the last left.

A real page sets every kind of state a login page could keep (cookies, local and session
storage, IndexedDB, Cache Storage); after a reset, the same origin sees none.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from harness.browser import BrowserSession
from harness.browser._recycle import USES_PER_CONTEXT, RecycledContext
from tests._loopback import serving

SET_STATE = """<!doctype html><title>set</title><script>
document.cookie = "js=1; path=/";
localStorage.setItem("k", "v");
sessionStorage.setItem("k", "v");
const open = indexedDB.open("db", 1);
open.onupgradeneeded = () => open.result.createObjectStore("s");
open.onsuccess = () => caches.open("c")
  .then(c => c.put("/x", new Response("x")))
  .then(() => fetch("/cached")).then(() => { document.title = "done"; });
</script>"""

READ_STATE = """async () => {
  const dbs = (await indexedDB.databases()).map(d => d.name);
  return {
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    dbs: dbs,
    caches: await caches.keys(),
  };
}"""

CLEAN = {"cookie": "", "local": 0, "session": 0, "dbs": [], "caches": []}


class _Site(BaseHTTPRequestHandler):
    cached_hits = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        if self.path == "/cached":
            with self.lock:
                type(self).cached_hits += 1
            body, extra = b"cached", [("Cache-Control", "public, max-age=3600")]
        else:
            body = (SET_STATE if self.path == "/set" else "<title>read</title>").encode()
            extra = [("Set-Cookie", "server=1; Path=/")] if self.path == "/set" else []
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    _Site.cached_hits = 0
    with serving(_Site) as base:
        yield base


def _set_everything(page_url: str, recycled: RecycledContext) -> None:
    _context, page = recycled.acquire()
    page.goto(page_url + "/set")
    page.wait_for_function("document.title === 'done'", timeout=10_000)


def test_a_reset_leaves_nothing_of_the_last_authorization(
    browser_session: BrowserSession, site: str
) -> None:
    recycled = RecycledContext(browser_session.new_context)
    try:
        _set_everything(site, recycled)
        context, page = recycled.acquire()
        page.goto(site + "/read")
        assert page.evaluate(READ_STATE) != CLEAN  # the setter worked: the check can fail
        assert context.cookies() != []

        recycled.release([site])
        context, page = recycled.acquire()
        assert recycled.created == 1  # the same context, reset
        assert context.cookies() == []
        page.goto(site + "/read")
        assert page.evaluate(READ_STATE) == CLEAN
    finally:
        recycled.discard()


def test_a_session_context_caches_no_response(browser_session: BrowserSession, site: str) -> None:
    """Why a reset need not empty the HTTP cache: a routed context has none."""
    context = browser_session.new_context()
    try:
        page = context.new_page()
        page.goto(site + "/read")
        for _ in range(2):
            page.evaluate("() => fetch('/cached')")
        assert _Site.cached_hits == 2
    finally:
        context.close()


def test_a_page_left_open_costs_the_context_not_isolation(
    browser_session: BrowserSession, site: str
) -> None:
    recycled = RecycledContext(browser_session.new_context)
    try:
        context, page = recycled.acquire()
        context.new_page().goto(site + "/set")  # a popup the authorization left behind
        recycled.release([site])
        context, page = recycled.acquire()
        assert recycled.created == 2
        page.goto(site + "/read")
        assert page.evaluate(READ_STATE) == CLEAN
    finally:
        recycled.discard()


def test_signed_in_cookies_are_carried_into_the_reset_context(
    browser_session: BrowserSession, site: str
) -> None:
    recycled = RecycledContext(browser_session.new_context)
    try:
        _set_everything(site, recycled)
        context, _page = recycled.acquire()
        cookies = context.storage_state()["cookies"]
        recycled.release([site])
        context, page = recycled.acquire(cookies)
        page.goto(site + "/read")
        assert sorted(page.evaluate("document.cookie").split("; ")) == ["js=1", "server=1"]
        assert page.evaluate(READ_STATE)["local"] == 0
    finally:
        recycled.discard()


def test_a_context_is_replaced_after_its_share_of_authorizations(
    browser_session: BrowserSession, site: str
) -> None:
    recycled = RecycledContext(browser_session.new_context)
    try:
        for _ in range(USES_PER_CONTEXT):
            recycled.acquire()
            recycled.release([site], settled=True)
        assert recycled.created == 1
        recycled.acquire()
        assert recycled.created == 2  # a page kept for ever grows: a new one now
    finally:
        recycled.discard()
