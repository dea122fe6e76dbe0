"""The in-process caches (an LRU with single flight; none at all) and what every cache shares."""

from __future__ import annotations

import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

Compute = Callable[[], tuple[bytes, int]]  # returns the value and its TTL in seconds
JITTER = 0.1  # TTLs are shortened by up to this fraction so entries do not all expire together


def jittered(ttl: int) -> int:
    """``ttl`` shortened by a random fraction up to JITTER, at least one second."""
    return max(1, round(ttl * (1 - random.uniform(0, JITTER))))


def compute_and_store(cache, key: str, compute: Compute) -> bytes:
    """Run ``compute`` and store its value in ``cache`` for the TTL it asks for."""
    value, ttl = compute()
    cache.set(key, value, ttl)
    return value


class NoCache:
    """Computes every time (the CLI analyses afresh)."""

    state = "off"

    def get(self, key: str) -> None:
        return None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        pass

    def get_or_compute(self, key: str, compute: Compute, *, refresh: bool = False) -> tuple[bytes, bool]:
        return compute()[0], False

    def ping(self) -> bool:
        return True


class MemoryCache:
    """A thread-safe LRU of bytes with per-item expiry; single flight within the process.

    Bounded by count and by bytes: 256 results with their texts can otherwise reach 500 MB.
    """

    state = "memory"

    def __init__(
        self,
        max_items: int = 256,
        *,
        max_value_bytes: int = 2_000_000,
        lock_wait: float = 15.0,
        max_bytes: int = 64_000_000,
    ):
        self.max_items = max_items
        self.max_value_bytes = max_value_bytes
        self.max_bytes = max_bytes
        self.lock_wait = lock_wait
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._flights: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """The values' total size."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires < time.monotonic():
                del self._items[key]
                self._bytes -= len(value)
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if len(value) > min(self.max_value_bytes, self.max_bytes):
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._items[key] = (time.monotonic() + jittered(ttl), value)
            self._bytes += len(value)
            while len(self._items) > self.max_items or self._bytes > self.max_bytes:
                _, (_, evicted) = self._items.popitem(last=False)
                self._bytes -= len(evicted)

    def get_or_compute(self, key: str, compute: Compute, *, refresh: bool = False) -> tuple[bytes, bool]:
        """The cached value (and True), or the computed one (and False); one computation per key."""
        value = None if refresh else self.get(key)
        if value is not None:
            return value, True
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None or refresh
            if flight is None:
                flight = self._flights[key] = threading.Event()
        if leader:
            try:
                return compute_and_store(self, key, compute), False
            finally:
                with self._lock:
                    self._flights.pop(key, None)
                flight.set()
        flight.wait(self.lock_wait)
        value = self.get(key)
        return (value, True) if value is not None else (compute_and_store(self, key, compute), False)

    def ping(self) -> bool:
        return True
