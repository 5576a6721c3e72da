"""Turning a scenario's run into a verdict: passed, failed, warning, skipped or error."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness.checks import (
    ConformanceFailure,
    ConformanceFinding,
    ConformanceWarning,
    Violation,
)
from harness.evidence import Evidence, Redactor
from harness.flows import StepError
from harness.pytest_plugin._longrepr import redact_longrepr
from harness.spec import Level

EVIDENCE_KEY = pytest.StashKey[Evidence]()
ARTIFACTS_KEY = pytest.StashKey[list[Path]]()  # browser traces and screenshots of a scenario
RESULT_PROPERTY = "harness"


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's verdict as summary.json keeps it (every text already redacted).

    ``level`` is the level the finding was judged at for a failure or warning, else the level
    the scenario declares; ``violations`` are ``{level, requirement, summary, expected,
    actual}`` records; ``expected`` is the expected-findings entry's behaviour it matched."""

    outcome: str
    message: str
    requirements: list[str]
    catalogue: list[int]
    level: str
    violations: list[dict[str, str]] = field(default_factory=list)
    expected: str | None = None

    def to_json(self) -> str:
        """A JSON string: user properties travel from xdist workers and into JUnit as text."""
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> dict[str, Any]:
        """The summary.json record of ``to_json``'s text (``expected`` only when set)."""
        data: dict[str, Any] = json.loads(text)
        if not data.get("expected"):
            data.pop("expected", None)
        return data


@dataclass
class CallRecord:
    warnings: list[ConformanceWarning] = field(default_factory=list)
    findings: list[ConformanceFinding] = field(default_factory=list)
    promoted: bool = False  # a strict run turned this scenario's warnings into its failure


CALL_KEY = pytest.StashKey[CallRecord]()


def run_call(item: pytest.Item, strict: bool, selftest: bool) -> Generator[None, Any, Any]:
    """Wraps the call: collects warnings and findings; strict mode fails on a warning.

    In the kill matrix a MAY-level finding also fails: there the question is only whether the
    scenario noticed the defect, and a recorded finding is how a MAY scenario notices."""
    record = CallRecord()
    item.stash[CALL_KEY] = record
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConformanceWarning)
        warnings.simplefilter("always", ConformanceFinding)
        result = yield
    for message in caught:
        if isinstance(message.message, ConformanceWarning):
            record.warnings.append(message.message)
        elif isinstance(message.message, ConformanceFinding):
            record.findings.append(message.message)
        else:
            warnings.warn_explicit(
                message.message, message.category, message.filename, message.lineno
            )
    if strict and record.warnings:
        record.promoted = True
        raise ConformanceFailure(
            [v for w in record.warnings for v in w.violations], record.warnings[0].level
        )
    if selftest and record.findings:
        raise ConformanceFailure([v for f in record.findings for v in f.violations], Level.MAY)
    return result


def outcome_of(
    item: pytest.Item, report: pytest.TestReport, call: pytest.CallInfo[None]
) -> str | None:
    """The harness outcome of one phase, or None when the phase adds nothing to the verdict."""
    if report.skipped:
        return "skipped"
    if report.failed:
        if report.when != "call":
            return "error"
        exc = call.excinfo.value if call.excinfo is not None else None
        if isinstance(exc, StepError) or not isinstance(exc, AssertionError):
            return "error"
        return "failed"
    if report.when != "call":
        return None
    record = item.stash.get(CALL_KEY, None)
    return "warning" if record is not None and record.warnings else "passed"


def message_of(report: pytest.TestReport, call: pytest.CallInfo[None], item: pytest.Item) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if call.excinfo is not None:
        exc = call.excinfo.value
        text = str(exc).strip() or type(exc).__name__
        return text if isinstance(exc, AssertionError) else f"{type(exc).__name__}: {text}"
    record = item.stash.get(CALL_KEY, None)
    if record is not None and (record.warnings or record.findings):
        return "\n".join(str(w) for w in [*record.warnings, *record.findings])
    return ""


