"""What reviewers and CI tools read: the end of the terminal, summary.md, JUnit, baselines, and
reports that belong to the run that wrote them. Small generated projects, real pytest runs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .test_verdicts import SCENARIOS, run

SHOULD_AT_MUST = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange
from harness.spec import Level

@pytest.mark.requirement("RFC7009-2.1")
def test_warns_though_declared_must():
    reply = Exchange("POST", "http://127.0.0.1:1/revoke", status=200)
    verify(reply, status_is(400, "RFC7009-2.1", "Another client's revocation was honoured"),
           level=Level.SHOULD)
"""


def _cases(path: Path) -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    return {case.get("name", ""): case for case in root.iter("testcase")}


def _properties(case: ET.Element) -> list[tuple[str, str]]:
    return [(p.get("name", ""), p.get("value", "")) for p in case.iter("property")]


def test_junit_headline_is_the_violation_and_a_precondition_is_an_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    run(pytester, "--junitxml=out/junit.xml")
    cases = _cases(pytester.path / "out" / "junit.xml")
    failure = cases["test_must_violated"].find("failure")
    assert failure is not None
    assert failure.get("message") == "[MUST RFC6750-3.1] An expired token was accepted"
    broken = cases["test_precondition_broken"]
    assert broken.find("failure") is None
    error = broken.find("error")
    assert error is not None
    assert "no code could be obtained" in (error.text or "")
    suite = ET.parse(pytester.path / "out" / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("failures"), suite.get("errors")) == ("1", "1")
    held = _properties(cases["test_must_holds"])
    assert ("requirement", "RFC6749-5.1") in held
    assert ("level", "MUST") in held
    assert ("catalogue", "49, 50") in held
    warned = dict(_properties(cases["test_should_violated"]))
    assert warned["outcome"] == "warning"
    assert warned["warning"].startswith("[SHOULD RFC6750-5.3]")
    assert "expected: HTTP 401; actual: HTTP 200" in warned["warning"]


def test_a_should_finding_is_counted_at_should(pytester: pytest.Pytester) -> None:
    """A scenario declaring MUST (no level) whose finding was judged at SHOULD sits on the
    SHOULD row, in summary.json, summary.md, the terminal and JUnit."""
    pytester.makepyfile(test_level=SHOULD_AT_MUST)
    result = run(pytester, "--summary-dir=out", "--junitxml=out/junit.xml")
    data = json.loads((pytester.path / "out" / "summary.json").read_text())
    (only,) = data["results"]
    assert (only["outcome"], only["level"]) == ("warning", "SHOULD")
    assert only["violations"][0]["requirement"] == "RFC7009-2.1"
    assert data["by_level"] == {
        "SHOULD": {"passed": 0, "failed": 0, "warning": 1, "skipped": 0, "error": 0}
    }
    markdown = (pytester.path / "out" / "summary.md").read_text()
    assert "| warning | SHOULD | RFC7009-2.1 |" in markdown
    assert not any(line.startswith("MUST ") for line in result.outlines)
    case = _cases(pytester.path / "out" / "junit.xml")["test_warns_though_declared_must"]
    assert ("level", "SHOULD") in _properties(case)


