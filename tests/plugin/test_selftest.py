"""The kill matrix inverts outcomes: a scenario must fail with each defect it declares."""

import json
from pathlib import Path

import pytest

from harness.mock import DEFECTS

from .test_verdicts import run

KILLING = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange

@pytest.mark.requirement("RFC6749-4.1.2")
@pytest.mark.kills("code-reusable", "state-dropped")
def test_catches_only_code_reuse(selftest_defect):
    status = 200 if selftest_defect == "code-reusable" else 400
    verify(Exchange("POST", "http://127.0.0.1:1/t", status=status), status_is(400, "RFC6749-4.1.2"))

@pytest.mark.requirement("RFC6749-5.1")
def test_declares_nothing():
    pass
"""


def test_kill_matrix(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_kills=KILLING)
    result = run(pytester, "--selftest", "--summary-dir=out")
    result.assert_outcomes(passed=1, failed=1)  # code-reusable killed; state-dropped survived
    assert any("defect 'state-dropped' survived" in line for line in result.outlines)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    matrix = json.loads((Path(pytester.path) / "out" / "selftest.json").read_text())
    killed_by = {d["name"]: d["killed_by"] for d in matrix["defects"]}
    assert killed_by["code-reusable"] == ["test_kills.py::test_catches_only_code_reuse"]
    assert killed_by["state-dropped"] == []
    assert set(killed_by) == set(DEFECTS)
    assert {"nodeid": "test_kills.py::test_declares_nothing", "kills": []} in matrix["scenarios"]
    assert any("test_declares_nothing declares no mock defect" in p for p in matrix["problems"])
    assert any("'state-dropped' is caught by no scenario" in p for p in matrix["problems"])


SURVIVOR = """
import pytest

@pytest.mark.requirement("RFC6749-4.1.2")
@pytest.mark.kills("state-dropped")
def test_survives(selftest_defect, evidence):
    evidence.add_note("browser stopped: callback (the browser was sent to the redirect URI)")
"""

EVIDENCE_FIXTURE = """
from harness.evidence import Evidence, Redactor
from harness.pytest_plugin import EVIDENCE_KEY

@pytest.fixture
def evidence(request):
    recorded = Evidence(Redactor())
    request.node.stash[EVIDENCE_KEY] = recorded
    return recorded
"""


def test_a_surviving_defect_shows_what_happened_instead(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_survivor=SURVIVOR)
    result = run(pytester, "--selftest", conftest_extra=EVIDENCE_FIXTURE)
    result.assert_outcomes(failed=1)
    output = "\n".join(result.outlines)
    assert "defect 'state-dropped' survived: the scenario passed with it switched on" in output
    assert "evidence (redacted)" in output
    assert "browser stopped: callback (the browser was sent to the redirect URI)" in output


TWO_SCENARIOS = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange

@pytest.mark.requirement("RFC6749-4.1.2")
@pytest.mark.kills("code-reusable")
def test_catches_code_reuse(selftest_defect):
    status = 200 if selftest_defect == "code-reusable" else 400
    verify(Exchange("POST", "http://127.0.0.1:1/t", status=status), status_is(400, "RFC6749-4.1.2"))

@pytest.mark.requirement("RFC6749-4.1.2")
@pytest.mark.kills("state-dropped")
def test_misses_state_dropped(selftest_defect):
    pass
"""


def test_a_selection_is_judged_on_its_own_defects(pytester: pytest.Pytester) -> None:
    """With -k, the matrix answers for the selected scenarios' defects, not all of them."""
    pytester.makepyfile(test_two=TWO_SCENARIOS)
    result = run(pytester, "--selftest", "--summary-dir=out", "-k", "code_reuse")
    assert result.ret == pytest.ExitCode.OK
    assert any(
        "1 of 1 scenario runs failed" in line
        and "1 of 1 defects caught (those the selected scenarios declare)" in line
        for line in result.outlines
    )
    matrix = json.loads((Path(pytester.path) / "out" / "selftest.json").read_text())
    assert [d["name"] for d in matrix["defects"]] == ["code-reusable"]
    assert matrix["problems"] == []
    whole = run(pytester, "--selftest", "--summary-dir=out")
    assert whole.ret == pytest.ExitCode.TESTS_FAILED  # state-dropped survives on the whole run
