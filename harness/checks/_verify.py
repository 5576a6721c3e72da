from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeVar

from harness.checks._violation import (
    ConformanceFailure,
    ConformanceFinding,
    ConformanceWarning,
    Violation,
)
from harness.spec import Level

T = TypeVar("T")
Check = Callable[[T], Violation | None]


def collect(subject: T, *checks: Check[T]) -> list[Violation]:
    """Run every check (not just up to the first failure) and keep the distinct violations."""
    found: list[Violation] = []
    for check in checks:
        violation = check(subject)
        if violation is not None and violation not in found:
            found.append(violation)
    return found


def verify(subject: T, *checks: Check[T], level: Level | str = Level.MUST) -> None:
    """Judge ``subject``: MUST → ConformanceFailure, SHOULD → ConformanceWarning, MAY → finding."""
    __tracebackhide__ = True  # failures point at the scenario's verify line, not at this one
    strength = Level(level)
    violations = collect(subject, *checks)
    if not violations:
        return
    if strength is Level.MUST:
        raise ConformanceFailure(violations, strength)
    if strength is Level.SHOULD:
        warnings.warn(ConformanceWarning(violations, strength), stacklevel=2)
    else:
        warnings.warn(ConformanceFinding(violations), stacklevel=2)
