"""One Chromium per worker; each authorization in a loopback-only context in a fresh state."""

from __future__ import annotations

import contextlib
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from playwright.sync_api import Browser, BrowserContext, Playwright, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from harness.browser._authorize import Limits, drive, one_line
from harness.browser._chromium import HOW_TO_GET_ONE, ChromiumNotFoundError, find_chromium
from harness.browser._framing import FramingResult, probe_framing
from harness.browser._listener import LOOPBACK_HOSTS, CallbackListener, LoopbackListeners
from harness.browser._outcome import Artifacts, AuthorizationOutcome, Decision, SignIn
from harness.browser._recycle import RecycledContext
from harness.browser._script import validate_script
from harness.browser._tamper import FieldTamper
from harness.evidence import Evidence
from harness.targets import BrowserScript, RedirectUri, UserConfig, redirect_uri

BASE_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def launch_args(allowed_hosts: Sequence[str] = ()) -> list[str]:
    """Chromium flags; the resolver answers NOTFOUND for every name but loopback (and
    ``allowed_hosts``), IP literals included, so no traffic leaves the machine."""
    excluded = ", ".join(f"EXCLUDE {host}" for host in (*sorted(LOOPBACK_HOSTS), *allowed_hosts))
    return [*BASE_ARGS, f"--host-resolver-rules=MAP * ~NOTFOUND, {excluded}"]


def outside_pattern(allowed_hosts: Sequence[str] = ()) -> re.Pattern[str]:
    """Matches URLs whose host is neither loopback nor allowed (evaluated by the browser)."""
    names = (*sorted(LOOPBACK_HOSTS), *allowed_hosts)
    hosts = "|".join(re.escape(f"[{host}]" if ":" in host else host) for host in names)
    return re.compile(rf"^(?!(?:https?|wss?)://(?:{hosts})(?::\d+)?(?:[/?#]|$))")


class BrowserError(RuntimeError):
    """The browser itself failed; ``str()`` is one line without URLs."""


