"""What allure-pytest writes is redacted by the scenario's redactor, whatever its source."""

import json
from pathlib import Path

import pytest

from harness.mock import SEED

from .test_verdicts import run

TOKEN = "tok3n-Learned-From-An-Exchange-0123456789"

CONFTEST_EXTRA = f"""
from harness.evidence import Evidence, Exchange, Redactor
from harness.pytest_plugin import EVIDENCE_KEY

TOKEN = {TOKEN!r}

@pytest.fixture
def evidence(request):
    recorded = Evidence(Redactor())
    request.node.stash[EVIDENCE_KEY] = recorded
    body = ('{{"access_token": "' + TOKEN + '"}}').encode()
    headers = [("Content-Type", "application/json")]
    recorded.add_exchange(Exchange("POST", "http://127.0.0.1:1/token", status=200,
                                   response_headers=headers, response_body=body))
    return recorded

@pytest.fixture
def broken_fixture():
    raise RuntimeError("cannot log in as {SEED.user.email} with " + {SEED.user.password!r})
"""

TESTS = """
import allure
import pytest

from conftest import TOKEN


def _first():
    return 1


def _second():
    return 2


@pytest.mark.requirement("RFC6749-5.1")
def test_failure_quotes_a_token(evidence):
    allure.attach("the token was " + TOKEN, "notes", allure.attachment_type.TEXT)
    allure.attach(b"\\x00\\x01 binary " + TOKEN.encode(), "blob")
    assert TOKEN == "expected", f"the server issued {TOKEN}"


@pytest.mark.requirement("RFC6749-5.1")
def test_fixture_quotes_the_password(broken_fixture):
    pass


@pytest.mark.requirement("RFC6749-5.1")
@pytest.mark.parametrize(("make", "expected"), [(_first, 1), (_second, 2)], ids=["one", "two"])
@pytest.mark.parametrize("plain", ["x"])
def test_by_function(make, expected, plain):
    assert make() == expected
"""


def _allure_files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in directory.iterdir()}


def _results(directory: Path) -> dict[str, dict]:
    return {
        data["name"]: data
        for data in (json.loads(p.read_text()) for p in directory.glob("*-result.json"))
    }


@pytest.fixture
def allure_dir(pytester: pytest.Pytester) -> Path:
    pytester.makepyfile(test_allure=TESTS)
    result = run(pytester, "--alluredir=allure", "-p", "no:randomly", conftest_extra=CONFTEST_EXTRA)
    result.assert_outcomes(passed=2, failed=1, errors=1)
    return pytester.path / "allure"


def test_no_allure_file_holds_a_secret(allure_dir: Path) -> None:
    for name, data in _allure_files(allure_dir).items():
        assert TOKEN.encode() not in data, name
        assert SEED.user.password.encode() not in data, name


def test_failure_message_and_trace_are_redacted(allure_dir: Path) -> None:
    details = _results(allure_dir)["test_failure_quotes_a_token"]["statusDetails"]
    assert "the server issued <access_token#1>" in details["message"]
    assert "<access_token#1>" in details["trace"]


def test_a_failing_fixture_is_redacted_by_the_target_file_secrets(allure_dir: Path) -> None:
    result = _results(allure_dir)["test_fixture_quotes_the_password"]
    assert "with <secret#1>" in result["statusDetails"]["message"]
    befores = [
        before
        for path in allure_dir.glob("*-container.json")
        for before in json.loads(path.read_text()).get("befores", [])
        if before["name"] == "broken_fixture"
    ]
    assert befores
    assert all("<secret#1>" in b["statusDetails"]["message"] for b in befores)


def test_attachments_are_redacted_or_withheld(allure_dir: Path) -> None:
    result = _results(allure_dir)["test_failure_quotes_a_token"]
    by_name = {a["name"]: (allure_dir / a["source"]).read_text() for a in result["attachments"]}
    assert by_name["notes"] == "the token was <access_token#1>"
    assert by_name["blob"].startswith("[attachment withheld: ")


def test_parameters_are_shown_by_their_ids(pytester: pytest.Pytester, allure_dir: Path) -> None:
    results = _results(allure_dir)
    shown = {
        name: {p["name"]: p["value"] for p in data["parameters"]}
        for name, data in results.items()
        if name.startswith("test_by_function")
    }
    assert shown == {
        "test_by_function[x-one]": {"make": "one", "expected": "one", "plain": "x"},
        "test_by_function[x-two]": {"make": "two", "expected": "two", "plain": "x"},
    }
    # The history id follows the ids: the same in the next run (a function's repr would not be).
    history = {name: data["historyId"] for name, data in results.items()}
    again = pytester.path / "again"
    run(
        pytester,
        f"--alluredir={again}",
        "-p",
        "no:randomly",
        "-k",
        "test_by_function",
        conftest_extra=CONFTEST_EXTRA,
    )
    assert {n: d["historyId"] for n, d in _results(again).items()} == {
        name: history[name] for name in shown
    }
