"""A small circuit breaker: after a failure, skip the dependency for a while, then probe it once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    """closed --failure--> open --``reset_after`` passes--> half-open --probe--> closed or open.

    While open, ``allow()`` is False, so callers skip the dependency at no cost. Once
    ``reset_after`` seconds have passed, exactly one caller is allowed through as the
    probe; its outcome closes or re-opens the breaker. A probe that never reports back
    (its thread died) is replaced by another after ``reset_after`` more seconds.
    """

    def __init__(
        self, *, reset_after: float = 5.0, threshold: int = 1, clock: Callable[[], float] = time.monotonic
    ):
        self.reset_after = reset_after
        self.threshold = threshold
        self.clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_at: float | None = None
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "half-open" if self._probe_at is not None else "open"

    def allow(self) -> bool:
        """True when the caller may use the dependency now (as a probe, when half-open)."""
        with self._lock:
            if self._opened_at is None:
                return True
            now = self.clock()
            last = self._probe_at if self._probe_at is not None else self._opened_at
            if now - last < self.reset_after:
                return False
            self._probe_at = now
            return True

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = self._probe_at = None

    def failed(self) -> None:
        with self._lock:
            self._failures += 1
            if self._opened_at is not None or self._failures >= self.threshold:
                self._opened_at, self._probe_at = self.clock(), None
