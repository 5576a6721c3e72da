"""Samples several scenarios of one worker read but never change, collected once.

A batch of authorization codes is judged for entropy by one scenario and for uniqueness by
another; both only read it, and neither can disturb the other, so the worker collects one batch
per target configuration (the mock's switched-on defects: the kill matrix's runs never share
one across configurations) instead of one per scenario.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence

from harness.browser import SignIn


class SharedSamples:
    """Per-worker store of read-only samples (sequences of strings), keyed by name and target
    configuration. A failed collection raises and stores nothing."""

    def __init__(self) -> None:
        self._samples: dict[tuple[str, Hashable], tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, configuration: Hashable) -> tuple[str, ...] | None:
        with self._lock:
            return self._samples.get((name, configuration))

    def put(self, name: str, configuration: Hashable, values: Sequence[str]) -> tuple[str, ...]:
        kept = tuple(values)
        with self._lock:
            self._samples[(name, configuration)] = kept
        return kept


SampleCollector = Callable[[], Sequence[str]]


class SignIns:
    """Per-worker signed-in browser states, one per target configuration: a scenario that is
    not about signing in starts its authorizations from it and leaves its own there, so a
    worker signs in once per configuration instead of once per authorization (the login page,
    its form and its redirect: about a third of an authorization on the mock). A state the
    server no longer honours just shows the login page again, and the script signs in."""

    def __init__(self) -> None:
        self._states: dict[Hashable, SignIn] = {}
        self._lock = threading.Lock()

    def for_configuration(self, configuration: Hashable) -> SignIn:
        with self._lock:
            return self._states.setdefault(configuration, SignIn())