class BrowserSession:
    """A launched Chromium, reused for every authorization of this worker.

    ``listeners`` answer at loopback redirect URIs, so the browser lands on a real page;
    ``redirect_uri_for`` starts the one a redirect URI needs. The callback itself is caught from
    the browser's request log, which sees redirect targets before any listener is connected to
    (and cannot confuse a late request of an earlier context with this one's): a redirect URI
    with no listener behind it (a fixed port held elsewhere, an app's https URI) works alike.
    """

    def __init__(
        self,
        executable: Path | str | None = None,
        *,
        headless: bool = True,
        allowed_hosts: Sequence[str] = (),
        listeners: LoopbackListeners | None = None,
        endpoint: str | None = None,
    ) -> None:
        self._executable = Path(executable) if executable is not None else None
        self._endpoint = endpoint  # a Playwright browser server's ws(s):// URL: connect, not launch
        self._headless = headless
        self._allowed_hosts = tuple(allowed_hosts)
        self._outside = outside_pattern(self._allowed_hosts)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._recycled = RecycledContext(self.new_context)
        self._own_listeners = listeners is None
        self.listeners = LoopbackListeners() if listeners is None else listeners
        self.blocked: list[str] = []  # outside URLs aborted in the current context

    @classmethod
    def launch(
        cls,
        executable: Path | str | None = None,
        *,
        headless: bool = True,
        allowed_hosts: Sequence[str] = (),
        listeners: LoopbackListeners | None = None,
        endpoint: str | None = None,
    ) -> BrowserSession:
        """A started session (Chromium found as ``find_chromium`` does, unless given; with an
        ``endpoint``, the remote browser there: BrowserUnreachableError if it does not answer)."""
        session = cls(
            executable,
            headless=headless,
            allowed_hosts=allowed_hosts,
            listeners=listeners,
            endpoint=endpoint,
        )
        session.start()
        return session

    def start(self) -> None:
        if self._browser is not None:
            return
        executable = self._executable or (find_chromium() if self._endpoint is None else None)
        if executable is None and self._endpoint is None:
            raise ChromiumNotFoundError(HOW_TO_GET_ONE)
        self._playwright = sync_playwright().start()
        try:
            if self._endpoint is not None:  # the route in new_context still aborts outside URLs
                from harness.browser._remote import connect as connect_remote

                self._browser = connect_remote(
                    self._playwright,
                    self._endpoint,
                    args=launch_args(self._allowed_hosts),
                    headless=self._headless,
                )
            else:
                self._browser = self._playwright.chromium.launch(
                    executable_path=str(executable),
                    headless=self._headless,
                    args=launch_args(self._allowed_hosts),
                )
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        self._recycled.discard()
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()
            if self._own_listeners:
                self.listeners.stop()

    def __enter__(self) -> BrowserSession:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def listener(self) -> CallbackListener:
        """The 127.0.0.1 listener (started)."""
        return self.listeners.for_host("127.0.0.1")

    @property
    def browser(self) -> Browser:
        self.start()
        assert self._browser is not None
        return self._browser

    def redirect_uri_for(self, redirect: RedirectUri | str) -> str:
        """The redirect URI to send: a loopback any-port one on this worker's listener port
        (RFC 8252 §7.3); the other forms as registered. A string takes its default form."""
        if isinstance(redirect, str):
            redirect = redirect_uri(redirect, None)
        return self.listeners.redirect_uri_for(redirect)

    def new_context(self, sign_in: SignIn | None = None) -> BrowserContext:
        """A fresh context (no cookies, no session, unless ``sign_in`` carries a signed-in
        state) that aborts every non-loopback request."""
        state = sign_in.state if sign_in is not None else None
        context = self.browser.new_context(storage_state=state)
        context.route(self._outside, self._abort)
        return context

    def _abort(self, route: Route) -> None:
        self.blocked.append(route.request.url)
        route.abort()

    def probe_framing(
        self, url: str, selectors: list[str], *, timeout_s: float = 10.0
    ) -> FramingResult:
        """Frame ``url`` in another origin's page in a fresh context (see ``probe_framing``)."""
        try:
            context = self.new_context()
        except PlaywrightError as exc:
            raise _browser_error(exc) from None
        try:
            return probe_framing(context, url, selectors, timeout_s=timeout_s)
        except PlaywrightError as exc:
            raise _browser_error(exc) from None
        finally:
            with contextlib.suppress(PlaywrightError):
                context.close()

    def authorize(
        self,
        url: str,
        *,
        redirect_uri: str,
        script: BrowserScript,
        user: UserConfig | None,
        decision: Decision = "allow",
        timeout_s: float | None = None,
        watch: Sequence[str] = (),
        evidence: Evidence | None = None,
        artifacts: Artifacts = "off",
        artifacts_dir: Path | None = None,
        max_steps: int = 10,
        settle_s: float = 2.0,
        tamper: Sequence[FieldTamper] = (),
        capture: str | None = None,
        sign_in: SignIn | None = None,
    ) -> AuthorizationOutcome:
        """Log in and decide at the consent page in a context in a fresh state (the session's
        recycled one: ``RecycledContext``; a new one when a trace is kept); stop at the first of:
        callback, error page, watched URL, timeout, unrecognised page, or the held-back submit
        of the page named ``capture``. With ``sign_in``, the context starts from its state and
        leaves its own state there (a series of attempts signs in once)."""
        if decision not in ("allow", "deny"):
            raise ValueError(f"decision must be 'allow' or 'deny', not {decision!r}")
        if artifacts not in ("off", "on"):
            raise ValueError(f"artifacts must be 'off' or 'on', not {artifacts!r}")
        validate_script(script)
        limits = Limits(timeout_s or script.timeout_s, max_steps, settle_s)
        self.blocked = []
        keep = artifacts == "on"
        # A recycled context unless a trace is kept (it belongs to one context) or the signed-in
        # state holds web storage (only a new context can start with it).
        state = sign_in.state if sign_in is not None else None
        fresh = keep or bool(state and any(o.get("localStorage") for o in state["origins"]))
        try:
            if fresh:
                context, page = self.new_context(sign_in), None
            else:
                context, page = self._recycled.acquire(state["cookies"] if state else ())
        except PlaywrightError as exc:
            raise _browser_error(exc) from None
        outcome: AuthorizationOutcome | None = None
        try:
            if keep:
                context.tracing.start(screenshots=True, snapshots=True)
            outcome = drive(
                context,
                url,
                redirect_uri=redirect_uri,
                script=script,
                user=user,
                decision=decision,
                limits=limits,
                watch=watch,
                screenshot=keep,
                tamper=tamper,
                capture=capture,
                page=page,
            )
            if keep:
                outcome.trace_path = _trace_path(artifacts_dir)
                context.tracing.stop(path=outcome.trace_path)
            if sign_in is not None:
                sign_in.state = context.storage_state()
        except PlaywrightError as exc:  # the browser itself failed (crashed, closed …)
            raise _browser_error(exc) from None
        finally:
            if fresh:
                with contextlib.suppress(PlaywrightError):
                    context.close()
            elif outcome is None:
                self._recycled.discard()
            else:
                self._recycled.release(outcome.origins, outcome.settled)
        outcome.blocked_requests = list(self.blocked)
        if evidence is not None:
            for navigation in outcome.navigations:
                evidence.add_navigation(navigation)
            pages = ", ".join(outcome.pages_done) or "none"
            evidence.add_note(
                f"browser stopped: {outcome.stopped} ({outcome.detail}); pages done: {pages}"
            )
        return outcome


def _browser_error(exc: PlaywrightError) -> BrowserError:
    return BrowserError(f"the browser failed during authorization: {one_line(exc)}")


def _trace_path(directory: Path | None) -> Path:
    base = directory or Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    return base / f"authorize-trace-{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns()}.zip"
