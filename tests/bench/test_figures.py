"""The benchmark's arithmetic and its report, on made-up figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.bench._figures import (
    TARGETS,
    by_area,
    drift_pct,
    junit_times,
    median,
    slowest,
    table,
    verdicts,
)

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="scenarios.token.test_code_reuse" name="test_reused" time="0.7"/>
<testcase classname="scenarios.token.test_code_race" name="test_race" time="2.1"/>
<testcase classname="scenarios.pkce.test_verifier_format" name="test_malformed[a]" time="9.5"/>
<testcase classname="conftest" name="odd" time="0.1"/>
</testsuite></testsuites>"""


def test_drift_compares_the_last_window_with_the_first() -> None:
    times = [1.0] * 50 + [5.0] * 400 + [1.1] * 50
    assert drift_pct(times) == pytest.approx(10.0)
    assert drift_pct([2.0] * 8 + [1.0] * 8, window=4) == pytest.approx(-50.0)
    with pytest.raises(ValueError, match="at least 100"):
        drift_pct([1.0] * 99)


def test_median_of_nothing_is_an_error() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_junit_cases_are_grouped_by_area_and_ranked(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT, encoding="utf-8")
    cases = junit_times(path)
    assert [case.area for case in cases] == ["token", "token", "pkce", "other"]
    assert cases[2].nodeid == "scenarios/pkce/test_verifier_format.py::test_malformed[a]"
    areas = by_area(cases)
    assert list(areas) == ["pkce", "token", "other"]  # by total time, largest first
    assert areas["token"] == {"scenarios": 2, "total_s": pytest.approx(2.8), "median_s": 1.4}
    assert [case.seconds for case in slowest(cases, 2)] == [9.5, 2.1]


def test_each_target_is_met_or_missed_by_its_bound() -> None:
    judged = verdicts({"auth_ratio": 1.2, "suite_wall_s": 59.0, "speedup": 1.6, "drift_pct": -3.0})
    assert {key: v["met"] for key, v in judged.items()} == {
        "auth_ratio": False,
        "suite_wall_s": True,
        "speedup": True,
        "drift_pct": True,
    }  # memory_growth_mb was not measured: left out, not passed
    assert {target.key for target in TARGETS} >= set(judged) | {"memory_growth_mb"}


def test_the_table_names_every_part_and_every_miss(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT, encoding="utf-8")
    cases = junit_times(path)
    figures = {
        "authorization": {"harness": {"median_s": 0.4, "cpu_s": 0.6}},
        "auth_ratio": 0.9,
        "auth_ratio_reused": 1.1,
        "scenarios": 4,
        "suite_wall_serial_s": 80.0,
        "suite_wall_2_workers_s": 100.0,
        "suite_wall_s": 80.0,
        "default_workers": 0,
        "speedup": 0.8,
        "areas": by_area(cases),
        "slowest": [{"nodeid": c.nodeid, "seconds": c.seconds} for c in slowest(cases)],
        "series": 500,
        "series_window": 50,
        "series_first_median_s": 0.4,
        "series_last_median_s": 0.41,
        "drift_pct": 2.5,
        "memory_growth_worker_mb": 3.0,
        "memory_growth_browser_mb": 10.0,
        "memory_growth_mb": 13.0,
    }
    figures["targets"] = verdicts(figures)
    text = table(figures)
    for part in ("(a)", "(b)", "(c)", "(d)"):
        assert part in text
    assert "2 workers ÷ 1, wall-time speed-up: 0.8 (≥ 1.6) MISSED" in text
    assert "full mock suite, default workers (s): 80.0 (≤ 60.0) MISSED" in text
    assert "scenarios/pkce/test_verifier_format.py::test_malformed[a]" in text
    assert "harness ÷ bare (new context each): 0.90; ÷ bare (one page reused): 1.10" in text
