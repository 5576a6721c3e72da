"""Part (b) and (c): the conformance suite against the mock, run as ``make conformance`` runs
it, with one process and with workers; per-scenario times from its JUnit report."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.bench._figures import CaseTime, junit_times

ROOT = Path(__file__).resolve().parents[2]
RUN_LIMIT_S = 1800.0  # a suite run that takes longer than this is stopped: something hangs


class SuiteRunError(RuntimeError):
    """A suite run did not end with every scenario passed or skipped; ``str()`` is one line."""


@dataclass(frozen=True)
class SuiteRun:
    workers: str  # the -n value: "0" (one process), "2", "auto"
    wall_s: float
    cases: list[CaseTime]


def run_suite(workers: str, reports: Path, extra: Sequence[str] = ()) -> SuiteRun:
    """``pytest scenarios -n <workers>`` against the mock with make conformance's report options,
    reports into ``reports``. Raises SuiteRunError when it does not exit 0 (a finding on the
    conformant mock, or a harness error, makes the time meaningless) or runs past RUN_LIMIT_S."""
    reports.mkdir(parents=True, exist_ok=True)
    junit = reports / "junit.xml"
    argv = [
        sys.executable, "-m", "pytest", "scenarios", "-n", workers, "-q", "-p", "no:randomly",
        "--target=mock", f"--summary-dir={reports}", f"--junitxml={junit}",
        f"--alluredir={reports / 'allure-results'}", "--clean-alluredir", *extra,
    ]  # fmt: skip
    started = time.perf_counter()
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            argv, cwd=ROOT, capture_output=True, text=True, timeout=RUN_LIMIT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise SuiteRunError(f"the suite with -n {workers} ran past {RUN_LIMIT_S:g} s") from None
    wall = time.perf_counter() - started
    (reports / "output.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        last = (done.stdout.strip().splitlines() or ["no output"])[-1]
        raise SuiteRunError(
            f"the suite with -n {workers} exited {done.returncode} ({last}); "
            f"see {reports / 'output.txt'}"
        )
    return SuiteRun(workers, wall, junit_times(junit))
