"""Drive one authorization in a prepared browser context: a bounded loop over recognised pages.

The loop looks at the page, acts on a recognised page, and otherwise waits briefly. Chromium
holds every call into the page while a main-frame navigation is pending (until it commits, with
no timeout, whatever Playwright's timeout says), so a look at a page whose server hangs would
overrun the deadline. Hence: never look while the event handlers report a pending navigation,
and after a click give the navigation it starts a moment to be reported before looking again.
Waiting itself (``wait_for_timeout``) is not held. (A navigation that a page script starts on
its own at the very instant of a look can still hold that one look until the server answers.)
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from playwright.sync_api import BrowserContext, Page, Route
from playwright.sync_api import Error as PlaywrightError

from harness.browser import _actions as actions
from harness.browser._outcome import AuthorizationOutcome, CapturedSubmit, Decision, Stopped
from harness.browser._recorder import Recorder
from harness.browser._script import (
    DEFAULT_ERROR_SELECTOR,
    LOOK_BROWSER_ERROR,
    LOOK_JS,
    LOOK_NOTHING,
    LOOK_STOP,
    MARK_JS,
    SHOWN_JS,
    action_selector,
    expand,
    recognition_selectors,
)
from harness.browser._tamper import FieldTamper, apply_tampers
from harness.targets import BrowserScript, PageTask, UserConfig

AFTER_CLICK_S = 0.3  # no look this long after a click, unless the browser reports what it did
LOADING_PATIENCE_S = 3.0  # act on a known page whose subresources still load after this long
SCREENSHOT_SETTLE_S = 2.0
SETTLE_AFTER_STOP_S = 1.0  # for the last navigation to commit before the page is reset
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
POLL_MS = (2, 5, 10, 20, 40)  # pause between looks: short while things happen, longer when idle


def one_line(exc: BaseException) -> str:
    """The first line of an error, URLs elided (they may carry codes)."""
    text = str(exc).strip().splitlines()
    return _URL.sub("<url>", text[0]) if text else type(exc).__name__


@dataclass(frozen=True)
class Limits:
    """Bounds of the loop: total time, page tasks performed, quiet time on an unknown page."""

    timeout_s: float
    max_steps: int = 10
    settle_s: float = 2.0


class _StopError(Exception):
    """Ends the loop: why the authorization stopped."""

    def __init__(self, stopped: Stopped, detail: str) -> None:
        super().__init__(detail)
        self.stopped: Stopped = stopped
        self.detail = detail


class _Driver:
    def __init__(
        self,
        page: Page,
        recorder: Recorder,
        script: BrowserScript,
        user: UserConfig | None,
        decision: Decision,
        limits: Limits,
        tamper: Sequence[FieldTamper] = (),
        capture: str | None = None,
    ) -> None:
        self.page = page
        self.capture = capture
        self.captured: CapturedSubmit | None = None
        self.tamper = tuple(tamper)
        self.tampered: list[tuple[FieldTamper, int]] = []
        self.rec = recorder
        self.script = script
        self.user = user
        self.decision = decision
        self.limits = limits
        self.deadline = time.monotonic() + limits.timeout_s
        self.look_arg: dict[str, object] = {
            "sels": recognition_selectors(script),
            "stops": [recorder.redirect_uri, *recorder.watch],
            "patient": False,
        }
        self.loading: tuple[int, float] | None = None  # (generation, since) of a loading page
        self.done: list[str] = []
        self.denied = False  # a deny button was pressed
        self.events_at_click = -1
        self.look_after = 0.0

    def remaining_s(self) -> float:
        return self.deadline - time.monotonic()

    def check_stops(self) -> None:
        if self.captured is not None:
            raise _StopError("captured", f"the submit of page {self.capture!r} was held back")
        if self.rec.watched_url is not None:
            raise _StopError("watched-url", "the browser navigated to a watched URL")
        if self.rec.callback_url is not None:
            raise _StopError("callback", "the browser was sent to the redirect URI")
        if self.remaining_s() <= 0:
            raise _StopError("timeout", f"no callback within {self.limits.timeout_s:g} s")

    def look(self) -> int:
        """One look at the current document (see ``LOOK_JS`` for the answers)."""
        generation = self.rec.generation
        if self.loading is None or self.loading[0] != generation:
            self.loading = (generation, time.monotonic())
        self.look_arg["patient"] = time.monotonic() - self.loading[1] >= LOADING_PATIENCE_S
        try:
            answer = self.page.evaluate(LOOK_JS, self.look_arg)
        except PlaywrightError:  # the document went away meanwhile
            return LOOK_NOTHING
        return answer if isinstance(answer, int) else LOOK_NOTHING

    def loop(self, url: str) -> None:
        # On failure the handlers saw what happened (e.g. a redirect straight to the callback).
        with contextlib.suppress(PlaywrightError):
            self.page.goto(url, wait_until="commit", timeout=max(1.0, self.remaining_s() * 1000))
        idle = 0
        while True:
            self.check_stops()
            events = self.rec.events
            if not self.may_look():
                self.page.wait_for_timeout(POLL_MS[0])
                continue
            answer = self.look()
            self.check_stops()
            if answer == LOOK_BROWSER_ERROR:
                raise _StopError("unrecognised-page", self.rec.load_failure())
            if answer == 1:
                raise _StopError("error-page", "the authorization server showed its error page")
            if answer > 1:
                self.act(self.script.pages[answer - 2], answer - 1)
                idle = 0
                continue
            if answer == LOOK_STOP:  # normally the request log saw it first
                self.rec.classify(self.page.url)
                self.check_stops()
            self.check_quiet()
            idle = 0 if self.rec.events != events else min(idle + 1, len(POLL_MS) - 1)
            self.page.wait_for_timeout(POLL_MS[idle])

    def may_look(self) -> bool:
        if self.rec.main_request_pending or self.rec.awaiting_commit:
            return False
        return self.rec.events != self.events_at_click or time.monotonic() >= self.look_after

    def act(self, task: PageTask, index: int) -> None:
        if task.name in self.done:
            raise _StopError(
                "unrecognised-page",
                f"page {task.name!r} came back after it was submitted (wrong credentials?)",
            )
        if len(self.done) >= self.limits.max_steps:
            raise _StopError("unrecognised-page", f"gave up after {self.limits.max_steps} pages")
        timeout = max(1.0, self.remaining_s() * 1000)
        try:
            self.page.evaluate(MARK_JS, index)
            for selector, template in task.fill:
                where = f"browser page {task.name!r} field {selector!r}"
                value = expand(template, self.user, time.time, where)
                actions.fill(self.page, selector, value, timeout)
            self.tampered += apply_tampers(self.page, task.name, self.tamper)
            button = action_selector(task, self.decision)
            if task.name == self.capture:
                self.page.route(lambda _url: True, self.hold_back)
            self.events_at_click = self.rec.events
            self.look_after = time.monotonic() + AFTER_CLICK_S
            actions.click(self.page, button, timeout)
        except PlaywrightError as exc:
            self.check_stops()
            raise _StopError("unrecognised-page", f"page {task.name!r}: {one_line(exc)}") from None
        self.done.append(task.name)
        self.denied = self.denied or button == task.deny

    def hold_back(self, route: Route) -> None:
        """Keep the first non-GET request after the captured page's click from the server."""
        request = route.request
        if self.captured is not None or request.method == "GET":
            route.continue_()
            return
        kept = ("content-type", "origin", "referer")
        headers = tuple((k, v) for k, v in request.headers.items() if k.lower() in kept)
        body = request.post_data_buffer or b""
        self.captured = CapturedSubmit(request.method, request.url, body, headers)
        route.abort()

    def check_quiet(self) -> None:
        """Nothing recognisable, nothing loading, nothing happening for ``settle_s``: give up."""
        rec = self.rec
        loaded = (
            rec.loaded_generation >= rec.generation
            and not rec.main_request_pending
            and not rec.awaiting_commit
        )
        if not loaded or time.monotonic() - rec.last_activity < self.limits.settle_s:
            return
        hint = "no page of the browser script matched"
        last = next((t for t in self.script.pages if self.done and t.name == self.done[-1]), None)
        if last is not None:
            with contextlib.suppress(PlaywrightError):
                if self.page.evaluate(SHOWN_JS, last.selector):
                    hint = f"page {last.name!r} is still shown after it was submitted"
        raise _StopError("unrecognised-page", hint)


