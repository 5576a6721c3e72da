"""Browser event handlers: the navigation log, rendered documents, callback and watched URLs.

Handlers run on Playwright's dispatcher whenever the driver blocks in a Playwright call; they
only record, never call back into Playwright.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, Request, Response

from harness.browser._outcome import RenderedPage
from harness.evidence import Navigation, NavigationKind, describe_url, error_params

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _endpoint(url: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        port = None
    # The browser percent-encodes what the target file may write plainly (/cb/é → /cb/%C3%A9).
    return parts.scheme, (parts.hostname or ""), port, unquote(parts.path or "/")


def is_callback(url: str, redirect_uri: str) -> bool:
    """Same scheme, host, port and path as the redirect URI (RFC 6749 §3.1.2: query may differ)."""
    return _endpoint(url) == _endpoint(redirect_uri)


def _frame(request: Request) -> Frame | None:
    try:
        return request.frame
    except PlaywrightError:  # service-worker requests have no frame
        return None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _main(frame: Frame | None) -> bool:
    return frame is None or frame.parent_frame is None


class Recorder:
    """Collects what the browser did during one authorization."""

    def __init__(self, page: Page, redirect_uri: str, watch: Sequence[str]) -> None:
        self.page = page
        self.redirect_uri = redirect_uri
        self.watch = tuple(watch)
        self.navigations: list[Navigation] = []
        self.rendered: list[RenderedPage] = []
        self.callback_url: str | None = None
        # Where each navigation redirect pointed, fragment included: the browser never requests
        # a fragment, so the request log alone cannot show what a redirect put there.
        self.locations: list[str] = []
        self.watched_url: str | None = None
        self.generation = 0  # main-frame documents committed
        self.loaded_generation = 0  # ... of which the load event fired
        self.last_activity = time.monotonic()
        self.main_request_pending = False
        # A main-frame document was answered but has not committed yet: the old one is still
        # shown, and judging it then would be judging a page that is about to go away.
        self.awaiting_commit = False
        self.failed_navigation: tuple[str, str] | None = None  # (url, the browser's error)
        self.shown_status: int | None = None  # HTTP status of the main frame's last document
        self.events = 0  # main-frame events so far; a change means "look again soon"
        self.origins: set[str] = set()  # of every document requested, in any frame

    def detach(self) -> None:
        """Stop recording (the context and page outlive this authorization when recycled)."""
        context = self.page.context
        context.remove_listener("request", self.on_request)
        context.remove_listener("response", self.on_response)
        context.remove_listener("requestfailed", self.on_request_failed)
        self.page.remove_listener("framenavigated", self.on_frame_navigated)
        self.page.remove_listener("load", self.on_load)

    def attach(self) -> None:
        context = self.page.context
        context.on("request", self.on_request)
        context.on("response", self.on_response)
        context.on("requestfailed", self.on_request_failed)
        self.page.on("framenavigated", self.on_frame_navigated)
        self.page.on("load", self.on_load)

    @property
    def stopped_by_url(self) -> bool:
        return self.callback_url is not None or self.watched_url is not None

    def _ours(self, frame: Frame | None) -> bool:
        """The main frame of the page being driven (not a popup, not an iframe)."""
        return frame is not None and frame == self.page.main_frame

    def _touch(self, pending: bool | None = None) -> None:
        if pending is not None:
            self.main_request_pending = pending
        self.last_activity = time.monotonic()
        self.events += 1

    def on_request(self, request: Request) -> None:
        if not request.is_navigation_request():
            return
        frame = _frame(request)
        self.origins.add(_origin(request.url))
        kind: NavigationKind = "request" if request.redirected_from is None else "redirect"
        self.navigations.append(
            Navigation(
                url=request.url, method=request.method, kind=kind, is_main_frame=_main(frame)
            )
        )
        if self._ours(frame):
            self._touch(pending=True)
        self.classify(request.url)

    def classify(self, url: str) -> None:
        """Note ``url`` as the callback or a watched URL if it is one (the first one counts)."""
        if self.stopped_by_url:
            return
        # Watched URLs first: an attacker URI may share the redirect URI's host and path prefix.
        if url.startswith(self.watch):
            self.watched_url = url
        elif is_callback(url, self.redirect_uri):
            self.callback_url = url

    def on_response(self, response: Response) -> None:
        request = response.request
        if not request.is_navigation_request():
            return
        frame = _frame(request)
        status = response.status
        self.navigations.append(
            Navigation(
                url=response.url,
                method=request.method,
                status=status,
                kind="response",
                is_main_frame=_main(frame),
            )
        )
        if 300 <= status < 400:
            location = response.headers.get("location")
            if location:
                self.locations.append(urljoin(response.url, location))
        if not self._ours(frame) or 300 <= status < 400:
            return
        self._touch(pending=False)  # the document commits next (or, for a 204, nothing does)
        self.awaiting_commit = status != 204
        self.shown_status = status
        self.failed_navigation = None
        if not self._is_stop_url(response.url):  # the client's or attacker's page, not the AS's
            headers = tuple(sorted(response.headers.items()))
            self.rendered.append(RenderedPage(response.url, status, headers))

    def on_request_failed(self, request: Request) -> None:
        if request.is_navigation_request():
            frame = _frame(request)
            self.navigations.append(
                Navigation(
                    url=request.url,
                    method=request.method,
                    kind="failed",
                    is_main_frame=_main(frame),
                    failure=request.failure or "failed",
                )
            )
        if request.is_navigation_request() and self._ours(_frame(request)):
            self.awaiting_commit = False
            self.failed_navigation = (request.url, request.failure or "failed")
            self.shown_status = None
            self._touch(pending=False)

    def on_frame_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.generation += 1
            self.awaiting_commit = False
            self._touch(pending=False)

    def on_load(self, _page: Page) -> None:
        self.loaded_generation = self.generation
        self._touch()

    def load_failure(self) -> str:
        """Why the browser shows its own error page, naming the URL without its query values
        (they may carry a code) and, for a redirect to the client, the error it carried."""
        if self.failed_navigation is None:
            return "the browser could not load the page"
        url, failure = self.failed_navigation
        shown = describe_url(url)
        same_path = urlsplit(url).path == urlsplit(self.redirect_uri).path
        if same_path and not is_callback(url, self.redirect_uri):
            return (
                f"the server sent the browser to {shown}, which is not the redirect URI the "
                f"request named ({describe_url(self.redirect_uri)}), and it could not be loaded "
                f"({failure})" + (f"; {error_params(url)}" if error_params(url) else "")
            )
        return f"the browser could not load {shown} ({failure})"

    def _is_stop_url(self, url: str) -> bool:
        return is_callback(url, self.redirect_uri) or url.startswith(self.watch)
