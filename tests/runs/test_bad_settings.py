"""Bad harness settings from the environment stop the run with one line and exit 4."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runs._harness import REPO, run_scenarios

MOCK = REPO / "fixtures" / "targets" / "mock.toml"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HARNESS_ATTACK_EXAMPLES", "²"),
        ("HARNESS_ATTACK_EXAMPLES", "-1"),
        ("HYPOTHESIS_PROFILE", "Deep"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_4(tmp_path: Path, variable: str, value: str) -> None:
    run = run_scenarios(MOCK, tmp_path / "r", "-k", "polluted", env={variable: value})
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 4, run.stdout + run.stderr
    assert len(lines) == 1, run.stderr
    assert variable in lines[0]
    assert "Traceback" not in run.stdout + run.stderr
