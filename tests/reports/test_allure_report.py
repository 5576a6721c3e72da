"""``make report`` builds one HTML file that opens from disk and shows a failure's evidence.

A small selection of the real scenarios runs against a defective mock (one MUST failure, one
SHOULD warning) with ``--alluredir``; ``make report`` then runs Allure's own generator (installed
from npm on first use, needs Java) twice, the second time with the first report's history, as a
nightly job would. The resulting index.html is opened from ``file://`` in headless Chromium,
offline, and a reviewer's path is followed: Categories, the conformance failures, the scenario;
its page must show the violation, the severity and the evidence attachment's content.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.browser import BrowserSession, find_chromium

pytestmark = [pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 180
MAKE_TIMEOUT_S = 300  # the first make report may install allure-commandline from npm
DEFECTS = "code-reusable,query-token-accepted"
SELECTION = "test_reused_code_is_rejected or test_query_token_is_refused"
FAILED_TITLE = 'RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once."'
VIOLATION = "[MUST RFC6749-5.2] A used authorization code was accepted again"
WARNING = "[SHOULD RFC6750-2.3] The access token was accepted from the URI query"
FAILURES = "Conformance failures"
WARNINGS = "SHOULD-level warnings"


@dataclass
class Built:
    reports: Path
    index: Path
    make_output: str


def _environ() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HARNESS_", "MOCK_", "PYTEST_ADDOPTS", "ALLURE_HISTORY", "MAKE"))
    }


def _make_report(reports: Path) -> str:
    done = subprocess.run(
        ["make", "--no-print-directory", "report", f"REPORTS={reports}"],
        cwd=REPO,
        env=_environ(),
        capture_output=True,
        text=True,
        timeout=MAKE_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if shutil.which("java") is None:
        pytest.skip("Allure's report generator needs Java (a JRE on PATH); there is none here")
    if find_chromium() is None:
        pytest.skip("no Chromium here: python -m harness.browser.chromium says how to get one")
    reports = tmp_path_factory.mktemp("allure") / "reports"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "scenarios",
            "-q",
            "-n",
            "0",
            "-p",
            "no:randomly",
            "--target=mock",
            f"--mock-defects={DEFECTS}",
            "-k",
            SELECTION,
            "--browser-artifacts=on",
            f"--summary-dir={reports}",
            f"--alluredir={reports / 'allure-results'}",
        ],
        cwd=REPO,
        env=_environ(),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 1, done.stdout[-4000:] + done.stderr[-2000:]  # the finding
    _make_report(reports)  # the previous night's report
    second = _make_report(reports)  # tonight's, with the previous one's history
    return Built(reports, reports / "allure-report" / "index.html", second)


def test_the_report_is_one_file_with_its_history_beside_it(built: Built) -> None:
    directory = built.index.parent
    assert sorted(p.name for p in directory.iterdir()) == ["history", "index.html"]
    assert "Allure trend: history from" in built.make_output
    history = json.loads((directory / "history" / "history.json").read_text())
    # Every scenario's history id matched the previous run's: each has two runs in its trend.
    assert history
    assert {len(entry["items"]) for entry in history.values()} == {2}


def test_a_failed_scenario_page_shows_violation_and_evidence(
    built: Built, tmp_path: Path, browser_session: BrowserSession
) -> None:
    # The harness's Chromium (tests/conftest.py), resolving only loopback names.
    page = browser_session.browser.new_page(viewport={"width": 1400, "height": 1600})
    try:
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(built.index.as_uri())
        page.get_by_text("Categories", exact=True).first.click()
        tree = page.locator(".tree__content").first
        tree.get_by_text(FAILURES).first.click()  # a category groups its results by message
        tree.get_by_text(VIOLATION).first.click()
        tree.get_by_text(FAILED_TITLE).first.click()
        result = page.locator(".test-result")
        result.get_by_text(VIOLATION).first.wait_for()
        result.get_by_text("evidence (redacted)").first.click()
        evidence = result.locator(".attachment__text, pre").filter(has_text="/oauth2/token")
        evidence.first.wait_for()
        page.screenshot(path=str(tmp_path / "allure-failed.png"), full_page=True)
        text = result.inner_text()
        shown = evidence.first.inner_text()
        page.get_by_text("Categories", exact=True).first.click()
        tree.get_by_text(WARNINGS).first.click()
        warned = tree.inner_text()
    finally:
        page.close()
    assert "Severity: critical" in text
    assert "catalogue-52" in text
    assert "RFC6749-4.1.2" in text  # the link to the RFC section
    assert "reproduce with curl" in text
    assert "screenshot authorize-" in text
    assert "<code#" in shown  # the redacted transcript, as the writer kept it
    assert WARNING in " ".join(warned.split())  # the warning is listed, though it passed
    # Opened from disk: nothing but the file itself (and what it inlines) was loaded.
    assert fetched
    assert all(url.startswith(("file:", "data:", "blob:")) for url in fetched), fetched
    print(f"screenshot: {tmp_path / 'allure-failed.png'}")
