"""Letting time pass in a scenario: the mock's clock is moved, any other target's is waited for.

The same scenario logic runs on both. With a controllable clock a wait costs nothing (so the
kill matrix runs it); on a wall clock it sleeps, bounded by the run's ``--max-wait`` for the
whole scenario, and a scenario that would need longer is skipped with that reason, never cut
short. Every wait is written into the evidence, so a verdict says how much time had passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NoReturn

from harness.evidence import Evidence


class Waiter:
    """Time for one scenario. ``advance`` moves the target's clock (None: a wall clock);
    ``max_wait_s`` bounds the total wall-clock sleep in seconds; ``skip`` ends the scenario
    with a reason (pytest.skip under pytest)."""

    def __init__(
        self,
        evidence: Evidence,
        *,
        advance: Callable[[float], None] | None,
        max_wait_s: float,
        skip: Callable[[str], NoReturn],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.evidence = evidence
        self._advance = advance
        self.max_wait_s = max_wait_s
        self._skip = skip
        self._sleep = sleep
        self.waited_s = 0.0  # seconds that passed by this waiter, on either clock

    def __repr__(self) -> str:  # shown in failure tracebacks: stable from run to run
        clock = "the target's clock" if self.controlled else "the wall clock"
        return f"<Waiter on {clock}, at most {self.max_wait_s:g} s>"

    @property
    def controlled(self) -> bool:
        """True when the target's clock is moved instead of waited for."""
        return self._advance is not None

    def require(self, total_s: float, purpose: str) -> None:
        """Skip now unless ``total_s`` seconds of waiting fit the run's bound (always true on a
        controllable clock), so a scenario never starts a wait it cannot finish."""
        if self.controlled or self.waited_s + total_s <= self.max_wait_s:
            return
        self._skip(
            f"{purpose} needs {total_s:g} s of waiting on the wall clock (the target's clock "
            f"cannot be moved), over the run's bound of {self.max_wait_s:g} s: raise it with "
            "--max-wait or HARNESS_MAX_WAIT"
        )

    def wait(self, seconds: float, purpose: str) -> None:
        """Let ``seconds`` (≥ 0) pass: the clock is advanced, or the scenario sleeps (skipped
        first when the sleep would exceed the bound). The wait is noted in the evidence."""
        if seconds < 0:
            raise ValueError(f"a wait cannot be negative, got {seconds}")
        self.require(seconds, purpose)
        if self._advance is not None:
            self._advance(seconds)
            how = "the target's clock was advanced"
        else:
            self._sleep(seconds)
            how = "the harness waited on the wall clock"
        self.waited_s += seconds
        self.evidence.add_note(
            f"{how} {seconds:g} s ({purpose}); {self.waited_s:g} s have passed in all"
        )
