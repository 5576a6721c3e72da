"""Collects per-scenario verdicts (on the xdist controller) and writes summary.json / summary.md.

Both the end-of-run terminal block and ``summary.md`` show the same things: counts per area and
per requirement level, then every non-pass in one line with its RFC reference and what the
server did (expected / actual). A finding's level is the level it was judged at.
"""

from __future__ import annotations

import html
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTCOMES = ("passed", "failed", "warning", "skipped", "error")
LEVELS = ("MUST", "SHOULD", "MAY")
_PRECEDENCE = {"error": 4, "failed": 3, "warning": 2, "skipped": 1, "passed": 0}
# The order non-passes are listed in; warnings last, so the terminal ends with them.
NON_PASS = ("failed", "error", "skipped", "finding", "warning")
_TERMINAL_ACTUAL = 160  # characters of "actual" shown on one terminal line


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
        return _tally(self.by_nodeid.values())

    def by_area(self) -> dict[str, dict[str, int]]:
        return _grouped(self.by_nodeid.values(), lambda r: area_of(r["nodeid"]))

    def by_level(self) -> dict[str, dict[str, int]]:
        grouped = _grouped(self.by_nodeid.values(), lambda r: str(r.get("level", "MUST")))
        return {level: grouped[level] for level in LEVELS if level in grouped}

    def summary(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "duration_s": round(time.monotonic() - self.started, 3),
            "counts": self.counts(),
            "by_level": self.by_level(),
            "results": sorted(self.by_nodeid.values(), key=lambda r: r["nodeid"]),
        }


