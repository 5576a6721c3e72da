"""The pre-flight stops a run against a down, silent or misconfigured target in one line,
before any scenario (and after one login attempt at most); a good target passes it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import pytest

from tests.runs._harness import (
    SECRETS_ENV,
    free_port,
    html_everywhere_server,
    password_echoing_server,
    remote_target,
    run_scenarios,
    served_mock,
    silent_server,
)

pytestmark = [pytest.mark.browser]
PREFLIGHT_FAILED = 6
SELECTION = ("--requirement", "RFC6749-4.1.2")


@contextmanager
def mock_issuer() -> Iterator[str]:
    with served_mock() as server:
        yield server.issuer


def test_a_configured_target_passes_and_the_header_says_so(tmp_path: Path) -> None:
    with mock_issuer() as issuer:
        run = run_scenarios(remote_target(tmp_path, issuer), tmp_path / "reports", *SELECTION, "-v")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "oauth-harness: pre-flight passed in" in run.stdout
    assert "the code exchanged for an access token" in run.stdout


CASES: dict[str, tuple[Callable[[], AbstractContextManager[str]], dict[str, str], str]] = {
    "nothing listens": (
        lambda: nullcontext(f"http://127.0.0.1:{free_port()}"),
        {},
        "the authorization endpoint http://127.0.0.1:",
    ),
    "accepts and never answers": (silent_server, {}, "did not answer (ReadTimeout"),
    "html on every path": (
        html_everywhere_server,
        {},
        "no page of the browser script matched; at http://127.0.0.1:",
    ),
    "wrong client secret": (
        mock_issuer,
        {"RUN_PRIMARY_SECRET": "not-the-secret"},
        "the token endpoint refused [clients.primary] (HTTP 401, error=invalid_client)",
    ),
    "wrong second client secret": (
        mock_issuer,
        {"RUN_SECOND_SECRET": "not-the-secret"},
        "the token endpoint refused [clients.second] (HTTP 401, error=invalid_client)",
    ),
    "a login page that echoes the password": (
        password_echoing_server,
        {},
        "Login failed: <secret#1> is wrong",
    ),
    "wrong password": (
        mock_issuer,
        {"RUN_PASSWORD": "not-the-password"},
        "the login page came back after [user] credentials were submitted",
    ),
}


@pytest.mark.parametrize(("server", "env", "cause"), list(CASES.values()), ids=list(CASES))
def test_a_bad_target_stops_the_run_in_one_line_before_any_scenario(
    tmp_path: Path,
    server: Callable[[], AbstractContextManager[str]],
    env: dict[str, str],
    cause: str,
) -> None:
    with server() as issuer:
        run = run_scenarios(
            remote_target(tmp_path, issuer), tmp_path / "reports", *SELECTION, env=env
        )
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == PREFLIGHT_FAILED, run.stdout + run.stderr
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Exit: pre-flight for target mock-as-remote"), lines[0]
    assert cause in lines[0]
    assert run.summary is not None
    assert run.summary["results"] == []  # no scenario ran: an error summary, no verdicts
    assert "passed" not in run.stdout
    for secret in (*SECRETS_ENV.values(), *env.values()):
        assert secret not in run.stdout + run.stderr


def test_discovered_capabilities_decide_which_scenarios_run(tmp_path: Path) -> None:
    """The metadata advertises iss (RFC 9207 §3) and a revocation endpoint: the scenarios that
    need them run, though the file declares neither."""
    with mock_issuer() as issuer:
        target = remote_target(tmp_path, issuer, discover=True)
        run = run_scenarios(target, tmp_path / "r", "-k", "carries_issuer")  # #112 only
    outcomes = run.outcomes()
    assert len(outcomes) >= 2, run.stdout + run.stderr  # success, Deny, request errors
    assert set(outcomes.values()) == {"passed"}, run.messages()


def test_a_discovery_that_gets_no_answer_stops_the_run_in_one_line(tmp_path: Path) -> None:
    target = remote_target(tmp_path, f"http://127.0.0.1:{free_port()}", discover=True)
    run = run_scenarios(target, tmp_path / "r", *SELECTION)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == PREFLIGHT_FAILED
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Exit: pre-flight for target mock-as-remote")
    assert "[endpoints] discover: metadata at http://127.0.0.1:" in lines[0]
    assert "is the server running, and is [endpoints] issuer right?" in lines[0]
    assert run.stdout.strip() == ""


def test_a_stopped_run_leaves_an_error_summary_and_junit(tmp_path: Path) -> None:
    """A run the pre-flight stops owns its reports too: no earlier verdicts, an error summary
    and a JUnit file with one erroring case (CI shows red, not an empty green)."""
    import json
    import xml.etree.ElementTree as ET

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "summary.json").write_text('{"counts": {"passed": 191}}')
    target = remote_target(tmp_path, f"http://127.0.0.1:{free_port()}")
    run = run_scenarios(target, reports, *SELECTION, f"--junitxml={reports / 'junit.xml'}")
    assert run.returncode == PREFLIGHT_FAILED, run.stdout + run.stderr
    data = json.loads((reports / "summary.json").read_text())
    assert data["exit_code"] == PREFLIGHT_FAILED
    assert data["results"] == []
    assert "the authorization endpoint http://127.0.0.1:" in data["error"]
    root = ET.parse(reports / "junit.xml").getroot()
    (case,) = root.iter("testcase")
    assert case.find("error") is not None
