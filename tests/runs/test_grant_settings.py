"""scenarios/grants against the mock in each of its grant settings (--mock-settings): the
default (client credentials on, password and implicit off), every grant on, and client
credentials off. What the mock offers decides what runs, and every skip says where the answer
came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runs._harness import REPO, Run, remote_target, run_scenarios

pytestmark = [pytest.mark.browser]

MOCK = REPO / "fixtures" / "targets" / "mock.toml"
GRANTS = "scenarios/grants"
CC = "test_client_credentials.py::test_client_credentials_"
PASSWORD = "test_password_grant.py::test_password_grant_"
IMPLICIT = "test_implicit_grant.py::test_implicit_grant_"
CC_RULES = [
    f"{CC}require_client_authentication[none]",
    f"{CC}require_client_authentication[wrong-secret]",
    f"{CC}refused_to_a_public_client",
    f"{CC}issue_no_refresh_token",
    f"{CC}scope_is_limited_to_the_client",
    f"{CC}token_works_at_the_api",
    f"{CC}token_response",
]
CC_UNADVERTISED = f"{CC}not_served_where_not_offered"
PASSWORD_OFFERED = f"{PASSWORD}is_not_offered"
PASSWORD_RULES = [
    f"{PASSWORD}requires_client_authentication[none]",
    f"{PASSWORD}requires_client_authentication[wrong-secret]",
    f"{PASSWORD}refuses_bad_credentials_with_invalid_grant",
    f"{PASSWORD}does_not_tell_unknown_users_from_wrong_passwords",
]
IMPLICIT_OFFERED = f"{IMPLICIT}is_not_offered"
IMPLICIT_RULES = [
    f"{IMPLICIT}returns_tokens_only_in_the_fragment",
    f"{IMPLICIT}returns_state_exactly",
    f"{IMPLICIT}issues_no_refresh_token",
]


def _run(tmp_path: Path, grant_types: list[str] | None) -> Run:
    args: list[str] = []
    if grant_types is not None:
        settings = tmp_path / "grants.toml"
        names = ", ".join(f'"{name}"' for name in grant_types)
        settings.write_text(f"grant_types = [{names}]\n", encoding="utf-8")
        args.append(f"--mock-settings={settings}")
    return run_scenarios(MOCK, tmp_path / "r", *args, path=GRANTS)


def _by_file(run: Run) -> dict[str, str]:
    """``test_x.py::test_y`` -> outcome (summary.json node ids without the directory)."""
    assert run.summary is not None, run.stdout + run.stderr
    return {r["nodeid"].split("/")[-1]: r["outcome"] for r in run.summary["results"]}


def _messages(run: Run) -> dict[str, str]:
    assert run.summary is not None
    return {r["nodeid"].split("/")[-1]: r["message"] for r in run.summary["results"]}


def test_the_default_mock_serves_client_credentials_only(tmp_path: Path) -> None:
    run = _run(tmp_path, None)
    outcomes, messages = _by_file(run), _messages(run)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(outcomes) == 17, outcomes
    for name in [*CC_RULES, PASSWORD_OFFERED, IMPLICIT_OFFERED]:
        assert outcomes[name] == "passed", (name, messages[name])
    assert outcomes[CC_UNADVERTISED] == "skipped"
    assert "client_credentials is advertised in the metadata" in messages[CC_UNADVERTISED]
    for name in PASSWORD_RULES + IMPLICIT_RULES:
        assert outcomes[name] == "skipped", name
        assert "is not among the grants advertised in the metadata" in messages[name]


def test_every_grant_enabled_fails_the_offered_scenarios_and_passes_the_rules(
    tmp_path: Path,
) -> None:
    every = ["authorization_code", "refresh_token", "client_credentials", "password", "implicit"]
    run = _run(tmp_path, every)
    outcomes, messages = _by_file(run), _messages(run)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"mock settings: {tmp_path / 'grants.toml'} (from command line)" in run.stdout
    assert outcomes[PASSWORD_OFFERED] == "failed"
    assert "password is advertised in the metadata" in messages[PASSWORD_OFFERED]
    assert outcomes[IMPLICIT_OFFERED] == "warning"
    assert "implicit is advertised in the metadata" in messages[IMPLICIT_OFFERED]
    for name in [*CC_RULES, *PASSWORD_RULES, *IMPLICIT_RULES]:
        assert outcomes[name] == "passed", (name, messages[name])
    assert outcomes[CC_UNADVERTISED] == "skipped"


def test_client_credentials_off_skips_its_rules_and_passes_the_probe(tmp_path: Path) -> None:
    run = _run(tmp_path, ["authorization_code", "refresh_token"])
    outcomes, messages = _by_file(run), _messages(run)
    assert run.returncode == 0, run.stdout + run.stderr
    for name in CC_RULES:
        assert outcomes[name] == "skipped", name
        assert "client_credentials is not among the grants advertised" in messages[name]
    assert outcomes[CC_UNADVERTISED] == "passed", messages[CC_UNADVERTISED]


def test_a_bad_mock_settings_file_is_one_line_and_exit_4(tmp_path: Path) -> None:
    settings = tmp_path / "bad.toml"
    settings.write_text('grant_types = ["authorization_code", "magic"]\n', encoding="utf-8")
    run = run_scenarios(MOCK, tmp_path / "r", f"--mock-settings={settings}", path=GRANTS)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 4, run.stdout + run.stderr
    assert len(lines) == 1, run.stderr
    assert f"{settings}: grant_types: unknown 'magic'" in lines[0]
    assert "Traceback" not in run.stdout + run.stderr


def test_mock_settings_for_a_remote_target_is_a_usage_error(tmp_path: Path) -> None:
    settings = tmp_path / "grants.toml"
    settings.write_text('grant_types = ["authorization_code"]\n', encoding="utf-8")
    target = remote_target(tmp_path, "http://127.0.0.1:9")
    run = run_scenarios(target, tmp_path / "r", f"--mock-settings={settings}", path=GRANTS)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "--mock-settings (command line) was given but target mock-as-remote is not the mock" in (
        run.stderr
    )


def test_settings_that_contradict_the_declared_grants_are_a_usage_error(tmp_path: Path) -> None:
    text = MOCK.read_text(encoding="utf-8").replace(
        "[grants]\n",
        '[grants]\noffered = ["authorization_code", "refresh_token", "client_credentials"]\n',
    )
    target = tmp_path / "declared.toml"
    target.write_text(text, encoding="utf-8")
    settings = tmp_path / "grants.toml"
    settings.write_text('grant_types = ["authorization_code", "refresh_token"]\n', encoding="utf-8")
    run = run_scenarios(target, tmp_path / "r", f"--mock-settings={settings}", path=GRANTS)
    assert run.returncode == 4, run.stdout + run.stderr
    assert "contradicts" in run.stderr, run.stderr
    assert "[grants] offered" in run.stderr, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
