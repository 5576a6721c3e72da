"""What CI tools read from ``junit.xml``: a verdict's properties, and harness errors as errors.

pytest's JUnit writer records a call-phase failure as ``<failure>`` whatever raised it; a
scenario the harness could not judge (its precondition broke: no code could be obtained, the
server did not answer) is no finding, so it is rewritten as ``<error>`` once the file is written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from harness.pytest_plugin._verdicts import ScenarioResult

OUTCOME_PROPERTY = "outcome"


def properties(result: ScenarioResult) -> list[tuple[str, str]]:
    """(name, value) JUnit properties of a verdict: outcome, requirement(s), level, catalogue
    numbers, and for a warning or a failure each violation on one line."""
    found = [
        (OUTCOME_PROPERTY, result.outcome),
        ("requirement", ", ".join(result.requirements)),
        ("level", result.level),
    ]
    if result.catalogue:
        found.append(("catalogue", ", ".join(map(str, result.catalogue))))
    if result.expected:
        found.append(("expected_finding", result.expected))
    kind = "warning" if result.outcome == "warning" else "violation"
    for v in result.violations:
        found.append(
            (
                kind,
                f"[{v['level']} {v['requirement']}] {v['summary']} "
                f"(expected: {v['expected']}; actual: {v['actual']})",
            )
        )
    return found


def mark_errors(path: Path) -> int:
    """Rewrite each ``<failure>`` of a test case whose outcome property is ``error`` as an
    ``<error>`` and fix the suite counts; returns how many were rewritten (0: file untouched)."""
    try:
        tree = ET.parse(path)  # noqa: S314 (the file pytest itself has just written)
    except (OSError, ET.ParseError):
        return 0
    changed = 0
    for suite in _suites(tree.getroot()):
        moved = 0
        for case in suite.iter("testcase"):
            outcome = case.find(f"properties/property[@name='{OUTCOME_PROPERTY}']")
            failure = case.find("failure")
            if outcome is not None and outcome.get("value") == "error" and failure is not None:
                failure.tag = "error"
                moved += 1
        if moved:
            suite.set("failures", str(int(suite.get("failures", "0")) - moved))
            suite.set("errors", str(int(suite.get("errors", "0")) + moved))
            changed += moved
    if changed:
        tree.write(path, encoding="utf-8", xml_declaration=True)
    return changed


def _suites(root: ET.Element) -> Iterator[ET.Element]:
    if root.tag == "testsuite":
        yield root
    yield from root.iter("testsuite") if root.tag != "testsuite" else ()