def test_terminal_ends_with_warnings_and_where_the_reports_are(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--summary-dir=out", "--junitxml=out/junit.xml")
    lines = [line for line in result.outlines if line.strip()]
    closing = lines[-1]
    assert "1 failed" in closing
    assert "1 warned" in closing
    assert "1 error" in closing
    assert lines[-2] == "Reports: out/summary.md, out/summary.json, out/junit.xml"
    warnings_at = lines.index(
        "Warnings (SHOULD: the run passes; --strict-conformance=1 fails them):"
    )
    assert lines[warnings_at + 1].strip() == "test_scenarios.py::test_should_violated"
    assert lines[warnings_at + 2].strip().startswith("[SHOULD RFC6750-5.3]")
    assert warnings_at + 3 == len(lines) - 2  # nothing else between the warnings and the end
    failures_at = lines.index("Failures:")
    assert "expected HTTP 401; actual HTTP 200" in lines[failures_at + 2]


def test_source_lines_of_a_traceback_are_never_rewritten(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_source="""
import pytest

@pytest.mark.requirement("RFC6749-5.2")
def test_fails():
    sent = dict(code="made-up-by-the-scenario")
    issued = "".join(reversed("4Bu8YtR7wP2mLx9Qv3kZ"))  # so the source never holds the value
    raise RuntimeError(f"the server said code={issued} back")
"""
    )
    result = run(pytester, "--tb=long")
    text = "\n".join(result.outlines)
    assert '    sent = dict(code="made-up-by-the-scenario")' in text
    assert "Zk3vQ9xLm2Pw7RtY8uB4" not in text
    assert "code=<code#1>" in text


def test_a_run_that_cannot_start_replaces_the_last_reports(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    out = pytester.path / "out"
    run(pytester, "--summary-dir=out", "--junitxml=out/junit.xml")
    (out / "browser-artifacts").mkdir()
    (out / "browser-artifacts" / "old-trace.zip").write_bytes(b"PK")
    assert json.loads((out / "summary.json").read_text())["counts"]["passed"] == 2
    result = run(
        pytester, "--summary-dir=out", "--junitxml=out/junit.xml", "--target=no-such-target"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    data = json.loads((out / "summary.json").read_text())
    assert data["results"] == []
    assert data["exit_code"] == 4
    assert "no-such-target" in data["error"]
    assert "did not complete" in (out / "summary.md").read_text()
    assert not (out / "browser-artifacts").exists()
    (case,) = _cases(out / "junit.xml").values()
    error = case.find("error")
    assert error is not None
    assert "exit code 4" in error.get("message", "")


TOGGLING = """
import os, pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange

def reply(status):
    return Exchange("GET", "http://127.0.0.1:1/api", status=status)

@pytest.mark.requirement("RFC6750-3.1")
def test_fixed_later():
    verify(reply(200 if os.environ.get("ROUND") == "1" else 401), status_is(401, "RFC6750-3.1"))

@pytest.mark.requirement("RFC6750-3.1")
def test_new_later():
    verify(reply(401 if os.environ.get("ROUND") == "1" else 200), status_is(401, "RFC6750-3.1"))

@pytest.mark.requirement("RFC6750-3.1")
def test_always_failing():
    verify(reply(200), status_is(401, "RFC6750-3.1"))
"""


def test_baseline_names_new_fixed_and_still_failing(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_toggle=TOGGLING)
    monkeypatch.setenv("ROUND", "1")
    run(pytester, "--summary-dir=before")
    monkeypatch.setenv("ROUND", "2")
    result = run(pytester, "--summary-dir=after", "--baseline=before/summary.json")
    block = json.loads((pytester.path / "after" / "summary.json").read_text())["baseline"]
    assert block["new"] == ["test_toggle.py::test_new_later"]
    assert block["fixed"] == ["test_toggle.py::test_fixed_later"]
    assert block["still_failing"] == ["test_toggle.py::test_always_failing"]
    text = "\n".join(result.outlines)
    assert "1 new, 1 fixed, 1 still failing" in text
    assert "  NEW: test_toggle.py::test_new_later" in text
    markdown = (pytester.path / "after" / "summary.md").read_text()
    assert "## Compared with the baseline" in markdown
    assert "  FIXED: test_toggle.py::test_fixed_later" in markdown


def test_a_bad_baseline_is_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_toggle=TOGGLING)
    (pytester.path / "junk.json").write_text('{"results": 3}')
    result = run(pytester, "--baseline=junk.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.startswith("ERROR")]
    assert len(errors) == 1
    assert "junk.json" in errors[0]
    assert "summary.json" in errors[0]


def test_last_failed_reruns_only_the_failures(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "import pytest\npytest_plugins = ['harness.pytest_plugin']\n"
        "@pytest.fixture(autouse=True)\ndef selftest_defect(request):\n"
        "    return getattr(request, 'param', None)\n"
    )
    pytester.makepyfile(test_scenarios=SCENARIOS)
    targets = Path(__file__).resolve().parents[2] / "fixtures" / "targets"
    pytester.runpytest_inprocess(f"--targets-dir={targets}")
    again = pytester.runpytest_inprocess(f"--targets-dir={targets}", "--lf")
    outcomes = again.parseoutcomes()
    assert outcomes["failed"] == 1
    assert outcomes["errors"] == 1
    assert "passed" not in outcomes


def test_no_chromium_stops_the_suite_in_one_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "scenarios/metadata", "-q", "-n", "0",
         "--target=mock", f"--summary-dir={tmp_path}"],
        cwd=repo, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "HARNESS_CHROMIUM": str(tmp_path / "no-such-chrome")},
    )  # fmt: skip
    assert done.returncode == 3, done.stdout + done.stderr
    assert "no Chromium for the browser scenarios" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert json.loads((tmp_path / "summary.json").read_text())["exit_code"] == 3


