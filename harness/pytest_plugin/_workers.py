"""What ``-n auto`` (make conformance's default) means for a run of the scenario suite.

A scenario worker is a chain of processes handing work to each other: pytest, Playwright's
driver, Chromium's browser process and a renderer, and the mock's threads. One worker keeps
about two cores busy (``make bench``, part b: on 2 cores a second worker made the suite slower,
not faster), so a machine runs one worker per two cores, and below four cores none: the run
stays in one process and spares the workers' start-up and their second browser and mock.
Any other run (``make test``'s harness tests) keeps xdist's default, one worker per core.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORES_PER_WORKER = 2


def scenario_workers(cpus: int) -> int:
    """Workers for the scenario suite on ``cpus`` cores: ``cpus // 2``, or 0 (no workers: one
    process) when that is fewer than two."""
    workers = cpus // CORES_PER_WORKER
    return workers if workers >= 2 else 0


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
