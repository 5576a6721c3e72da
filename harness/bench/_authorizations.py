"""Authorizations on the bundled mock, timed: the harness's own against bare Playwright (part a),
and a long series in one browser for drift and memory growth (part d)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.bench._figures import DRIFT_WINDOW, drift_pct, median
from harness.bench._processes import usage
from harness.browser import BrowserSession
from harness.client import OAuthClient
from harness.evidence import Evidence
from harness.flows import HttpSession
from harness.mock import MockServer, MockSettings
from harness.targets import Target, load_target

MOCK_TARGET = Path(__file__).resolve().parents[2] / "fixtures" / "targets" / "mock.toml"
Flow = Callable[[], None]


class Bench:
    """The mock, one browser, and the flows timed on them: ``harness`` (the harness's OAuth
    client: request with state and PKCE, browser script, callback caught, evidence recorded)
    and ``bare_fresh`` / ``bare_reused`` (raw Playwright doing the same fills and clicks with
    the script's selectors hard-wired, in a new context each time, or in one page whose
    cookies are cleared)."""

    def __init__(self, mock: MockServer, session: BrowserSession) -> None:
        self.session = session
        self.target: Target = load_target(MOCK_TARGET, {}).with_issuer(mock.issuer)

    def harness(self) -> None:
        evidence = Evidence()
        with HttpSession(evidence) as http:
            client = OAuthClient(
                self.target,
                http,
                lambda: self.session,
                lambda: self.session.listeners,
                evidence,
            )
            client.authorize().require_code()

    def _bare_url(self) -> tuple[str, str]:
        client = self.target.clients["primary"]
        redirect_uri = self.session.redirect_uri_for(client.redirect_uri)
        url = (
            f"{self.target.endpoints.authorization}?response_type=code&client_id={client.id}"
            f"&redirect_uri={redirect_uri}&state=bench&scope=read"
        )
        return url, redirect_uri

    def bare(self, *, reuse: bool) -> Flow:
        url, redirect_uri = self._bare_url()
        login, consent = self.target.browser.pages
        user = self.target.user
        assert user is not None
        values = {"{username}": user.username, "{password}": user.password}
        kept = self.session.new_context() if reuse else None
        kept_page = kept.new_page() if kept is not None else None

        def flow() -> None:
            context = kept or self.session.new_context()
            if kept is not None:
                kept.clear_cookies()
            page = kept_page or context.new_page()
            page.goto(url)
            for selector, template in login.fill:
                page.fill(selector, values[template])
            page.click(login.submit)
            page.wait_for_selector(consent.selector)
            with page.expect_request(lambda request: request.url.startswith(redirect_uri)):
                page.click(consent.submit)
            if kept is None:
                context.close()

        return flow


def _timed(flow: Flow) -> tuple[float, float]:
    cpu = usage().cpu_s
    started = time.perf_counter()
    flow()
    return time.perf_counter() - started, usage().cpu_s - cpu


def compare(rounds: int) -> dict[str, Any]:
    """Part (a): ``rounds`` of each flow, interleaved (one of each per round, so load that comes
    and goes hits all alike) after one warm-up round. Medians of wall and CPU seconds (the CPU
    of this process, the driver and Chromium) per flow, and the harness ÷ bare ratios."""
    with MockServer(MockSettings()) as mock, BrowserSession() as session:
        bench = Bench(mock, session)
        flows = {
            "harness": bench.harness,
            "bare, new context each": bench.bare(reuse=False),
            "bare, one page reused": bench.bare(reuse=True),
        }
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in flows}
        for round_ in range(rounds + 1):
            for label, flow in flows.items():
                timed = _timed(flow)
                if round_:
                    times[label].append(timed)
    rows = {
        label: {
            "median_s": median([wall for wall, _ in values]),
            "cpu_s": median([cpu for _, cpu in values]),
        }
        for label, values in times.items()
    }
    harness_s = rows["harness"]["median_s"]
    bare_s = rows["bare, new context each"]["median_s"]
    return {
        "authorization": rows,
        "auth_median_s": harness_s,
        "bare_median_s": bare_s,
        "bare_reused_median_s": rows["bare, one page reused"]["median_s"],
        "auth_ratio": harness_s / bare_s,
        "auth_ratio_reused": harness_s / rows["bare, one page reused"]["median_s"],
        "auth_rounds": rounds,
    }


MEMORY_READINGS = 4  # readings at each end of a series whose medians are compared (V8's
# collections make one reading of Chromium's memory swing by 100 MB)
MIN_SERIES = 20


def series(count: int, warm_up: int = 20) -> dict[str, Any]:
    """Part (d): ``count`` harness authorizations back to back in one browser after ``warm_up``
    more. Drift: the median time of the last 50 against the first 50 (a quarter of the series
    if that is fewer). Memory: private memory of this process (the worker, the mock included)
    and of the driver and Chromium (the browser), read 20 times along the series; the median
    of the last four readings against that of the first four. ValueError below MIN_SERIES."""
    if count < MIN_SERIES:
        raise ValueError(f"a series needs at least {MIN_SERIES} authorizations")
    window = min(DRIFT_WINDOW, count // 4)
    every = max(1, count // 20)
    with MockServer(MockSettings()) as mock, BrowserSession() as session:
        bench = Bench(mock, session)
        for _ in range(warm_up):
            bench.harness()
        times = []
        readings = []
        for index in range(count):
            if index % every == 0:
                readings.append(usage(memory=True))
            started = time.perf_counter()
            bench.harness()
            times.append(time.perf_counter() - started)
        readings.append(usage(memory=True))
    first, last = readings[:MEMORY_READINGS], readings[-MEMORY_READINGS:]
    worker = median([r.worker_mb for r in last]) - median([r.worker_mb for r in first])
    browser = median([r.browser_mb for r in last]) - median([r.browser_mb for r in first])
    return {
        "series": count,
        "series_window": window,
        "series_median_s": median(times),
        "series_first_median_s": median(times[:window]),
        "series_last_median_s": median(times[-window:]),
        "drift_pct": drift_pct(times, window),
        "memory_worker_mb": [round(r.worker_mb, 1) for r in readings],
        "memory_browser_mb": [round(r.browser_mb, 1) for r in readings],
        "memory_growth_worker_mb": worker,
        "memory_growth_browser_mb": browser,
        "memory_growth_mb": worker + browser,
    }
