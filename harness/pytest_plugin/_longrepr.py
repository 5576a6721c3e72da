"""Redacting a pytest failure representation in place, keeping its structure.

A report's ``longrepr`` must lose every secret before the terminal, JUnit or an xdist controller
sees it, but turning it into a string would lose what CI tools read from it: JUnit's failure
``message`` and the short summary's headline come from ``reprcrash.message``. So the parts are
redacted where they stand. The scenario's own source lines are kept as written and teach the
redactor nothing (``Redactor.redact_code``): read as text, ``param_absent("code",
"RFC6749-4.1.2.1")`` there would make a requirement id a secret.
"""

from __future__ import annotations

from collections.abc import Callable

from _pytest._code.code import (
    ExceptionChainRepr,
    ExceptionRepr,
    ReprEntry,
    ReprEntryNative,
    ReprFileLocation,
    ReprTraceback,
)

from harness.evidence import Redactor

Redact = Callable[[str], str]

# In a long or short traceback entry, the scenario's source lines are indented by four spaces or
# marked ">   "; everything else (the "E   " exception lines) is text the run produced.
_SOURCE_PREFIXES = ("    ", ">   ")


def redact_longrepr(longrepr: object, redactor: Redactor, headline: str | None = None) -> object:
    """``longrepr`` with every text the run produced redacted (source lines: only a
    credential-like secret written into them); a structured one keeps its structure (and
    gets ``headline`` as its crash message), anything else becomes a string."""
    redact = redactor.redact
    if isinstance(longrepr, ExceptionRepr):
        chains = (
            longrepr.chain
            if isinstance(longrepr, ExceptionChainRepr)
            else [(longrepr.reprtraceback, longrepr.reprcrash, None)]
        )
        for traceback, crash, _description in chains:
            _redact_traceback(traceback, redactor)
            _redact_location(crash, redact)
        _redact_location(longrepr.reprcrash, redact)
        if headline is not None and longrepr.reprcrash is not None:
            longrepr.reprcrash.message = headline
        longrepr.sections = [
            (title, redact(content), sep) for title, content, sep in longrepr.sections
        ]
        return longrepr
    return redact(str(longrepr))


def _redact_traceback(traceback: ReprTraceback, redactor: Redactor) -> None:
    redact = redactor.redact
    if traceback.extraline:
        traceback.extraline = redact(traceback.extraline)
    entries = [e for e in traceback.reprentries if isinstance(e, ReprEntry)]
    for entry in traceback.reprentries:
        if isinstance(entry, ReprEntryNative):
            entry.lines = [redact(line) for line in entry.lines]
    for entry in entries:
        entry.lines = [line if _is_source(line) else redact(line) for line in entry.lines]
        if entry.reprfuncargs is not None:
            entry.reprfuncargs.args = [
                (name, redact(str(value))) for name, value in entry.reprfuncargs.args
            ]
        if entry.reprlocals is not None:
            entry.reprlocals.lines = [redact(line) for line in entry.reprlocals.lines]
        _redact_location(entry.reprfileloc, redact)
    # Source lines last: by now the redactor knows every secret the other lines carried.
    for entry in entries:
        entry.lines = [
            redactor.redact_code(line) if _is_source(line) else line for line in entry.lines
        ]


def _is_source(line: str) -> bool:
    return line.startswith(_SOURCE_PREFIXES)


def _redact_location(location: ReprFileLocation | None, redact: Redact) -> None:
    if location is not None:
        location.message = redact(location.message)
