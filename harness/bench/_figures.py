"""Pure arithmetic and text of the benchmark: medians, drift, areas, targets, the table."""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRIFT_WINDOW = 50  # authorizations compared at the start and at the end of a series


@dataclass(frozen=True)
class Target:
    """One figure the issue sets a bound on: ``key`` in bench.json, compared with ``bound``."""

    key: str
    label: str
    bound: float
    at_most: bool  # True: the figure must not exceed ``bound``; False: must reach it

    def met(self, value: float) -> bool:
        return value <= self.bound if self.at_most else value >= self.bound


TARGETS = (
    Target("auth_ratio", "harness ÷ bare Playwright, one authorization", 1.15, True),
    Target("suite_wall_s", "full mock suite, default workers (s)", 60.0, True),
    Target("speedup", "2 workers ÷ 1, wall-time speed-up", 1.6, False),
    Target("drift_pct", "time drift over the series (%)", 10.0, True),
    Target("memory_growth_mb", "memory growth over the series (MB)", 50.0, True),
)


def median(values: Sequence[float]) -> float:
    """The median; ValueError on no values."""
    if not values:
        raise ValueError("no values")
    return float(statistics.median(values))


def drift_pct(times_s: Sequence[float], window: int = DRIFT_WINDOW) -> float:
    """How much slower the last ``window`` values are than the first (median against median),
    in percent; negative when faster. ValueError with fewer than two windows of values."""
    if len(times_s) < 2 * window:
        raise ValueError(f"{len(times_s)} values: drift needs at least {2 * window}")
    first, last = median(times_s[:window]), median(times_s[-window:])
    return (last - first) / first * 100.0


@dataclass(frozen=True)
class CaseTime:
    """One scenario's time in a JUnit report (setup, call and teardown), in seconds."""

    nodeid: str
    area: str
    seconds: float


def junit_times(path: Path) -> list[CaseTime]:
    """Every test case of a pytest JUnit file, its area being the directory under
    ``scenarios/`` (``authorization``, ``token`` …). Raises OSError or ET.ParseError."""
    cases = []
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 (our own run's file)
        classname = case.get("classname", "")
        parts = classname.split(".")
        area = parts[1] if len(parts) > 2 and parts[0] == "scenarios" else "other"
        module = "/".join(parts) + ".py"
        nodeid = f"{module}::{case.get('name', '')}"
        cases.append(CaseTime(nodeid, area, float(case.get("time", "0") or 0)))
    return cases


def by_area(cases: Sequence[CaseTime]) -> dict[str, dict[str, float]]:
    """Per area: scenario count, total and median seconds, sorted by total, largest first."""
    areas: dict[str, list[float]] = {}
    for case in cases:
        areas.setdefault(case.area, []).append(case.seconds)
    rows = {
        area: {"scenarios": len(times), "total_s": sum(times), "median_s": median(times)}
        for area, times in areas.items()
    }
    return dict(sorted(rows.items(), key=lambda kv: -kv[1]["total_s"]))


def slowest(cases: Sequence[CaseTime], count: int = 10) -> list[CaseTime]:
    return sorted(cases, key=lambda case: (-case.seconds, case.nodeid))[:count]


def verdicts(figures: Mapping[str, Any]) -> dict[str, dict[str, object]]:
    """Each target's value, bound and whether it is met (absent figures are left out)."""
    out: dict[str, dict[str, object]] = {}
    for target in TARGETS:
        value = figures.get(target.key)
        if isinstance(value, int | float):
            out[target.key] = {
                "value": round(float(value), 3),
                "bound": target.bound,
                "at_most": target.at_most,
                "met": target.met(float(value)),
            }
    return out


def table(figures: Mapping[str, Any]) -> str:
    """The printed report: (a) to (d), then the targets."""
    lines: list[str] = []
    auth = figures.get("authorization")
    if isinstance(auth, Mapping):
        lines.append("(a) one authorization on the mock (login, consent, callback), medians")
        for label, row in auth.items():
            if isinstance(row, Mapping):
                lines.append(f"    {label:34} {row['median_s']:.3f} s   cpu {row['cpu_s']:.3f} s")
        lines.append(
            f"    harness ÷ bare (new context each): {figures['auth_ratio']:.2f}; "
            f"÷ bare (one page reused): {figures['auth_ratio_reused']:.2f}"
        )
    if "suite_wall_serial_s" in figures:
        lines.append(f"(b) make conformance against the mock, {figures['scenarios']} scenarios")
        lines.append(f"    1 worker  (-n 0): {figures['suite_wall_serial_s']:.1f} s")
        if "suite_wall_2_workers_s" in figures:
            lines.append(f"    2 workers (-n 2): {figures['suite_wall_2_workers_s']:.1f} s")
        lines.append(
            f"    default (-n {figures['default_workers']}): {figures['suite_wall_s']:.1f} s;"
            f" speed-up of 2 workers over 1: {figures['speedup']:.2f}x"
        )
    areas = figures.get("areas")
    if isinstance(areas, Mapping):
        lines.append("(c) time per scenario by area (1 worker)")
        for area, row in areas.items():
            lines.append(
                f"    {area:14} {int(row['scenarios']):3} scenarios  {row['total_s']:6.1f} s"
                f"  median {row['median_s']:.2f} s"
            )
        lines.append("    slowest ten:")
        for case in figures.get("slowest", []):
            lines.append(f"    {case['seconds']:6.2f} s  {case['nodeid']}")
    if "drift_pct" in figures:
        lines.append(f"(d) {figures['series']} consecutive authorizations in one worker")
        lines.append(
            f"    median first {figures['series_window']}: "
            f"{figures['series_first_median_s']:.3f} s, last {figures['series_window']}: "
            f"{figures['series_last_median_s']:.3f} s, "
            f"drift {figures['drift_pct']:+.1f}%"
        )
        lines.append(
            f"    memory growth: worker {figures['memory_growth_worker_mb']:+.1f} MB, browser "
            f"{figures['memory_growth_browser_mb']:+.1f} MB (private memory)"
        )
    machine = figures.get("machine", {})
    if "load_average" in machine:
        lines.append(
            f"machine: {machine['cpus']} cores, load average {machine['load_average'][0]} at the "
            f"start, {machine.get('load_average_end', ['?'])[0]} at the end (other work skews it)"
        )
    lines.append("bounds (--check exits 1 when one is missed):")
    for target in TARGETS:
        verdict = figures.get("targets", {}).get(target.key)
        if verdict is None:
            lines.append(f"    {target.label}: not measured")
            continue
        sign = "≤" if target.at_most else "≥"
        state = "met" if verdict["met"] else "MISSED"
        lines.append(f"    {target.label}: {verdict['value']} ({sign} {target.bound}) {state}")
    return "\n".join(lines)
