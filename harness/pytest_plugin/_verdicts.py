"""Turning a scenario's run into a verdict: passed, failed, warning, skipped or error."""

from __future__ import annotations

import re
import warnings
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from harness.checks import ConformanceFailure, ConformanceFinding, ConformanceWarning
from harness.evidence import Evidence, Redactor
from harness.flows import StepError
from harness.spec import Level

EVIDENCE_KEY = pytest.StashKey[Evidence]()
ARTIFACTS_KEY = pytest.StashKey[list[Path]]()  # browser traces and screenshots of a scenario
RESULT_PROPERTY = "harness"


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


def redact_report(report: pytest.TestReport, redactor: Redactor) -> None:
    """No secret may reach the terminal or JUnit through failure text, a skip reason or captured
    output (Allure reads the raw exception: its writer redacts on its own, see ``_allure``)."""
    redact = redactor.redact
    if isinstance(report.longrepr, tuple):
        path, line, reason = report.longrepr
        report.longrepr = (path, line, redact(reason))
    elif report.longrepr is not None:
        report.longrepr = redact_traceback(str(report.longrepr), redactor)
    report.sections = [(title, redact(content)) for title, content in report.sections]
