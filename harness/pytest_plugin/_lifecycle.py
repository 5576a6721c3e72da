"""What the controller does around the scenarios: hold fixed redirect-URI ports for the run, and
check a remote target end to end before any scenario (the pre-flight)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browser import PortInUseError, hold_fixed_ports
from harness.client import PREFLIGHT_FAILED
from harness.pytest_plugin._exits import NO_BROWSER
from harness.pytest_plugin._session import HarnessSession
from harness.pytest_plugin._workers import runs_scenarios


def prepare_reports(session: HarnessSession, root: Path) -> None:
    """Create the summary directory now: a path that cannot hold reports is a usage error
    before the run, not a traceback after it."""
    if not session.options.summary_dir:
        return
    directory = root / session.options.summary_dir
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise pytest.UsageError(
            f"--summary-dir {session.options.summary_dir}: cannot create {directory} "
            f"({exc.strerror})"
        ) from None


def hold_redirect_ports(session: HarnessSession) -> None:
    """Hold each fixed loopback redirect-URI port for the run (a usage error if taken)."""
    try:
        session.held = hold_fixed_ports(c.redirect for c in session.target.clients.values())
    except PortInUseError as exc:
        raise pytest.UsageError(f"{session.target.source}: {exc}") from None


NO_BROWSER_PREFIX = "no Chromium for the browser scenarios"


def require_chromium(config: pytest.Config, endpoint: str = "") -> None:
    """A run of the scenario suite needs Chromium: without one it stops at once with one line
    and exit code NO_BROWSER, instead of every scenario erroring one by one. With a remote
    browser (``endpoint``, --browser-endpoint) the check is a connection to it, as bounded."""
    from harness.browser import HOW_TO_GET_ONE, ChromiumNotFoundError, find_chromium

    if not runs_scenarios(config):
        return
    if endpoint:
        from harness.browser import BrowserUnreachableError, check_endpoint

        try:
            check_endpoint(endpoint)
        except BrowserUnreachableError as exc:  # one line, the endpoint without its query
            pytest.exit(f"{NO_BROWSER_PREFIX}: {exc}", returncode=NO_BROWSER)
        return
    try:
        found = find_chromium()
    except ChromiumNotFoundError as exc:
        pytest.exit(f"no Chromium for the browser scenarios: {exc}", returncode=NO_BROWSER)
    if found is None:
        pytest.exit(
            f"no Chromium for the browser scenarios: {HOW_TO_GET_ONE}", returncode=NO_BROWSER
        )


def preflight(session: HarnessSession) -> None:
    """Check a remote target end to end before any scenario; a problem ends the run with one
    line and exit code PREFLIGHT_FAILED. The bundled mock, started by the harness, needs none."""
    if session.options.preflight == "off" or session.target.kind == "mock":
        return
    from harness.browser import BrowserSession, ChromiumNotFoundError  # loads Playwright
    from harness.client import PreflightError, browser_hosts, run_preflight

    target = session.target
    browser: BrowserSession | None = None

    def launched() -> BrowserSession:
        nonlocal browser
        if browser is None:
            try:
                browser = BrowserSession.launch(
                    allowed_hosts=browser_hosts(target),
                    endpoint=session.options.browser_endpoint or None,
                )
            except ChromiumNotFoundError as exc:
                pytest.exit(f"{NO_BROWSER_PREFIX}: {exc}", returncode=NO_BROWSER)
        return browser

    try:
        report = run_preflight(target, launched)
    except PreflightError as exc:
        pytest.exit(str(exc), returncode=PREFLIGHT_FAILED)
    finally:
        if browser is not None:
            browser.close()
    session.preflight_lines = [
        f"oauth-harness: pre-flight passed in {report.elapsed_s:.1f} s: " + "; ".join(report.steps)
    ]
