"""Samples several scenarios of one worker read but never change, collected once.

A batch of authorization codes is judged for entropy by one scenario and for uniqueness by
another; both only read it, and neither can disturb the other, so the worker collects one batch
per target configuration (the mock's switched-on defects: the kill matrix's runs never share
one across configurations) instead of one per scenario.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence


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
