from __future__ import annotations

import threading
import time


class Clock:
    """The mock's time source: real time plus an offset that tests move forward.

    Every expiry, lifetime and rate-limit window in the mock reads this clock, so a test can
    make a code or token expire without sleeping.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Epoch seconds as the mock sees them."""
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the mock's time forward (never backward: negative values are refused)."""
        if seconds < 0:
            raise ValueError(f"the clock only moves forward; got advance({seconds})")
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = 0.0

    @property
    def offset(self) -> float:
        with self._lock:
            return self._offset
