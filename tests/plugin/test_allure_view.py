"""How a scenario shows in Allure: title, labels, links, severity, a warning, the run's files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.mock import SEED
from harness.pytest_plugin._allure import WARNING_TAG, title_of
from harness.pytest_plugin._allure_run import _escape, executor
from harness.targets import load_target

from .test_verdicts import TARGETS, run

SCENARIOS = '''
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange
from harness.flows import StepError
from harness.spec import Level

def reply(status):
    return Exchange("GET", "http://127.0.0.1:1/api", status=status)

@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(52)
def test_must_violated():
    """RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once. If an
    authorization code is used more than once, the authorization server MUST deny the request".

    A second paragraph."""
    verify(reply(200), status_is(400, "RFC6749-5.2", "A used code was accepted again"))

@pytest.mark.requirement("RFC6750-2.3", "RFC9700-4.3.2", level="SHOULD")
@pytest.mark.catalogue(106, 107)
def test_should_violated():
    """RFC 6750 §2.3: it SHOULD NOT be used, e.g. in a query. More words."""
    verify(reply(200), status_is(401, "RFC6750-2.3", "Token taken from the query"),
           level=Level.SHOULD)

@pytest.mark.requirement("RFC7636-4.6", level="MAY")
@pytest.mark.parametrize("case", ["wrong", "missing"])
def test_may_holds(case):
    pass

@pytest.mark.requirement("RFC7636-4.6")
@pytest.mark.parametrize("case", ["wrong"])
def test_precondition_broken(case):
    """RFC 7636 §4.6: the values are compared."""
    raise StepError("no code could be obtained")

def test_not_a_scenario():
    """Only a test."""
'''


def _results(directory: Path) -> dict[str, dict[str, Any]]:
    found = (json.loads(p.read_text()) for p in directory.glob("*-result.json"))
    return {r["fullName"].split("#")[1] + str(r.get("parameters", "")): r for r in found}


def _labels(result: dict[str, Any], name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


def _allure_run(pytester: pytest.Pytester, *args: str) -> dict[str, dict[str, Any]]:
    pytester.makepyfile(test_view=SCENARIOS)
    run(pytester, "--alluredir=allure", "-p", "no:randomly", *args)
    return _results(pytester.path / "allure")


def test_a_failure_has_title_labels_links_and_its_violation(pytester: pytest.Pytester) -> None:
    result = _allure_run(pytester)["test_must_violated"]
    assert result["status"] == "failed"
    assert result["name"] == (
        'RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once."'
    )
    assert _labels(result, "epic") == ["RFC 6749"]
    assert _labels(result, "feature") == ["test_view"]  # the area: scenarios/<area>/ in the suite
    assert _labels(result, "story") == ["RFC6749-4.1.2", "RFC6749-10.5"]
    assert _labels(result, "severity") == ["critical"]
    assert "catalogue-52" in _labels(result, "tag")
    assert WARNING_TAG not in _labels(result, "tag")
    assert [(link["name"], link["url"]) for link in result["links"]] == [
        ("RFC6749-4.1.2", "https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1.2"),
        ("RFC6749-10.5", "https://www.rfc-editor.org/rfc/rfc6749.html#section-10.5"),
    ]
    message = result["statusDetails"]["message"]
    assert message.startswith("1 violation of MUST-level requirements:\n[MUST RFC6749-5.2]")
    assert "ConformanceFailure" not in message  # the violation, not the exception's class
    assert result["description"].endswith("A second paragraph.")
    assert "\n    " not in result["description"]  # dedented: Markdown would make code of it


def test_a_warning_passes_visibly(pytester: pytest.Pytester) -> None:
    result = _allure_run(pytester)["test_should_violated"]
    assert result["status"] == "passed"
    assert result["name"] == "RFC 6750 §2.3: it SHOULD NOT be used, e.g. in a query."
    assert WARNING_TAG in _labels(result, "tag")
    assert {"catalogue-106", "catalogue-107"} <= set(_labels(result, "tag"))
    assert _labels(result, "severity") == ["normal"]
    assert _labels(result, "epic") == ["RFC 6750", "RFC 9700"]
    violation = "[SHOULD RFC6750-2.3] Token taken from the query"
    assert violation in result["statusDetails"]["message"]
    assert violation in result["description"]
    assert violation in result["descriptionHtml"]


def test_strict_fails_a_warning_at_the_level_it_was_judged(pytester: pytest.Pytester) -> None:
    result = _allure_run(pytester, "--strict-conformance=1")["test_should_violated"]
    assert result["status"] == "failed"
    assert _labels(result, "severity") == ["normal"]  # a SHOULD, even though it fails
    assert WARNING_TAG not in _labels(result, "tag")
    assert "[SHOULD RFC6750-2.3]" in result["statusDetails"]["message"]


def test_parameters_errors_and_plain_tests(pytester: pytest.Pytester) -> None:
    results = _allure_run(pytester)
    may = [r for key, r in results.items() if key.startswith("test_may_holds")]
    assert sorted(r["name"] for r in may) == ["test_may_holds[missing]", "test_may_holds[wrong]"]
    assert {s for r in may for s in _labels(r, "severity")} == {"minor"}
    broken = next(r for key, r in results.items() if key.startswith("test_precondition_broken"))
    assert broken["status"] == "broken"
    assert broken["name"] == "RFC 7636 §4.6: the values are compared. [wrong]"
    assert _labels(broken, "severity") == ["critical"]
    plain = results["test_not_a_scenario"]
    assert plain["name"] == "test_not_a_scenario"
    assert not _labels(plain, "epic")


def test_environment_executor_and_categories(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = SEED.primary.secret or ""
    monkeypatch.setenv("HARNESS_EVIDENCE", "always")
    monkeypatch.setenv("GITHUB_RUN_ID", "4242")
    monkeypatch.setenv("GITHUB_RUN_NUMBER", "17")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/oauth")
    monkeypatch.setenv("GITHUB_WORKFLOW", f"nightly {secret}")  # a secret where none belongs
    _allure_run(pytester, "--strict-conformance=1", "--mock-defects=code-reusable")
    directory = pytester.path / "allure"
    lines = (directory / "environment.properties").read_text(encoding="ascii").splitlines()
    rows = dict(line.split("=", 1) for line in lines)
    assert rows["target"] == "mock"
    assert rows["target.file"].endswith("mock.toml")
    assert rows["harness.version"]
    assert rows["git.commit"]
    assert rows["strict"] == "on"
    assert rows["evidence"] == "always"
    assert rows["mock.defects"] == "code-reusable"
    assert rows["option\\ --strict-conformance"] == "1 (from command line)"
    assert rows["option\\ --evidence"] == "always (from environment HARNESS_EVIDENCE)"
    assert rows["option\\ --max-wait"] == "900 (from default)"
    info = json.loads((directory / "executor.json").read_text())
    assert info["type"] == "github"
    assert info["buildUrl"] == "https://github.example/acme/oauth/actions/runs/4242"
    assert info["buildOrder"] == 17
    assert info["reportName"] == "OAuth 2.0 conformance: mock"
    assert secret not in json.dumps(info)
    assert "<secret#" in info["buildName"]
    categories = json.loads((directory / "categories.json").read_text())
    assert any("passed" in c["matchedStatuses"] for c in categories)


def test_executor_of_each_ci() -> None:
    target = load_target(TARGETS / "mock.toml", {})
    assert executor({}, target)["type"] == "local"
    gitlab = executor(
        {"GITLAB_CI": "true", "CI_JOB_URL": "https://gl/j/1", "CI_PIPELINE_IID": "9"}, target
    )
    assert (gitlab["type"], gitlab["buildUrl"], gitlab["buildOrder"]) == (
        "gitlab",
        "https://gl/j/1",
        9,
    )
    jenkins = executor({"BUILD_URL": "https://ci/job/x/3/", "BUILD_NUMBER": "3"}, target)
    assert (jenkins["type"], jenkins["buildUrl"], jenkins["buildOrder"]) == (
        "jenkins",
        "https://ci/job/x/3/",
        3,
    )


@pytest.mark.parametrize(
    ("doc", "title"),
    [
        ("", "test_x"),
        ('RFC 1 §2: "A b. C d".', 'RFC 1 §2: "A b."'),
        ('RFC 1 §2: "A b c".\nStill so later. More.', 'RFC 1 §2: "A b c".'),
        ("RFC 6749 Appendix A.12: x = %x20-7E. A token", "RFC 6749 Appendix A.12: x = %x20-7E."),
        ("Word " * 60, ("Word " * 60)[:159].rsplit(" ", 1)[0] + "…"),
    ],
)
def test_title_is_the_first_sentence(doc: str, title: str) -> None:
    assert title_of(doc, "test_x") == title


def test_properties_escaping() -> None:
    assert _escape("option --x", key=True) == "option\\ --x"
    assert _escape("a=b:c", key=True) == "a\\=b\\:c"
    assert _escape(" lead\\back\nline") == "\\ lead\\\\back\\nline"
    assert _escape("§é") == "\\u00a7\\u00e9"
