"""make bench's parts, really run on a small scale: a real mock, a real Chromium, a real suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.bench._suite import ROOT, SuiteRunError, run_suite
from harness.browser import find_chromium

pytestmark = pytest.mark.skipif(find_chromium() is None, reason="no Chromium here")


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.bench", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_parts_a_and_d_write_their_figures(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = _bench("--parts", "ad", "--rounds", "2", "--series", "20", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    for key in ("auth_median_s", "bare_median_s", "auth_ratio", "drift_pct", "memory_growth_mb"):
        assert isinstance(figures[key], float), key
    assert figures["auth_ratio"] == pytest.approx(
        figures["auth_median_s"] / figures["bare_median_s"]
    )
    assert len(figures["memory_worker_mb"]) == 21  # one reading per authorization, and the end
    assert set(figures["targets"]) == {"auth_ratio", "drift_pct", "memory_growth_mb"}
    assert "harness ÷ bare" in done.stdout
    assert "full mock suite, default workers (s): not measured" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--series", "5"), "--series 5: at least 20"),
        (("--rounds", "0"), "--rounds 0: at least 1"),
        (("--parts", "ax"), "--parts 'ax': letters of abcd"),
    ],
)
def test_a_bad_argument_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = _bench(*args, "--out", "/nonexistent/never-written.json")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"python -m harness.bench: {message}"]


def test_a_suite_run_gives_each_scenario_its_time(tmp_path: Path) -> None:
    run = run_suite("0", tmp_path, ["-k", "test_state_is_echoed_exactly"])
    assert run.wall_s > 0
    assert len(run.cases) >= 3
    assert {case.area for case in run.cases} == {"authorization"}
    assert all(case.seconds > 0 for case in run.cases)


def test_a_suite_run_that_is_not_green_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SuiteRunError, match=r"exited 1 .*output\.txt"):
        run_suite(
            "0", tmp_path, ["-k", "test_reused_code_is_rejected", "--mock-defects=code-reusable"]
        )
