"""Control authorizations: the evidence that lets a negative scenario pass.

A scenario that expects a refusal (a duplicated parameter, a foreign redirect URI …) may pass
only when the same flow without its mutation succeeds against the same target in the same run;
otherwise the refusal may have nothing to do with the mutation (a redirect URI registered in
another form, a wrong password, a server that is down). One control per worker, client and
target configuration is enough: a success is cached here (a failure is not: the next
scenario tries its own control, so a transient hiccup cannot decide for the whole worker).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class ControlResult:
    """``failure`` is None when the control authorization reached the client with a code."""

    client: str
    failure: str | None

    @property
    def succeeded(self) -> bool:
        return self.failure is None


class ControlCache:
    """Control results of one worker, keyed by client role and target configuration (the mock's
    switched-on defects; remote targets have one configuration for the whole run)."""

    def __init__(self) -> None:
        self._results: dict[tuple[str, Hashable], ControlResult] = {}
        self._lock = threading.Lock()

    def get(self, client: str, configuration: Hashable) -> ControlResult | None:
        with self._lock:
            return self._results.get((client, configuration))

    def put(self, configuration: Hashable, result: ControlResult) -> None:
        with self._lock:
            self._results[(result.client, configuration)] = result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()
