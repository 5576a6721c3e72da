"""What ``-n auto`` (make conformance's default) means for a run of the scenario suite.

A scenario worker is a chain of processes handing work to each other (pytest, Playwright's
driver, Chromium's browser and renderer processes, the mock's threads), so one worker already
keeps more than one core busy and the suite is bound by CPU, not by waiting. On 2 cores
(``make bench``, part b, four pairs of runs on the final code and the one before it) one
process took 81, 99, 99 and 99 s, two workers 83, 86, 98 and 98 s: the same within this
machine's noise. (Before the per-authorization CPU was cut, two workers were slower, 141 s
against 135 s.) So xdist's one worker per core stays, except on a single core, where a worker
would only add its start-up to the one process. Other runs keep xdist's default.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def scenario_workers(cpus: int) -> int:
    """Workers for the scenario suite on ``cpus`` cores: one per core, or 0 (no workers: one
    process) on a single core."""
    return cpus if cpus >= 2 else 0


def runs_scenarios(config: pytest.Config) -> bool:
    """The command line names the scenario suite (``scenarios/`` or something under it)."""
    suite = Path(str(config.rootpath)) / "scenarios"
    return any(
        Path(os.path.abspath(str(arg).split("::")[0])).is_relative_to(suite) for arg in config.args
    )


def auto_workers(config: pytest.Config) -> int | None:
    """pytest_xdist_auto_num_workers for scenario runs; None leaves other runs to xdist."""
    if not runs_scenarios(config):
        return None
    return scenario_workers(os.cpu_count() or 1)
