"""Collects per-scenario verdicts (on the xdist controller) and writes summary.json / summary.md."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTCOMES = ("passed", "failed", "warning", "skipped", "error")
_PRECEDENCE = {"error": 4, "failed": 3, "warning": 2, "skipped": 1, "passed": 0}


def area_of(nodeid: str) -> str:
    parts = nodeid.split("::", 1)[0].split("/")
    if parts[0] == "scenarios" and len(parts) > 2:
        return parts[1]
    return parts[0].removesuffix(".py")


@dataclass
class Results:
    target: str
    started: float = field(default_factory=time.monotonic)
    by_nodeid: dict[str, dict[str, Any]] = field(default_factory=dict)

    def record(self, nodeid: str, data: dict[str, Any]) -> None:
        """Merge one phase's result: a setup error or a teardown error outranks a call pass."""
        current = self.by_nodeid.get(nodeid)
        if current is None or _PRECEDENCE[data["outcome"]] > _PRECEDENCE[current["outcome"]]:
            self.by_nodeid[nodeid] = {"nodeid": nodeid, **data}

    def counts(self) -> dict[str, int]:
        tally = Counter(r["outcome"] for r in self.by_nodeid.values())
        return {outcome: tally.get(outcome, 0) for outcome in OUTCOMES}

    def by_area(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = {}
        for result in self.by_nodeid.values():
            table.setdefault(area_of(result["nodeid"]), Counter())[result["outcome"]] += 1
        return {area: {o: c.get(o, 0) for o in OUTCOMES} for area, c in sorted(table.items())}

    def summary(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "duration_s": round(time.monotonic() - self.started, 3),
            "counts": self.counts(),
            "results": sorted(self.by_nodeid.values(), key=lambda r: r["nodeid"]),
        }


def area_table(results: Results) -> list[str]:
    """The short table ``make conformance`` ends with: per area, each outcome's count."""
    rows = results.by_area()
    width = max([len("area"), len("total"), *map(len, rows)])
    head = f"{'area':<{width}}  " + "  ".join(f"{o:>7}" for o in OUTCOMES)
    lines = [head, "-" * len(head)]
    for area, counts in rows.items():
        lines.append(f"{area:<{width}}  " + "  ".join(f"{counts[o]:>7}" for o in OUTCOMES))
    totals = results.counts()
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{totals[o]:>7}" for o in OUTCOMES))
    return lines


def _md_cell(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first.replace("|", "\\|")[:200]


def write_summary(results: Results, directory: Path, extra: dict[str, Any] | None = None) -> None:
    """``summary.json`` (results, plus ``extra`` top-level blocks) and ``summary.md``."""
    directory.mkdir(parents=True, exist_ok=True)
    summary = {**results.summary(), **(extra or {})}
    (directory / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    counts = summary["counts"]
    lines = [
        f"# Conformance summary: {summary['target']}",
        "",
        f"{summary['duration_s']:.1f} s · " + " · ".join(f"{counts[o]} {o}" for o in OUTCOMES),
        "",
        *(f"- {line}" for line in summary.get("details", [])),
        "",
        "```",
        *area_table(results),
        "```",
        "",
        "| outcome | scenario | requirements | level | cases | message |",
        "|---|---|---|---|---|---|",
    ]
    order = {o: i for i, o in enumerate(("failed", "error", "warning", "skipped", "passed"))}
    for r in sorted(summary["results"], key=lambda r: (order[r["outcome"]], r["nodeid"])):
        outcome = f"{r['outcome']} (expected)" if r.get("expected") else r["outcome"]
        lines.append(
            f"| {outcome} | `{r['nodeid']}` | {', '.join(r['requirements'])} | {r['level']} "
            f"| {', '.join(map(str, r['catalogue']))} | {_md_cell(r['message'])} |"
        )
    (directory / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