def test_a_skip_raised_in_the_harness_is_reported_at_the_scenario(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        helper="import pytest\n\ndef need_grant():\n    pytest.skip('grant not offered')\n",
        test_skipping=(
            "import pytest\nfrom helper import need_grant\n\n"
            "@pytest.mark.requirement('RFC6749-4.4')\ndef test_grant():\n    need_grant()\n"
        ),
    )
    result = run(pytester, "-rs")
    assert any(
        line.startswith("SKIPPED [1] test_skipping.py:4: grant not offered")
        for line in result.outlines
    ), result.outlines


MAY_FINDING = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange
from harness.spec import Level

@pytest.mark.requirement("RFC6749-10.6", level="MAY")
def test_records_a_may_finding():
    reply = Exchange("GET", "http://127.0.0.1:1/authorize", status=200)
    verify(reply, status_is(400, "RFC6749-10.6", "No Referrer-Policy"), level=Level.MAY)
"""


def test_a_may_finding_is_listed_though_it_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_may=MAY_FINDING)
    result = run(pytester, "--summary-dir=out", "-k", "may_finding")
    assert result.parseoutcomes()["passed"] == 1
    text = "\n".join(result.outlines)
    assert "Recorded findings (MAY: informational, never a failure):" in text
    assert "[MAY RFC6749-10.6] No Referrer-Policy" in text
    markdown = (pytester.path / "out" / "summary.md").read_text()
    assert "| passed (MAY finding) | MAY | RFC6749-10.6 |" in markdown
    assert "selection: part of the suite" in markdown  # -k chose part of it


def test_a_failed_start_removes_the_last_html_report(pytester: pytest.Pytester) -> None:
    report = pytester.path / "out" / "allure-report"
    (report / "history").mkdir(parents=True)
    (report / "index.html").write_text("<html>green</html>")
    result = run(pytester, "--summary-dir=out", "--target=no-such-target")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert not (report / "index.html").exists()
    assert (report / "history").is_dir()  # the trend survives for the next good run


def test_an_unwritable_summary_dir_is_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    (pytester.path / "afile").write_text("not a directory")
    result = run(pytester, "--summary-dir=afile/sub")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.startswith("ERROR")]
    assert len(errors) == 1
    assert "afile" in errors[0]
    assert "Traceback" not in "\n".join(result.outlines + result.errlines)


def test_a_deeply_nested_baseline_is_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    (pytester.path / "deep.json").write_text("[" * 200_000)
    result = run(pytester, "--baseline=deep.json", "--summary-dir=out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "nested too deeply" in "\n".join(result.errlines)
    assert json.loads((pytester.path / "out" / "summary.json").read_text())["exit_code"] == 4


def test_server_text_stays_one_line_and_unrendered(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_html="""
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange

@pytest.mark.requirement("RFC6749-5.2")
def test_html_error_page():
    page = b"<!doctype html>\\n<h1>Internal | Server Error</h1>\\n"
    reply = Exchange("POST", "http://127.0.0.1:1/token", status=500,
                     response_headers=[("Content-Type", "text/html")], response_body=page)
    verify(reply, status_is(400, "RFC6749-5.2"))
"""
    )
    result = run(pytester, "--summary-dir=out")
    markdown = (pytester.path / "out" / "summary.md").read_text()
    (row,) = [line for line in markdown.splitlines() if "test_html_error_page" in line]
    assert "<h1>" not in row
    assert "&lt;h1&gt;" in row
    failures_at = result.outlines.index("Failures:")
    assert result.outlines[failures_at + 2].strip().startswith("[MUST RFC6749-5.2]")
    assert result.outlines[failures_at + 3] == ""  # the whole finding on one line