# A traceback's source lines: "    code" (context) and ">   code" (the failing line).
_SOURCE_LINE = re.compile(r"(?:    |>   )")


def redact_traceback(text: str, redactor: Redactor) -> str:
    """``text`` with its source lines as written (a line such as ``param_absent("code",
    "RFC6749-4.1.2.1", …)`` must neither change nor teach the redactor a "secret"; only a
    credential-like secret written into the code is still hidden) and every other line
    (``E   `` messages, locals, notes) redacted."""
    out: list[str] = []
    rest: list[str] = []
    for line in text.split("\n"):
        if _SOURCE_LINE.match(line):
            if rest:
                out.append(redactor.redact("\n".join(rest)))
                rest = []
            out.append(redactor.redact_code(line))
        else:
            rest.append(line)
    if rest:
        out.append(redactor.redact("\n".join(rest)))
    return "\n".join(out)


def harness_outcome(report: pytest.TestReport) -> str | None:
    """The harness outcome a report carries (its ``harness`` user property), if any."""
    for name, value in report.user_properties:
        if name == RESULT_PROPERTY and isinstance(value, str):
            outcome = json.loads(value).get("outcome")
            return str(outcome) if outcome is not None else None
    return None


def judged(item: pytest.Item, call: pytest.CallInfo[None]) -> tuple[Level | None, list[Violation]]:
    """The level the scenario's finding was judged at and its violations (None, [] if none).

    A failure is judged at its exception's level (a strict run fails a SHOULD at SHOULD); a
    warning at the warning's; a MAY-level finding alone is recorded at MAY."""
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, ConformanceFailure):
        return exc.level, list(exc.violations)
    record = item.stash.get(CALL_KEY, None)
    if record is None:
        return None, []
    if record.warnings:
        return record.warnings[0].level, [v for w in record.warnings for v in w.violations]
    if record.findings:
        return Level.MAY, [v for f in record.findings for v in f.violations]
    return None, []


def violation_records(
    violations: list[Violation], level: Level, redact: Callable[[str], str]
) -> list[dict[str, str]]:
    """summary.json's shape of each violation, every text redacted."""
    return [
        {
            "level": level.value,
            "requirement": v.ref,
            "summary": redact(v.summary),
            "expected": redact(v.expected),
            "actual": redact(v.actual),
        }
        for v in violations
    ]


def headline(violations: list[dict[str, str]]) -> str:
    """One line for a failure's headline (JUnit message, the short summary):
    ``[MUST RFC6749-5.2] A used authorization code was accepted again (+1 more)``."""
    first = violations[0]
    more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
    return f"[{first['level']} {first['requirement']}] {first['summary']}{more}"


def skip_at_scenario(item: pytest.Item, report: pytest.TestReport) -> None:
    """A skip raised inside the harness (a capability the target lacks, found mid-scenario) is
    reported at the scenario's line, where a reader looks, not at the harness line raising it."""
    if report.skipped and isinstance(report.longrepr, tuple):
        path, line = item.location[0], item.location[1]
        report.longrepr = (path, (line or 0) + 1, report.longrepr[2])


def redact_report(
    report: pytest.TestReport, redactor: Redactor, headline: str | None = None
) -> None:
    """No secret may reach the terminal or JUnit through failure text, a skip reason or captured
    output (Allure reads the raw exception: its writer redacts on its own, see ``_allure``).
    ``headline`` (a violation's one line) becomes the failure's crash message, which JUnit's
    ``message`` and the short summary show."""
    redact = redactor.redact
    if isinstance(report.longrepr, tuple):
        path, line, reason = report.longrepr
        report.longrepr = (path, line, redact(reason))
    elif report.longrepr is not None:
        report.longrepr = redact_longrepr(report.longrepr, redactor, headline)  # type: ignore[assignment]
    report.sections = [(title, redact(content)) for title, content in report.sections]
