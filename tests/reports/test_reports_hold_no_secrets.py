"""No file under ``reports/`` holds a secret the run saw, in any encoding the redactor knows.

The real suite runs in a subprocess against the bundled mock with defects that make scenarios
fail with tokens and codes in their failure text, with every report on (summary, JUnit, Allure,
browser traces and screenshots, evidence for every scenario). A witness plugin records every
credential, code and token that crossed the mock's boundary (``_witness``); every file under the
reports directory, every entry of every zip in it and every JSON string, is then searched for
each of them and for the mock's seed secrets.

The run also plants canaries (issue 9): the client secrets and the user's password are random
``canary-<kind>-<hex>`` values (the target file reads them from the environment), and the mock's
``issued_prefix`` hook starts every code, token, CSRF token and session cookie with a canary
prefix. Every file and the terminal output are then searched for each canary raw,
URL-encoded, base64 (standard and URL-safe, padded or not, and as the Basic credential
``client_id:secret``) and JSON-escaped. (The mock has no TOTP, so there is no TOTP canary.)
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from harness.mock import SEED, MockServer
from tests.reports import _scan, _witness
from tests.runs._harness import remote_target, run_scenarios, served_mock

pytestmark = [pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 180
DEFECTS = "code-reusable,refresh-not-rotated"
FAILING = ("test_reused_code_is_rejected", "test_public_client_refresh_token_is_rotated")
# Parametrized with functions: Allure must show the ids, not "<function … at 0x…>".
BY_FUNCTION = "test_code_verifier_must_match_challenge"
# Passes that send values made up to be refused (printed as they are, never a canary).
MADE_UP = "test_unknown_refresh_token_is_rejected"
SELECTION = " or ".join((*FAILING, BY_FUNCTION, MADE_UP))
_HEX = secrets.token_hex(6)
CANARIES = {
    "MOCK_PRIMARY_CLIENT_SECRET": f"canary-secret1-{_HEX}",
    "MOCK_SECOND_CLIENT_SECRET": f"canary-secret2-{_HEX}",
    "MOCK_USER_PASSWORD": f"canary-password-{_HEX}",
}
# 27 characters: a multiple of 3, so the base64 of every issued value starts with its own.
ISSUED_PREFIX = f"canary-issued-{_HEX}-"
SEED_SECRETS = {
    ("client_secret", CANARIES["MOCK_PRIMARY_CLIENT_SECRET"]),
    ("client_secret", CANARIES["MOCK_SECOND_CLIENT_SECRET"]),
    ("password", CANARIES["MOCK_USER_PASSWORD"]),
}


@dataclass
class Run:
    reports: Path
    # (kind, value) of every secret that crossed the mock's boundary; kept out of the repr, which
    # pytest prints when an assertion about the run fails.
    seen: set[tuple[str, str]] = field(repr=False)
    output: str = field(repr=False)


def run_suite(tmp_path: Path) -> Run:
    reports = tmp_path / "reports"
    witness = tmp_path / "witness.jsonl"
    witness.touch()
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HARNESS_", "MOCK_", "PYTEST_ADDOPTS"))
    }
    environ[_witness.ENV] = str(witness)
    environ.update(CANARIES)
    settings = tmp_path / "canary-mock.toml"
    settings.write_text(f'issued_prefix = "{ISSUED_PREFIX}"\n', encoding="utf-8")
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
            "-p",
            "tests.reports._witness",
            "--target=mock",
            f"--mock-defects={DEFECTS}",
            "-k",
            SELECTION,
            "--evidence=always",
            "--browser-artifacts=on",
            f"--summary-dir={reports}",
            f"--junitxml={reports / 'junit.xml'}",
            f"--alluredir={reports / 'allure-results'}",
            f"--mock-settings={settings}",
        ],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    return Run(reports, _witness.read(str(witness)), done.stdout + done.stderr)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_suite(tmp_path_factory.mktemp("secrets"))


def allure_results(reports: Path) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (reports / "allure-results").glob("*-result.json")
    ]


def test_the_run_failed_with_secrets_in_play(run: Run) -> None:
    """The run exercised what the scan needs: failures quoting tokens, and every report kind."""
    reports = run.reports
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    outcomes = {r["nodeid"].split("::")[1].split("[")[0]: r["outcome"] for r in summary["results"]}
    assert {outcomes[name] for name in FAILING} == {"failed"}, run.output
    assert outcomes[BY_FUNCTION] == "passed", run.output
    kinds = {kind for kind, _ in run.seen}
    assert {"code", "code_verifier", "access_token", "refresh_token", "client_secret"} <= kinds
    assert {"password", "csrf_token", "cookie"} <= kinds  # the browser's login reached the mock
    assert (reports / "junit.xml").is_file()
    assert (reports / "summary.md").is_file()
    artifacts = reports / "browser-artifacts"
    assert sorted({p.suffix for p in artifacts.iterdir()}) == [".png", ".zip"]
    kept = {p.suffix for p in (reports / "allure-results").glob("*-attachment.*")}
    assert {".txt", ".png", ".zip"} <= kept
    messages = [
        r["statusDetails"]["message"] for r in allure_results(reports) if r["status"] == "failed"
    ]
    assert len(messages) == len(FAILING)
    assert any("<access_token#" in message for message in messages), messages


def test_no_report_file_holds_a_secret_the_run_saw(run: Run) -> None:
    secrets = run.seen | SEED_SECRETS
    # A value this short could show by chance (the redactor, too, hides a learned value
    # everywhere only from 8 characters on); this run's selection sends none.
    assert min(len(value) for _, value in secrets) >= 8
    assert _scan.leaks(run.reports, secrets) == []


def canary_forms(canary: str, *, prefix: bool = False) -> set[str]:
    """Raw, URL-encoded, base64 (standard and URL-safe, padded or not) and JSON-escaped forms;
    for a prefix, base64 of its first whole 3-byte groups (a prefix of any issued value's)."""
    raw = canary.encode()
    if prefix:
        raw = raw[: len(raw) - len(raw) % 3]
    encoded = {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    encoded |= {form.rstrip("=") for form in encoded}
    return {canary, quote(canary, safe=""), quote_plus(canary), json.dumps(canary)[1:-1]} | encoded


def basic_forms(client_id: str, secret: str) -> set[str]:
    """The Basic credential of ``client_id:secret`` (RFC 6749 §2.3.1 form-encodes both first)."""
    pairs = {f"{client_id}:{secret}", f"{quote(client_id, safe='')}:{quote(secret, safe='')}"}
    out = set()
    for pair in pairs:
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(pair.encode()).decode()
            out |= {text, text.rstrip("=")}
    return out


def test_no_canary_shows_in_any_file_or_the_terminal(run: Run) -> None:
    forms: dict[str, str] = {}
    for name, canary in CANARIES.items():
        forms.update(dict.fromkeys(canary_forms(canary), name))
    forms.update(dict.fromkeys(canary_forms(ISSUED_PREFIX, prefix=True), "issued_prefix"))
    for client, name in ((SEED.primary, "MOCK_PRIMARY_CLIENT_SECRET"),
                         (SEED.second, "MOCK_SECOND_CLIENT_SECRET")):  # fmt: skip
        forms.update(dict.fromkeys(basic_forms(client.id, CANARIES[name]), f"basic:{name}"))
    # Not vacuous: the canaries crossed the mock's boundary, in every kind.
    seen = {(kind, value) for kind, value in run.seen}
    assert seen >= SEED_SECRETS
    issued = {kind for kind, value in seen if value.startswith(ISSUED_PREFIX)}
    assert {"code", "access_token", "refresh_token", "csrf_token", "cookie"} <= issued
    places = [("terminal output", run.output)]
    places += [(where, text) for name, data in _scan.files(run.reports)
               for where, text in _scan.texts(name, data)]  # fmt: skip
    assert len(places) > 20  # summaries, JUnit, Allure results, attachments, trace entries
    found = sorted(
        {f"{where}: {forms[form]} as {form!r}" for where, text in places for form in forms
         if form in text}
    )  # fmt: skip
    assert found == []


def test_allure_shows_parameters_by_their_ids(run: Run) -> None:
    # Keyed by the pytest id each title ends with (the title itself is the docstring's).
    shown = {
        r["name"].rsplit(" [", 1)[-1]: {p["name"]: p["value"] for p in r.get("parameters", [])}
        for r in allure_results(run.reports)
        if r["fullName"].endswith(f"#{BY_FUNCTION}")
    }
    assert shown == {
        f"{case}-{role}]": {"verifier_for": case, "accepted": case, "role": role}
        for case in ("wrong", "challenge-as-verifier", "missing")
        for role in ("primary", "second")
    }


def test_a_remote_target_run_holds_no_secret_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same against a remote target (the mock served here, broken by hand): the target
    file's secrets come from the environment, and Allure, JUnit and the summary still hold
    only labels."""
    seen: set[tuple[str, str]] = set()
    original = MockServer._dispatch

    def dispatch(self: MockServer, environ: Any, start_response: Any) -> Any:
        app = _witness.witnessing(lambda e, s: original(self, e, s), lambda k, v: seen.add((k, v)))
        return app(environ, start_response)

    monkeypatch.setattr(MockServer, "_dispatch", dispatch)
    reports = tmp_path / "reports"
    with served_mock() as server:
        server.state.defects.enable("code-reusable")
        done = run_scenarios(
            remote_target(tmp_path, server.issuer),
            reports,
            "-k",
            f"{FAILING[0]} or {BY_FUNCTION}",
            "--evidence=always",
            f"--junitxml={reports / 'junit.xml'}",
            f"--alluredir={reports / 'allure-results'}",
        )
    assert done.outcomes()[FAILING[0]] == "failed", done.stdout + done.stderr
    assert {"code", "access_token", "refresh_token", "client_secret"} <= {k for k, _ in seen}
    failed = [r for r in allure_results(reports) if r["status"] == "failed"]
    assert "<access_token#" in failed[0]["statusDetails"]["message"]
    assert _scan.leaks(reports, seen | SEED_SECRETS) == []
