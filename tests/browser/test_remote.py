"""A remote browser (--browser-endpoint) served by ``python -m harness.browser.serve``: a real
browser server on 127.0.0.1, a real mock, a real run through the CLI. Run under the browser lock.

The endpoint carries a made-up ``?token=`` the server ignores: it must never be shown."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from harness.browser import BrowserSession, find_chromium, shown_endpoint
from harness.browser.serve import STARTUP_TIMEOUT_S, first_line
from harness.mock import MockServer, MockSettings
from harness.targets import load_target
from tests.pipeline._run import REPO, Done, harness
from tests.runs._harness import free_port

pytestmark = pytest.mark.browser

TOKEN = "remote-token-never-shown"
MOCK_TARGET = REPO / "fixtures" / "targets" / "mock.toml"
STATE_SCENARIOS = "scenarios/authorization/test_state.py"
THREE = "no_state_sent or empty_state or very_long_state"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A browser server from the serve module (its own process), with a token in the query."""
    if find_chromium() is None:
        pytest.skip("no Chromium here: python -m harness.browser.chromium says how to get one")
    server = subprocess.Popen(
        [sys.executable, "-m", "harness.browser.serve", "--port", "0"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        served = first_line(server, STARTUP_TIMEOUT_S)
        assert served.startswith("ws://127.0.0.1:"), served
        yield f"{served}?token={TOKEN}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            assert server.wait(timeout=30) == 0  # interrupted is its normal end
        finally:
            if server.poll() is None:
                server.kill()
            for stream in (server.stdout, server.stderr):
                assert stream is not None
                stream.close()


def _in_own_thread(body: Callable[[], None], timeout_s: float = 60.0) -> None:
    """Run ``body`` in a thread of its own: sync Playwright allows one instance per thread, and
    this process's other browser tests hold one in the main thread."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            body()
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout_s)
    assert not thread.is_alive(), f"the remote authorization took over {timeout_s:g} s"
    if failure:
        raise failure[0]


def test_a_remote_browser_authorizes_against_the_mock_and_still_aborts_outside_urls(
    endpoint: str,
) -> None:
    seen: dict[str, Any] = {}

    def body() -> None:
        with MockServer(MockSettings()) as mock, BrowserSession(endpoint=endpoint) as session:
            target = load_target(MOCK_TARGET, {}).with_issuer(mock.issuer)
            client = target.clients["primary"]
            redirect = session.redirect_uri_for(client.redirect_uri)
            query = {
                "response_type": "code",
                "client_id": client.id,
                "redirect_uri": redirect,
                "scope": client.scope,
                "state": "remote-state",
                "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method": "S256",
            }
            outcome = session.authorize(
                f"{target.endpoints.authorization}?{urlencode(query)}",
                redirect_uri=redirect,
                script=target.browser,
                user=target.user,
            )
            seen["stopped"], seen["detail"] = outcome.stopped, outcome.detail
            seen["params"] = outcome.callback_params
            # The route that aborts every non-loopback URL runs on this side of the connection.
            context = session.new_context()
            try:
                page = context.new_page()
                with pytest.raises(PlaywrightError):
                    page.goto("http://example.com/", timeout=5000)
            finally:
                context.close()
            seen["blocked"] = list(session.blocked)

    _in_own_thread(body)
    assert seen["stopped"] == "callback", seen["detail"]
    assert seen["params"]["state"] == "remote-state"
    assert seen["params"]["code"]
    assert any(urlsplit(url).hostname == "example.com" for url in seen["blocked"])


def test_a_conformance_run_through_a_remote_browser(endpoint: str, tmp_path: Path) -> None:
    done = harness(
        STATE_SCENARIOS, "-k", THREE, "-n", "0", "-v",
        f"--browser-endpoint={endpoint}", f"--summary-dir={tmp_path}",
        env={"HARNESS_CHROMIUM": "/nonexistent"},  # no local Chromium is looked for
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert done.stdout.count(" PASSED") == 3, done.stdout[-3000:]
    shown = shown_endpoint(endpoint)
    assert f"oauth-harness: browser: remote {shown}" in done.stdout
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert f"browser: remote {shown}" in summary["details"]
    everything = done.stdout + done.stderr + "".join(p.read_text() for p in tmp_path.iterdir())
    assert TOKEN not in everything
    assert urlsplit(endpoint).path not in everything  # the server's path is its key


def _one_line(done: Done, code: int) -> str:
    assert done.returncode == code, done.stdout[-3000:] + done.stderr
    lines = done.stderr_lines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert TOKEN not in done.stdout + done.stderr
    return lines[0]


def test_an_endpoint_that_does_not_answer_ends_the_run_with_exit_3(tmp_path: Path) -> None:
    dead = f"ws://127.0.0.1:{free_port()}/browser"  # nothing listens there
    done = harness(
        STATE_SCENARIOS, "-k", "no_state_sent", "-n", "0",
        f"--browser-endpoint={dead}?token={TOKEN}", f"--summary-dir={tmp_path}",
    )  # fmt: skip
    line = _one_line(done, 3)
    assert f"the browser server at {shown_endpoint(dead)} could not be used" in line, line


@pytest.mark.parametrize("bad", ["http://127.0.0.1:3000/", "ws:///no-host"])
def test_an_endpoint_that_is_no_ws_url_is_a_usage_error(bad: str, tmp_path: Path) -> None:
    done = harness(
        STATE_SCENARIOS, "-k", "no_state_sent", "-n", "0",
        f"--browser-endpoint={bad}?token={TOKEN}", f"--summary-dir={tmp_path}",
    )  # fmt: skip
    line = _one_line(done, 4)
    assert "--browser-endpoint" in line, line
    assert "is not a ws:// or wss:// URL" in line, line


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("ws://127.0.0.1:3000/b?token=t", "ws://127.0.0.1:3000/…"),
        ("wss://user:pass@browsers.example:443/x?token=t#f", "wss://browsers.example:443/…"),
        ("ws://127.0.0.1:3000/?token=t", "ws://127.0.0.1:3000"),
        ("ws://[::1]:9222", "ws://[::1]:9222"),
    ],
)
def test_an_endpoint_is_shown_without_credentials_path_query_or_fragment(
    given: str, shown: str
) -> None:
    assert shown_endpoint(given) == shown


def test_endpoint_secrets_are_scrubbed_in_their_encoded_forms_too() -> None:
    from harness.browser._remote import _scrubbed

    endpoint = "ws://user:c2VjcmV0LXRva2Vu==@127.0.0.1:4/a/../SECRETPATHXYZ?token=SECRETQ"
    said = "ws://user:c2VjcmV0LXRva2Vu%3D%3D@127.0.0.1:4/SECRETPATHXYZ 400 token=SECRETQ"
    line = _scrubbed(said, endpoint)
    for secret in ("c2VjcmV0LXRva2Vu", "SECRETPATHXYZ", "SECRETQ"):
        assert secret not in line, line
