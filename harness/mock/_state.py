"""MockState: the run-time state tests reach into: clock, defects, issued codes and tokens."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from harness.mock._clock import Clock
from harness.mock._defects import DEFECTS, check_defect
from harness.mock._ratelimit import RateLimiter
from harness.mock._seed import DEFAULT_GRANT_TYPES, GRANT_TYPES
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


class GrantTypes:
    """The grant types the mock serves (``harness.mock._seed.GRANT_TYPES``), changed at run time;
    ``reset()`` goes back to the set it was made with (the settings' ``grant_types``)."""

    def __init__(self, names: Iterable[str] = DEFAULT_GRANT_TYPES) -> None:
        self._lock = threading.Lock()
        self._initial = frozenset(check_grant_type(n) for n in names)
        self._on = self._initial

    def enable(self, *names: str) -> None:
        checked = frozenset(check_grant_type(n) for n in names)
        with self._lock:
            self._on = self._on | checked

    def disable(self, *names: str) -> None:
        checked = frozenset(check_grant_type(n) for n in names)
        with self._lock:
            self._on = self._on - checked

    def reset(self) -> None:
        with self._lock:
            self._on = self._initial

    def active(self) -> frozenset[str]:
        return self._on

    def __repr__(self) -> str:
        return f"GrantTypes({sorted(self._on)!r})"


def check_grant_type(name: str) -> str:
    """Return ``name`` if the mock knows the grant type, else raise ValueError naming them."""
    if name not in GRANT_TYPES:
        raise ValueError(f"unknown grant type {name!r} (known: {', '.join(GRANT_TYPES)})")
    return name


class MockState:
    """Shared by the app's request threads and the test that owns it; every part is thread-safe.

    ``defects`` switches faults at run time (``state.defects.enable("code-reusable")``),
    ``grant_types`` the grants served (``state.grant_types.enable("password")``), ``clock``
    moves time (``state.clock.advance(61)``), ``reset()`` starts over.
    """

    def __init__(
        self, defects: Iterable[str] = (), grant_types: Iterable[str] = DEFAULT_GRANT_TYPES
    ) -> None:
        self.clock = Clock()
        self.defects = DefectSet(defects)
        self.grant_types = GrantTypes(grant_types)
        self.store = Store()
        self.rate_limiter = RateLimiter(self.clock)

    def grant_enabled(self, name: str) -> bool:
        """Whether grant type ``name`` is served: switched on in ``grant_types``, or by an active
        defect that enables it (``Defect.enables``)."""
        check_grant_type(name)
        if name in self.grant_types.active():
            return True
        return any(name in DEFECTS[defect].enables for defect in self.defects.active())

    def reset(self) -> None:
        """Clear defects, restore the grant types the state was made with, reset the clock,
        drop codes, tokens and rate-limit counters."""
        self.defects.clear()
        self.grant_types.reset()
        self.clock.reset()
        self.store.reset()
        self.rate_limiter.reset()
