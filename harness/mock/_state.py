"""MockState: the run-time state tests reach into: clock, defects, issued codes and tokens."""

from __future__ import annotations

from collections.abc import Iterable

from harness.mock._clock import Clock
from harness.mock._defects import DefectSet
from harness.mock._ratelimit import RateLimiter
from harness.mock._store import Store


class MockState:
    """Shared by the app's request threads and the test that owns it; every part is thread-safe.

    ``defects`` switches faults at run time (``state.defects.enable("code-reusable")``),
    ``clock`` moves time (``state.clock.advance(61)``), ``reset()`` starts over.
    """

    def __init__(self, defects: Iterable[str] = ()) -> None:
        self.clock = Clock()
        self.defects = DefectSet(defects)
        self.store = Store()
        self.rate_limiter = RateLimiter(self.clock)

    def reset(self) -> None:
        """Clear defects, reset the clock, drop codes, tokens and rate-limit counters."""
        self.defects.clear()
        self.clock.reset()
        self.store.reset()
        self.rate_limiter.reset()
