"""The mock the harness starts registers what the target file says: exporting the variables
mock.toml reads changes the started mock and the requests alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runs._harness import run_scenarios

pytestmark = [pytest.mark.browser]


def test_exported_mock_secrets_reach_the_started_mock(tmp_path: Path) -> None:
    env = {
        "MOCK_PRIMARY_CLIENT_SECRET": "an-exported-secret-0042",
        "MOCK_SECOND_CLIENT_SECRET": "another-exported-secret-0043",
        "MOCK_USER_PASSWORD": "an exported password 0044",
    }
    run = run_scenarios(
        Path("fixtures/targets/mock.toml"),
        tmp_path / "r",
        "-k",
        "test_code_exchange_issues_bearer_token"
        " or test_refresh_token_of_another_client_is_rejected",
        env=env,
    )
    outcomes = run.outcomes()
    assert len(outcomes) == 2, run.stdout
    assert set(outcomes.values()) == {"passed"}, run.messages()
    for secret in env.values():
        assert secret not in run.stdout + run.stderr
