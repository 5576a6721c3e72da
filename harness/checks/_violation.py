from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from harness.spec import Level, ref_url


@dataclass(frozen=True)
class Violation:
    """What the server did wrong, against which rule; severity is decided by the scenario."""

    summary: str
    expected: str
    actual: str
    ref: str

    def render(self, level: Level) -> str:
        return (
            f"[{level.value} {self.ref}] {self.summary}\n"
            f"  Expected: {self.expected}\n"
            f"  Actual:   {self.actual}\n"
            f"  See:      {ref_url(self.ref)}"
        )


def render_group(violations: Sequence[Violation], level: Level) -> str:
    count = len(violations)
    head = f"{count} violation{'s' if count != 1 else ''} of {level.value}-level requirements"
    return head + ":\n" + "\n".join(v.render(level) for v in violations)


class ConformanceFailure(AssertionError):
    """A violated MUST: the scenario fails (design: verdicts)."""

    def __init__(self, violations: Sequence[Violation], level: Level = Level.MUST) -> None:
        self.violations = tuple(violations)
        self.level = level
        super().__init__(render_group(self.violations, level))


class ConformanceWarning(UserWarning):
    """A violated SHOULD: the scenario passes and counts as a warning (``--strict`` fails it)."""

    def __init__(self, violations: Sequence[Violation], level: Level = Level.SHOULD) -> None:
        self.violations = tuple(violations)
        self.level = level
        super().__init__(render_group(self.violations, level))


class ConformanceFinding(UserWarning):
    """A MAY-level or informational observation: recorded, never a failure."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        super().__init__(render_group(self.violations, Level.MAY))
