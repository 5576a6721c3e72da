"""-n auto for the scenario suite: one worker per core, none on a single core."""

from __future__ import annotations

import os

import pytest

from harness.pytest_plugin import scenario_workers
from harness.pytest_plugin._workers import auto_workers, runs_scenarios


@pytest.mark.parametrize(("cpus", "workers"), [(1, 0), (2, 2), (4, 4), (16, 16)])
def test_one_worker_per_core_and_none_on_one(cpus: int, workers: int) -> None:
    assert scenario_workers(cpus) == workers


def test_auto_follows_the_rule_for_scenario_runs_only(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\n")  # the root: where scenarios/ and tests/ are
    (pytester.path / "scenarios" / "token").mkdir(parents=True)
    (pytester.path / "tests").mkdir()
    for args in (["scenarios"], ["scenarios/token"], ["scenarios/token/test_x.py::test_y"]):
        config = pytester.parseconfig(*args)
        assert runs_scenarios(config), args
        assert auto_workers(config) == scenario_workers(os.cpu_count() or 1)
    config = pytester.parseconfig("tests")
    assert not runs_scenarios(config)
    assert auto_workers(config) is None  # xdist's own default
