"""Expected findings: the known, explained failures and warnings of one target.

Like the OpenID suite's expected failures, a file lists what the harness reports on a target
that is the target's real behaviour, so a scheduled run fails only on news. Each entry::

    [[finding]]
    scenario = "scenarios/token/test_code_exchange.py::test_token_response_is_not_cached"
    outcome = "warning"             # the verdict it gets: failed or warning
    requirement = "RFC6749-5.1"      # the rule it breaks (one of the scenario's requirements)
    behaviour = "what the server really does"
    evidence = "where that is documented or implemented (a doc page, a source file and line)"

A listed failure is reported as an expected failure (xfail) and does not fail the run; a
listed finding that no longer occurs is reported, so the file does not rot.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.targets import single_line

OUTCOMES = ("failed", "warning")
KEYS = ("scenario", "outcome", "requirement", "behaviour", "evidence")


class ExpectedFindingsError(ValueError):
    """A problem with the file, as one line naming it and the entry."""

    def __init__(self, message: str) -> None:
        super().__init__(single_line(message))


@dataclass(frozen=True)
class ExpectedFinding:
    scenario: str  # a node id, parameters included
    outcome: str
    requirement: str
    behaviour: str
    evidence: str


@dataclass
class ExpectedFindings:
    """The findings of one file, and which of them this run saw."""

    source: Path
    findings: dict[str, ExpectedFinding]
    seen: set[str] = field(default_factory=set)

    def match(self, nodeid: str, outcome: str) -> ExpectedFinding | None:
        """The entry for ``nodeid`` when it expects exactly ``outcome``."""
        finding = self.findings.get(nodeid)
        return finding if finding is not None and finding.outcome == outcome else None

    def no_longer_seen(self, ran: set[str]) -> list[ExpectedFinding]:
        """Entries whose scenario ran in this run without the listed finding."""
        listed = sorted(self.findings.items())
        return [finding for node, finding in listed if node in ran and node not in self.seen]


def load_expected(path: Path) -> ExpectedFindings:
    """Read and validate ``path``; raises ExpectedFindingsError (one line)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExpectedFindingsError(f"{path}: cannot read the file ({exc.strerror})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExpectedFindingsError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ExpectedFindingsError(f"{path}: TOML nested too deeply to read") from None
    unknown = sorted(set(data) - {"finding"})
    if unknown:
        raise ExpectedFindingsError(f"{path}: unknown key '{unknown[0]}' (known: finding)")
    entries = data.get("finding", [])
    if not isinstance(entries, list):
        raise ExpectedFindingsError(f"{path}: 'finding' must be an array of tables [[finding]]")
    findings: dict[str, ExpectedFinding] = {}
    for number, entry in enumerate(entries, start=1):
        finding = _finding(path, number, entry)
        if finding.scenario in findings:
            raise ExpectedFindingsError(
                f"{path}: [[finding]] #{number}: scenario {finding.scenario!r} is listed twice"
            )
        findings[finding.scenario] = finding
    return ExpectedFindings(path, findings)


def _finding(path: Path, number: int, entry: object) -> ExpectedFinding:
    where = f"{path}: [[finding]] #{number}"
    if not isinstance(entry, dict):
        raise ExpectedFindingsError(f"{where}: must be a table")
    for key in entry:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(KEYS)})"
            raise ExpectedFindingsError(f"{where}: unknown key '{key}'{hint}")
    values: dict[str, str] = {}
    for key in KEYS:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ExpectedFindingsError(f"{where}: '{key}' must be a non-empty string")
        values[key] = value.strip()
    if "::" not in values["scenario"]:
        raise ExpectedFindingsError(
            f"{where}: scenario {values['scenario']!r} is not a node id (path.py::test_name[id])"
        )
    if values["outcome"] not in OUTCOMES:
        raise ExpectedFindingsError(
            f"{where}: outcome {values['outcome']!r} is not one of: {', '.join(OUTCOMES)}"
        )
    return ExpectedFinding(**values)


def reconcile(
    expected: ExpectedFindings, results: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Which listed findings this run saw, which it did not, and the findings not listed
    (``results``: nodeid -> a summary.json result)."""
    matched = sorted(node for node, r in results.items() if r.get("expected"))
    expected.seen = set(matched)
    gone = expected.no_longer_seen(set(results))
    new = sorted(
        node
        for node, r in results.items()
        if r["outcome"] in ("failed", "warning") and not r.get("expected")
    )
    return {
        "file": str(expected.source),
        "matched": matched,
        "new": new,
        "no_longer_seen": [
            {"scenario": f.scenario, "outcome": f.outcome, "behaviour": f.behaviour} for f in gone
        ],
        # Deselected in this run, or a scenario that does not exist (a typo in the file).
        "not_run": sorted(node for node in expected.findings if node not in results),
    }


def expected_lines(block: Mapping[str, Any]) -> list[str]:
    """The end-of-run lines for a ``reconcile`` block: new, fixed, still failing."""
    lines = [
        f"Expected findings ({block['file']}): {len(block['new'])} new, "
        f"{len(block['no_longer_seen'])} fixed (listed but not seen), "
        f"{len(block['matched'])} still failing as listed"
    ]
    lines += [f"  NEW: {node}" for node in block["new"]]
    lines += [
        f"  FIXED (listed as {f['outcome']}, not seen): {f['scenario']}"
        for f in block["no_longer_seen"]
    ]
    if block["not_run"]:
        lines.append(
            f"  {len(block['not_run'])} listed but not run (deselected, or no such scenario): "
            + ", ".join(block["not_run"][:3])
            + (" …" if len(block["not_run"]) > 3 else "")
        )
    return lines
