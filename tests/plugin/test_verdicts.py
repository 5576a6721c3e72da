"""The plugin's verdicts, report files and usage errors, run on small generated test projects."""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TARGETS = REPO / "fixtures" / "targets"

CONFTEST = """
import pytest
pytest_plugins = ["harness.pytest_plugin"]

@pytest.fixture(autouse=True)
def selftest_defect(request):
    return getattr(request, "param", None)
"""

SCENARIOS = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange
from harness.flows import StepError
from harness.spec import Level

def reply(status):
    return Exchange("GET", "http://127.0.0.1:1/api", status=status)

@pytest.mark.requirement("RFC6749-5.1")
@pytest.mark.catalogue(49, 50)
def test_must_holds():
    verify(reply(200), status_is(200, "RFC6749-5.1"))

@pytest.mark.requirement("RFC6750-3.1")
def test_must_violated():
    verify(reply(200), status_is(401, "RFC6750-3.1", "An expired token was accepted"))

@pytest.mark.requirement("RFC6750-5.3", level="SHOULD")
def test_should_violated():
    verify(reply(200), status_is(401, "RFC6750-5.3"), level=Level.SHOULD)

@pytest.mark.requirement("RFC7636-4.6")
def test_precondition_broken():
    raise StepError("no code could be obtained")

@pytest.mark.requirement("RFC7009-2")
@pytest.mark.needs("clock_control", "revocation")
def test_needs_present():
    pass
"""


def run(pytester: pytest.Pytester, *args: str, conftest_extra: str = "") -> pytest.RunResult:
    pytester.makeconftest(CONFTEST + conftest_extra)
    return pytester.runpytest_inprocess(f"--targets-dir={TARGETS}", "-p", "no:cacheprovider", *args)


def summary(pytester: pytest.Pytester) -> dict:
    return json.loads((pytester.path / "out" / "summary.json").read_text())


def test_outcomes_and_summary_json(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--summary-dir=out")
    # pytest's closing line counts what the harness counts: a warning and an error by name.
    assert result.parseoutcomes() == {"passed": 2, "failed": 1, "warned": 1, "errors": 1}
    data = summary(pytester)
    assert data["target"] == "mock"
    assert data["counts"] == {"passed": 2, "failed": 1, "warning": 1, "skipped": 0, "error": 1}
    by_name = {r["nodeid"].split("::")[1]: r for r in data["results"]}
    assert by_name["test_must_holds"]["catalogue"] == [49, 50]
    assert by_name["test_must_holds"]["requirements"] == ["RFC6749-5.1"]
    assert by_name["test_should_violated"]["level"] == "SHOULD"
    assert "[SHOULD RFC6750-5.3]" in by_name["test_should_violated"]["message"]
    assert "An expired token was accepted" in by_name["test_must_violated"]["message"]
    assert by_name["test_precondition_broken"]["outcome"] == "error"
    markdown = (pytester.path / "out" / "summary.md").read_text()
    assert (
        "| failed | MUST | RFC6750-3.1 |  | `test_scenarios.py::test_must_violated` | "
        "[MUST RFC6750-3.1] An expired token was accepted: expected HTTP 401; "
        "actual HTTP 200 with an empty body |"
    ) in markdown
    assert any("total" in line and "1" in line for line in result.outlines)


def test_strict_turns_warnings_into_failures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--summary-dir=out", "--strict-conformance=1")
    assert result.parseoutcomes() == {"passed": 2, "failed": 2, "errors": 1}
    assert summary(pytester)["counts"]["warning"] == 0


def test_selection_by_requirement_prefix(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--requirement", "RFC6750")
    assert result.parseoutcomes() == {"warned": 1, "failed": 1, "deselected": 3}


def test_bad_target_file_is_one_line_usage_error(pytester: pytest.Pytester) -> None:
    bad = pytester.path / "broken.toml"
    bad.write_text(
        'name = "broken"\nkind = "remote"\n[endpoints]\n'
        'issuer = "https://as.example.com"\nauthorizaton = "/a"\n'
    )
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, f"--target={bad}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.startswith("ERROR")]
    assert len(errors) == 1
    assert "broken.toml" in errors[0]
    assert "Traceback" not in "\n".join(result.errlines)


def test_unknown_mock_defect_suggests_the_nearest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--mock-defects=code-reuseable")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "did you mean 'code-reusable'" in "\n".join(result.errlines)


def test_bad_marker_errors_that_scenario_with_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_bad="""
import pytest
@pytest.mark.requirement("RFC 6749 5.1")
def test_x():
    pass
"""
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    assert any("RFC<number>-<section>" in line for line in result.outlines)
    assert "Traceback" not in result.stdout.str()


def test_header_names_target_and_its_source(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_scenarios=SCENARIOS)
    result = run(pytester, "--co")
    assert any(
        "oauth-harness: target mock" in line and "from default" in line for line in result.outlines
    )


def test_text_of_a_scenario_without_evidence_is_redacted(pytester: pytest.Pytester) -> None:
    """Before a scenario has evidence (a fixture failed, it skipped), the target file's secrets
    are still hidden: in the terminal, the summary, JUnit and a skip reason."""
    from harness.mock import SEED

    password = SEED.user.password
    pytester.makepyfile(
        test_early=f"""
import pytest

@pytest.fixture
def logged_in():
    raise RuntimeError("login refused for password " + {password!r})

@pytest.mark.requirement("RFC6749-5.1")
def test_setup_fails(logged_in):
    pass

@pytest.mark.requirement("RFC6749-5.1")
def test_skips():
    pytest.skip("the server wants " + {password!r})
"""
    )
    result = run(pytester, "--summary-dir=out", "--junitxml=out/junit.xml", "-rs")
    result.assert_outcomes(errors=1, skipped=1)
    written = [
        "\n".join(result.outlines),
        (pytester.path / "out" / "summary.json").read_text(),
        (pytester.path / "out" / "junit.xml").read_text(),
    ]
    for text in written:
        assert password not in text
    messages = {r["nodeid"].split("::")[1]: r["message"] for r in summary(pytester)["results"]}
    assert messages == {
        "test_setup_fails": "RuntimeError: login refused for password <secret#1>",
        "test_skips": "the server wants <secret#1>",
    }