def _tally(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    tally = Counter(r["outcome"] for r in results)
    return {outcome: tally.get(outcome, 0) for outcome in OUTCOMES}


def _grouped(
    results: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], str]
) -> dict[str, dict[str, int]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return {name: _tally(group) for name, group in sorted(groups.items())}


def count_table(
    rows: Mapping[str, Mapping[str, int]], first: str, totals: Mapping[str, int]
) -> list[str]:
    """A fixed-width table: one row per key of ``rows``, each outcome's count, then a total."""
    width = max([len(first), len("total"), *map(len, rows)])
    head = f"{first:<{width}}  " + "  ".join(f"{o:>7}" for o in OUTCOMES)
    lines = [head, "-" * len(head)]
    for name, counts in rows.items():
        lines.append(f"{name:<{width}}  " + "  ".join(f"{counts[o]:>7}" for o in OUTCOMES))
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{totals[o]:>7}" for o in OUTCOMES))
    return lines


def area_table(results: Results) -> list[str]:
    """The table ``make conformance`` ends with: per area, each outcome's count."""
    return count_table(results.by_area(), "area", results.counts())


def level_table(results: Results) -> list[str]:
    """Per requirement level (the level each finding was judged at), each outcome's count."""
    return count_table(results.by_level(), "level", results.counts())


_MD_FIELD = 400  # characters of one expected or actual value in summary.md


def _cut(text: str, limit: int) -> str:
    """One line (a server's multi-line page flattened) of at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finding_text(result: Mapping[str, Any], *, actual_limit: int | None = None) -> str:
    """What one non-pass says in one line: each violation's ``[LEVEL REF] summary: expected …;
    actual …`` (joined by `` · ``), or the skip reason / error message's first line. With
    ``actual_limit`` (the terminal), only the first violation, its actual cut to that length."""
    violations = result.get("violations") or []
    if not violations:
        return _cut(_first_line(str(result.get("message", ""))), _MD_FIELD)
    shown = violations[:1] if actual_limit is not None else violations
    more = len(violations) - len(shown)
    parts = []
    limit = actual_limit if actual_limit is not None else _MD_FIELD
    for v in shown:  # a 2000-character state would drown the line: both sides are cut
        parts.append(
            f"[{v['level']} {v['requirement']}] {_cut(str(v['summary']), limit)}: "
            f"expected {_cut(str(v['expected']), limit)}; actual {_cut(str(v['actual']), limit)}"
        )
    text = " · ".join(parts)
    return f"{text} (+{more} more in summary.md)" if more else text


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else ""


def shown_as(result: Mapping[str, Any]) -> str:
    """The group a result is listed under: its outcome, or ``finding`` for a pass that
    recorded a MAY-level finding (informational, never a failure, but never silent)."""
    if result["outcome"] == "passed" and result.get("violations"):
        return "finding"
    return str(result["outcome"])


def non_passes(results: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Every result that did not plainly pass, in NON_PASS order, then by node id."""
    order = {o: i for i, o in enumerate(NON_PASS)}
    chosen = [r for r in results if shown_as(r) in order]
    return sorted(chosen, key=lambda r: (order[shown_as(r)], r["nodeid"]))


def outcome_label(result: Mapping[str, Any]) -> str:
    if shown_as(result) == "finding":
        return "passed (MAY finding)"
    return f"{result['outcome']} (expected)" if result.get("expected") else result["outcome"]


def non_pass_lines(results: Iterable[Mapping[str, Any]]) -> list[str]:
    """The terminal's one line per non-pass, grouped by outcome under a heading each."""
    lines: list[str] = []
    heading = {
        "failed": "Failures",
        "error": "Errors (the harness could not judge: no finding)",
        "skipped": "Skipped",
        "finding": "Recorded findings (MAY: informational, never a failure)",
        "warning": "Warnings (SHOULD: the run passes; --strict-conformance=1 fails them)",
    }
    current = None
    for result in non_passes(results):
        if shown_as(result) != current:
            current = shown_as(result)
            lines += ["", f"{heading[current]}:"]
        tag = " (expected)" if result.get("expected") else ""
        lines.append(f"  {result['nodeid']}{tag}")
        lines.append(f"    {finding_text(result, actual_limit=_TERMINAL_ACTUAL)}")
    return lines


def _md(text: str) -> str:
    """A table cell: one line, ``|`` escaped, and a server's HTML shown as text, not rendered
    (summary.md goes into CI job summaries, which render HTML)."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def write_summary(
    results: Results,
    directory: Path,
    extra: dict[str, Any] | None = None,
    comparisons: Iterable[tuple[str, list[str]]] = (),
) -> None:
    """``summary.json`` (results, plus ``extra`` top-level blocks) and ``summary.md``;
    ``comparisons`` are (heading, lines) blocks: the expected findings, the baseline."""
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
        "## By area",
        "",
        "```",
        *area_table(results),
        "```",
        "",
        "## By requirement level",
        "",
        "A failure or warning counts at the level it was judged at; other outcomes at the level "
        "the scenario checks.",
        "",
        "```",
        *level_table(results),
        "```",
    ]
    for heading, block in comparisons:
        lines += ["", f"## {heading}", "", "```", *block, "```"]
    shown = non_passes(summary["results"])
    lines += ["", "## Every non-pass", ""]
    if shown:
        lines += [
            "| outcome | level | requirements | cases | scenario | what the server did |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {outcome_label(r)} | {r['level']} | {', '.join(r['requirements'])} "
            f"| {', '.join(map(str, r['catalogue']))} | `{r['nodeid']}` | {_md(finding_text(r))} |"
            for r in shown
        ]
    else:
        lines.append("None: every scenario passed.")
    passed = [r["nodeid"] for r in summary["results"] if r["outcome"] == "passed"]
    if passed:
        lines += ["", f"<details><summary>{len(passed)} passed</summary>", ""]
        lines += [f"- `{node}`" for node in passed]
        lines += ["", "</details>"]
    (directory / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_error_summary(directory: Path, target: str, problem: str, exit_code: int) -> None:
    """The summary of a run that could not start or was stopped before any verdict: no counts
    to trust, one line saying why (already redacted by the caller)."""
    directory.mkdir(parents=True, exist_ok=True)
    document = {
        "target": target,
        "error": problem,
        "exit_code": exit_code,
        "counts": {o: 0 for o in OUTCOMES},
        "by_level": {},
        "results": [],
    }
    (directory / "summary.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    text = (
        f"# Conformance run did not complete: {target}\n\n"
        f"Exit code {exit_code}: {problem}\n\nNo scenario was judged; no verdict of an earlier "
        "run is kept in this directory.\n"
    )
    (directory / "summary.md").write_text(text, encoding="utf-8")
