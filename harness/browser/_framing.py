"""Embed a URL in an iframe of another origin and see whether the browser renders it there
(the live clickjacking probe, RFC 9700 §4.16; catalogue #114)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from playwright.sync_api import BrowserContext, Frame, Page
from playwright.sync_api import Error as PlaywrightError

POLL_S = 0.05


@dataclass(frozen=True)
class FramingResult:
    """What the framed document became: ``rendered`` is True when a loaded document of the
    server showed content inside the frame; ``matched`` names the first of the probe's
    selectors found there; ``loaded`` is False when the frame never settled in time."""

    rendered: bool
    frame_url: str = field(repr=False)
    matched: str | None = None
    loaded: bool = False


def probe_framing(
    context: BrowserContext, url: str, selectors: list[str], *, timeout_s: float
) -> FramingResult:
    """Open an attacker page that frames ``url`` and wait up to ``timeout_s`` for the frame
    to render (content drawn) or be refused (the browser's own error document)."""
    markup = (
        "<!doctype html><title>attacker</title>"
        f'<iframe id="victim" src="{escape(url, quote=True)}" width="800" height="600"></iframe>'
    ).encode()
    # A real page of another loopback origin: a page of a public origin may not frame a
    # loopback server at all (Chromium's local network access checks), nor an https page an
    # http one (mixed content); either would pass every local target whatever its headers.
    with _AttackerPage(markup) as attacker:
        page = context.new_page()
        page.goto(attacker.url, wait_until="load", timeout=timeout_s * 1000)
        return _watch(page, selectors, timeout_s)


def _watch(page: Page, selectors: list[str], timeout_s: float) -> FramingResult:
    deadline = time.monotonic() + timeout_s
    frame: Frame | None = None
    while time.monotonic() < deadline:
        frame = next((f for f in page.frames if f.parent_frame is not None), None)
        shown = _shown(frame) if frame is not None else None
        if frame is not None and shown is not None:
            matched = next((s for s in selectors if _has(frame, s)), None)
            return FramingResult(shown, frame.url, matched, loaded=True)
        page.wait_for_timeout(POLL_S * 1000)
    return FramingResult(False, frame.url if frame else "", loaded=False)


def _shown(frame: Frame) -> bool | None:
    """None while the frame has not settled; False when the browser refused to render it
    (its own error document); True when a loaded document of the server shows content."""
    if frame.url.startswith("chrome-error://"):
        return False
    if frame.url in ("", "about:blank"):
        return None
    try:
        ready, text = frame.evaluate(
            "[document.readyState, (document.body?.innerText || '').length]"
        )
    except PlaywrightError:  # navigating, or replaced by an error document
        return None
    return bool(text) if ready == "complete" else None


def _has(frame: Frame, selector: str) -> bool:
    try:
        return frame.query_selector(selector) is not None
    except PlaywrightError:
        return False


class _AttackerPage:
    """Serves one page on 127.0.0.1:<free port> while open."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/clickjacking.html"

    def __enter__(self) -> _AttackerPage:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
