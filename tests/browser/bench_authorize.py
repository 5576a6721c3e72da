"""Per-authorization browser time against the mock, beside the browser's own floor.

    .venv/bin/python -m tests.browser.bench_authorize [--rounds 20]

Warm browser, one fresh context per authorization. ``mock``: the mock target's browser script
through the mock's login and consent pages until the callback (BrowserSession.authorize).
``direct``: the same login and consent in raw Playwright with the script's selectors hard-wired
(the same browser work without the driver's loop: its floor). ``floor``: raw Playwright on a
trivial loopback page: fresh context, one form filled and submitted, a 303 to the callback,
context closed. ``context``: fresh context + page + close.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from harness.browser import BrowserSession
from harness.mock import MockServer, MockSettings
from harness.targets import load_target

MOCK_TARGET = Path(__file__).resolve().parents[2] / "fixtures" / "targets" / "mock.toml"
FORM = (
    b"<!doctype html><title>floor</title><link rel='icon' href='data:,'>"
    b"<form method=post action=/go><input name=u><button type=submit>go</button></form>"
)


class _Floor(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(FORM)))
        self.end_headers()
        self.wfile.write(FORM)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(303)
        self.send_header("Location", "/callback?code=x")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def _measure(rounds: int, flows: dict[str, Callable[[], None]]) -> dict[str, dict[str, float]]:
    """Interleaved (one of each per round), so load that comes and goes hits all alike."""
    times: dict[str, list[float]] = {label: [] for label in flows}
    for round_ in range(rounds + 1):
        for label, flow in flows.items():
            started = time.perf_counter()
            flow()
            if round_:  # round 0 warms up
                times[label].append(time.perf_counter() - started)
    results = {}
    for label, values in times.items():
        result = {"median": statistics.median(values), "min": min(values), "max": max(values)}
        print(f"{label:8} " + "  ".join(f"{key} {value:.3f} s" for key, value in result.items()))
        results[label] = result
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    floor = ThreadingHTTPServer(("127.0.0.1", 0), _Floor)
    threading.Thread(target=floor.serve_forever, daemon=True).start()
    floor_url = f"http://127.0.0.1:{floor.server_address[1]}/"
    with MockServer(MockSettings()) as mock, BrowserSession() as session:
        target = load_target(MOCK_TARGET, {}).with_issuer(mock.issuer)
        client = target.clients["primary"]
        redirect_uri = session.redirect_uri_for(client.redirect_uri)
        url = (
            f"{target.endpoints.authorization}?response_type=code&client_id={client.id}"
            f"&redirect_uri={redirect_uri}&state=bench&scope=read"
        )

        def mock_flow() -> None:
            outcome = session.authorize(
                url, redirect_uri=redirect_uri, script=target.browser, user=target.user
            )
            assert outcome.stopped == "callback", outcome.detail

        login, consent = target.browser.pages
        assert target.user is not None
        values = {"{username}": target.user.username, "{password}": target.user.password}

        def direct_flow() -> None:
            context = session.new_context()
            page = context.new_page()
            page.goto(url)
            for selector, template in login.fill:
                page.fill(selector, values[template])
            page.click(login.submit)
            page.wait_for_selector(consent.selector)
            with page.expect_request(lambda r: r.url.startswith(redirect_uri)):
                page.click(consent.submit)
            context.close()

        def floor_flow() -> None:
            context = session.new_context()
            page = context.new_page()
            page.goto(floor_url)
            page.fill("input[name=u]", "x")
            with page.expect_request(lambda r: "/callback" in r.url):
                page.click("button")
            context.close()

        def context_only() -> None:
            context = session.new_context()
            context.new_page()
            context.close()

        flows = {"mock": mock_flow, "direct": direct_flow, "floor": floor_flow}
        _measure(rounds, {**flows, "context": context_only})
    floor.shutdown()


if __name__ == "__main__":
    main()
