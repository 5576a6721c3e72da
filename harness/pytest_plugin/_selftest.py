"""The defect kill matrix: each scenario runs with each mock defect it declares and must fail."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SELFTEST_PROPERTY = "selftest"
DEFECT_PARAM = "selftest_defect"


def defect_id(defect: str) -> str:
    return f"kill={defect}"


def scenario_id(nodeid: str) -> str:
    """The scenario's node id without the kill parameter (added last: ``…[variant-kill=x]``)."""
    head, sep, _defect = nodeid.rpartition("[kill=" if "[kill=" in nodeid else "-kill=")
    if not sep:
        return nodeid
    return head if sep.startswith("[") else head + "]"


def is_partial_selection(config: pytest.Config, scenarios_dir: Path) -> bool:
    """True when the run selects part of the scenario suite (-k, -m, --requirement, --lf, a
    file, a folder below the suite, a node id): its kill matrix answers only for the defects
    the selected scenarios declare."""
    option = config.option
    if getattr(option, "keyword", "") or getattr(option, "requirement_prefixes", None):
        return True
    if getattr(option, "markexpr", "") or getattr(option, "lf", False):
        return True
    for arg in config.args:
        if "::" in str(arg):
            return True
        path = Path(os.path.abspath(str(arg)))
        if path != scenarios_dir and path.is_relative_to(scenarios_dir):
            return True
    return False


def invert(report: pytest.TestReport, defect: str, killed: bool, why: str) -> None:
    """In the kill matrix a failure is the expected result: report kills as passes."""
    if killed:
        report.outcome = "passed"
        report.longrepr = None
    else:
        report.outcome = "failed"
        detail = f"\n\n{report.longrepr}" if report.longrepr else ""
        report.longrepr = f"defect '{defect}' survived: {why}{detail}"


@dataclass
class KillMatrix:
    declared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unkilling: list[str] = field(default_factory=list)
    kills: dict[str, set[str]] = field(default_factory=dict)  # scenario -> defects it killed
    runs: list[tuple[str, str, bool]] = field(default_factory=list)  # (scenario, defect, killed)

    def record(self, scenario: str, defect: str, killed: bool) -> None:
        self.runs.append((scenario, defect, killed))
        bucket = self.kills.setdefault(scenario, set())
        if killed:
            bucket.add(defect)

    def problems(self, all_defects: Iterable[str]) -> list[str]:
        killed_by = self.killed_by(all_defects)
        lines = [
            f"defect '{d}' is caught by no scenario" for d, who in killed_by.items() if not who
        ]
        lines += [
            f"scenario {s} declares no mock defect it kills (add @pytest.mark.kills)"
            for s in self.unkilling
        ]
        lines += [
            f"scenario {s} killed none of its declared defects {list(self.declared.get(s, ()))}"
            for s, got in sorted(self.kills.items())
            if not got
        ]
        return lines

    def killed_by(self, all_defects: Iterable[str]) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {d: [] for d in sorted(all_defects)}
        for scenario, defects in self.kills.items():
            for defect in defects:
                table.setdefault(defect, []).append(scenario)
        return {d: sorted(who) for d, who in table.items()}

    def write(self, path: Path, all_defects: Iterable[str]) -> None:
        killed_by = self.killed_by(all_defects)
        document = {
            "defects": [{"name": d, "killed_by": who} for d, who in killed_by.items()],
            "scenarios": [
                {"nodeid": s, "kills": sorted(self.kills.get(s, set()))}
                for s in sorted({*self.kills, *self.unkilling})
            ],
            "problems": self.problems(all_defects),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
