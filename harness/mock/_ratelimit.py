"""Taskade-like per-token rate limiting, measured on the mock clock (fixed windows)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from harness.mock._clock import Clock


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_s: float  # seconds until the window resets (Taskade sends a decimal, e.g. 23.727)

    def headers(self) -> list[tuple[str, str]]:
        headers = [
            ("x-rate-limit-limit", str(self.limit)),
            ("x-rate-limit-remaining", str(self.remaining)),
            ("x-rate-limit-reset", f"{self.reset_s:.3f}"),
        ]
        if not self.allowed:
            headers.append(("Retry-After", str(max(1, math.ceil(self.reset_s)))))
        return headers


class RateLimiter:
    """``limit`` requests per key per ``window`` seconds; a window starts at a key's first hit."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, limit: int, window: float) -> RateDecision:
        now = self._clock.now()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window:
                start, count = now, 0
            allowed = count < limit
            if allowed:
                count += 1
            self._windows[key] = (start, count)
        reset = max(0.0, start + window - now)
        return RateDecision(allowed, limit, max(0, limit - count), reset)

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
