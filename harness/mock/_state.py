"""MockState: the run-time state tests reach into: clock, defects, issued codes and tokens."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from harness.mock._clock import Clock
from harness.mock._defects import check_defect
from harness.mock._ratelimit import RateLimiter
from harness.mock._store import Store


class DefectSet:
    """The defects switched on for one mock instance; thread-safe, changed at run time."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._on: frozenset[str] = frozenset(check_defect(n) for n in names)

    def on(self, name: str) -> bool:
        """Whether ``name`` is switched on (an unknown name is a programming error)."""
        return check_defect(name) in self._on

    def enable(self, *names: str) -> None:
        checked = frozenset(check_defect(n) for n in names)
        with self._lock:
            self._on = self._on | checked

    def disable(self, *names: str) -> None:
        checked = frozenset(check_defect(n) for n in names)
        with self._lock:
            self._on = self._on - checked

    def clear(self) -> None:
        with self._lock:
            self._on = frozenset()

    def active(self) -> frozenset[str]:
        return self._on

    def __contains__(self, name: object) -> bool:
        return name in self._on

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._on))

    def __len__(self) -> int:
        return len(self._on)

    def __repr__(self) -> str:
        return f"DefectSet({sorted(self._on)!r})"


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