DESCRIBE_JS = """sel => {
  let text = "";
  try { const el = sel && document.querySelector(sel); text = el ? el.innerText : ""; } catch (e) {}
  if (!text && document.body) text = document.body.innerText;
  return [document.title || "", (text || "").replace(/\\s+/g, " ").trim().slice(0, 300)];
}"""


def _describe(page: Page, recorder: Recorder, script: BrowserScript) -> tuple[str, str]:
    """The shown document's title and text (the error element's, else the body's), when the
    page is settled; ("", "") when it is not (a look would wait for the navigation)."""
    if recorder.main_request_pending or recorder.awaiting_commit:
        return "", ""
    selector = script.error_selector or DEFAULT_ERROR_SELECTOR
    try:
        answer = page.evaluate(DESCRIBE_JS, selector)
    except PlaywrightError:
        return "", ""
    if isinstance(answer, list) and len(answer) == 2:
        return str(answer[0])[:120], str(answer[1])
    return "", ""


def _settle(page: Page, recorder: Recorder) -> bool:
    """Give a pending main-frame navigation (usually the callback's, caught as it was
    requested) up to SETTLE_AFTER_STOP_S to commit; True when nothing is pending then."""
    until = time.monotonic() + SETTLE_AFTER_STOP_S
    while (recorder.main_request_pending or recorder.awaiting_commit) and time.monotonic() < until:
        page.wait_for_timeout(POLL_MS[1])
    return not (recorder.main_request_pending or recorder.awaiting_commit)


