"""This run against an earlier one: which findings are new, fixed, or still there.

The earlier run is a ``summary.json`` (``--baseline FILE``); a target's expected-findings file
is compared the same way (``_expected.reconcile``), and both print in the same words.
A finding is a scenario that failed or warned (listed expected findings included: for a
baseline the question is what changed, not what is known).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FINDING_OUTCOMES = ("failed", "warning")


class BaselineError(ValueError):
    """The baseline file cannot be used; one line naming the file."""


@dataclass(frozen=True)
class Baseline:
    source: Path
    target: str
    outcomes: dict[str, str]  # nodeid -> outcome in the earlier run


def load_baseline(path: Path) -> Baseline:
    """Read an earlier ``summary.json``; raises BaselineError (one line) if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"--baseline {path}: cannot read the file ({exc.strerror})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"--baseline {path}: not valid JSON ({exc})") from None
    except RecursionError:
        raise BaselineError(f"--baseline {path}: JSON nested too deeply to read") from None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not all(
        isinstance(r, dict)
        and isinstance(r.get("nodeid"), str)
        and isinstance(r.get("outcome"), str)
        for r in results
    ):
        raise BaselineError(
            f"--baseline {path}: not a summary.json of this harness "
            "(no 'results' list of {nodeid, outcome})"
        )
    return Baseline(
        source=path,
        target=str(data.get("target", "?")),
        outcomes={r["nodeid"]: r["outcome"] for r in results},
    )


def compare(baseline: Baseline, results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """``{file, target, new, fixed, still_failing, not_judged, not_run}`` node-id lists
    (``results``: nodeid -> this run's summary.json record). Fixed means it passed now."""
    now = {node: r["outcome"] for node, r in results.items()}
    before = baseline.outcomes

    def finding(outcomes: Mapping[str, str], node: str) -> bool:
        return outcomes.get(node) in FINDING_OUTCOMES

    listed = {n for n in now if finding(now, n)} | {n for n in before if finding(before, n)}
    return {
        "outcomes": {n: now.get(n) or before[n] for n in sorted(listed)},  # now, else then
        "file": str(baseline.source),
        "target": baseline.target,
        "new": sorted(n for n in now if finding(now, n) and not finding(before, n)),
        "fixed": sorted(n for n in before if finding(before, n) and now.get(n) == "passed"),
        "still_failing": sorted(n for n in now if finding(now, n) and finding(before, n)),
        # Skipped or an error now: no verdict either way, so neither fixed nor still failing.
        "not_judged": sorted(
            n for n in before if finding(before, n) and now.get(n) in ("skipped", "error")
        ),
        "not_run": sorted(n for n in before if finding(before, n) and n not in now),
    }


def comparison_lines(block: Mapping[str, Any]) -> list[str]:
    """The end-of-run lines of a ``compare`` block (the same words as expected findings)."""
    lines = [
        f"Compared with {block['file']} (target {block['target']}): {len(block['new'])} new, "
        f"{len(block['fixed'])} fixed, {len(block['still_failing'])} still failing"
    ]
    outcomes = block.get("outcomes", {})

    def named(node: str) -> str:  # a warning is a finding too, but not called a failure
        return f"{node} (warning)" if outcomes.get(node) == "warning" else node

    lines += [f"  NEW: {named(node)}" for node in block["new"]]
    lines += [f"  FIXED: {node}" for node in block["fixed"]]
    lines += [f"  STILL FAILING: {named(node)}" for node in block["still_failing"]]
    lines += [
        f"  NOT JUDGED NOW ({outcomes.get(node)}): {node}" for node in block.get("not_judged", [])
    ]
    if block["not_run"]:
        lines.append(f"  {len(block['not_run'])} earlier findings not run this time")
    return lines
