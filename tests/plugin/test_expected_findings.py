"""Expected findings: listed failures do not fail the run, new ones do, and listed findings
that no longer occur are reported; a bad file is one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.pytest_plugin._expected import ExpectedFindingsError, load_expected

REPO = Path(__file__).resolve().parents[2]
MISSING = "scenarios/bearer/test_missing_token.py::test_request_without_token_gets_bearer_challenge"
UNKNOWN = "scenarios/bearer/test_invalid_token.py::test_unknown_token_gets_invalid_token_challenge"
FIXED = "scenarios/bearer/test_failure_shape.py::test_refusal_has_the_documented_shape[missing]"


def entry(scenario: str, outcome: str = "failed") -> str:
    return (
        f'[[finding]]\nscenario = "{scenario}"\noutcome = "{outcome}"\n'
        'requirement = "RFC6750-3"\nbehaviour = "no challenge"\nevidence = "the mock defect"\n\n'
    )


def run(
    tmp_path: Path,
    listed: str,
    defects: str = "no-www-authenticate",
    *extra: str,
) -> tuple[int, str, dict]:
    expected = tmp_path / "known.toml"
    expected.write_text(listed, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "scenarios", "-q", "-n", "0", "-p", "no:randomly",
            f"--mock-defects={defects}", f"--expected-findings={expected}",
            f"--summary-dir={tmp_path / 'r'}", "-k", "missing_token or unknown_token or shape",
            *extra,
        ],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    return done.returncode, done.stdout, summary


def test_listed_failures_do_not_fail_the_run(tmp_path: Path) -> None:
    code, stdout, summary = run(tmp_path, entry(MISSING) + entry(UNKNOWN))
    assert code == 0, stdout
    assert "2 xfailed" in stdout
    block = summary["expected_findings"]
    assert block["matched"] == sorted([MISSING, UNKNOWN])
    assert block["new"] == []
    outcomes = {r["nodeid"]: (r["outcome"], r.get("expected")) for r in summary["results"]}
    assert outcomes[MISSING] == ("failed", "no challenge")


def test_a_new_finding_fails_the_run_and_is_named(tmp_path: Path) -> None:
    code, stdout, summary = run(tmp_path, entry(MISSING))
    assert code == 1
    assert summary["expected_findings"]["new"] == [UNKNOWN]
    assert f"  NEW: {UNKNOWN}" in stdout


def test_a_listed_finding_that_no_longer_occurs_is_reported(tmp_path: Path) -> None:
    code, stdout, summary = run(tmp_path, entry(MISSING) + entry(UNKNOWN) + entry(FIXED))
    assert code == 0
    gone = summary["expected_findings"]["no_longer_seen"]
    assert gone == [{"scenario": FIXED, "outcome": "failed", "behaviour": "no challenge"}]
    assert f"FIXED (listed as failed, not seen): {FIXED}" in stdout


def test_a_listed_warning_does_not_excuse_a_failure(tmp_path: Path) -> None:
    code, _stdout, summary = run(tmp_path, entry(MISSING, "warning") + entry(UNKNOWN))
    assert code == 1
    assert summary["expected_findings"]["new"] == [MISSING]


def test_a_listed_warning_stays_expected_in_a_strict_run(tmp_path: Path) -> None:
    """STRICT=1 turns warnings into failures; a listed warning must not fail the nightly run."""
    shape = FIXED.removesuffix("[missing]")
    listed = entry(f"{shape}[missing]", "warning") + entry(f"{shape}[unknown]", "warning")
    code, stdout, summary = run(
        tmp_path, listed, "api-failure-shape-changed", "--strict-conformance=1"
    )
    assert code == 0, stdout
    assert "2 xfailed" in stdout
    block = summary["expected_findings"]
    assert block["new"] == []
    assert block["no_longer_seen"] == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[finding]]\nscenario = 'x'\n", "'outcome' must be a non-empty string"),
        (entry(MISSING).replace("outcome", "outcom"), "unknown key 'outcom' (did you mean"),
        (entry(MISSING).replace('"failed"', '"error"'), "outcome 'error' is not one of"),
        (entry("test_x"), "scenario 'test_x' is not a node id"),
        (entry(MISSING) + entry(MISSING), "is listed twice"),
        ("finding = 3\n", "'finding' must be an array of tables"),
        ("[other]\n", "unknown key 'other'"),
        ("[[finding]\n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_line_naming_it(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExpectedFindingsError) as info:
        load_expected(path)
    assert str(info.value).startswith(str(path))
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_the_shipped_dot_file_loads_and_names_real_scenarios() -> None:
    shipped = load_expected(REPO / "fixtures" / "targets" / "dot.expected.toml")
    assert len(shipped.findings) >= 8
    for node, finding in shipped.findings.items():
        path = REPO / node.split("::", 1)[0]
        name = node.split("::", 1)[1].split("[", 1)[0]
        assert f"def {name}(" in path.read_text(encoding="utf-8"), node
        assert finding.evidence
        assert finding.behaviour