def _screenshot(page: Page, recorder: Recorder) -> bytes | None:
    """The final page; a pending navigation (e.g. to the callback) gets a moment to land first,
    since Chromium would hold the capture until it commits."""
    settle_until = time.monotonic() + SCREENSHOT_SETTLE_S
    while recorder.main_request_pending and time.monotonic() < settle_until:
        page.wait_for_timeout(POLL_MS[1])
    if recorder.main_request_pending:
        return None
    for _attempt in range(3):  # a document that has just committed may have no frame to capture
        with contextlib.suppress(PlaywrightError):
            return page.screenshot(timeout=5000)
        page.wait_for_timeout(50)
    return None


def drive(
    context: BrowserContext,
    url: str,
    *,
    redirect_uri: str,
    script: BrowserScript,
    user: UserConfig | None,
    decision: Decision,
    limits: Limits,
    watch: Sequence[str] = (),
    screenshot: bool = False,
    tamper: Sequence[FieldTamper] = (),
    capture: str | None = None,
    page: Page | None = None,
) -> AuthorizationOutcome:
    """Run the page tasks until a stop condition in ``page`` (a new page of ``context`` if
    none); the caller owns (and closes or resets) ``context`` and its pages.

    ``capture`` names a page whose submit is held back: the request its button sends is kept
    (``outcome.captured``) and never reaches the server, and the authorization stops there."""
    started = time.monotonic()
    page = context.new_page() if page is None else page
    recorder = Recorder(page, redirect_uri, watch)
    recorder.attach()
    driver = _Driver(page, recorder, script, user, decision, limits, tamper, capture)
    try:
        try:
            driver.loop(url)
            raise AssertionError("unreachable: the loop ends only by a stop")  # pragma: no cover
        except _StopError as stop:
            stopped, detail = stop.stopped, stop.detail
        title = text = ""
        if stopped in ("error-page", "unrecognised-page"):
            title, text = _describe(page, recorder, script)
        shot: bytes | None = None
        if screenshot:
            shot = _screenshot(page, recorder)
        settled = _settle(page, recorder)
    finally:
        recorder.detach()
        if capture is not None:
            with contextlib.suppress(PlaywrightError):
                page.unroute_all(behavior="ignoreErrors")
    return AuthorizationOutcome(
        callback_url=recorder.callback_url,
        stopped=stopped,
        final_url=page.url,
        navigations=list(recorder.navigations),
        locations=list(recorder.locations),
        rendered_pages=list(recorder.rendered),
        screenshot=shot,
        watched_url=recorder.watched_url,
        pages_done=list(driver.done),
        denied=driver.denied,
        captured=driver.captured,
        tampered=list(driver.tampered),
        detail=detail,
        page_title=title,
        page_text=text,
        final_status=recorder.shown_status,
        elapsed_s=time.monotonic() - started,
        origins=frozenset(recorder.origins),
        settled=settled,
    )
