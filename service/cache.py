"""Result cache: Redis when configured, an in-process LRU otherwise; one computation per key at a time.

A cache fault is a miss, never an error: Redis calls use short timeouts and no retry
loops, and a circuit breaker skips Redis after a failure, probing it again later, so a
dead or frozen Redis costs a request at most about one short timeout. Concurrent misses
of one key compute once ("single flight"): across processes and instances through a
Redis lock (SET NX PX) whose waiters poll for the result, in one process through an Event.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

import redis

from service.breaker import CircuitBreaker

log = logging.getLogger(__name__)
Compute = Callable[[], tuple[bytes, int]]  # returns the value and its TTL in seconds
FAILED = object()  # what a skipped or failed Redis call returns
JITTER = 0.1  # TTLs are shortened by up to this fraction so entries do not all expire together
POLL = 0.05  # seconds between a waiter's looks at the result
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


def jittered(ttl: int) -> int:
    """``ttl`` shortened by a random fraction up to JITTER, at least one second."""
    return max(1, round(ttl * (1 - random.uniform(0, JITTER))))


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
    """A thread-safe LRU of bytes with per-item expiry; single flight within the process."""

    state = "memory"

    def __init__(self, max_items: int = 256, *, max_value_bytes: int = 2_000_000, lock_wait: float = 15.0):
        self.max_items = max_items
        self.max_value_bytes = max_value_bytes
        self.lock_wait = lock_wait
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._flights: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if expires < time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if len(value) > self.max_value_bytes:
            return
        with self._lock:
            self._items[key] = (time.monotonic() + jittered(ttl), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

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
                return _compute_and_store(self, key, compute), False
            finally:
                with self._lock:
                    self._flights.pop(key, None)
                flight.set()
        flight.wait(self.lock_wait)
        value = self.get(key)
        return (value, True) if value is not None else (_compute_and_store(self, key, compute), False)

    def ping(self) -> bool:
        return True


def _compute_and_store(cache, key: str, compute: Compute) -> bytes:
    value, ttl = compute()
    cache.set(key, value, ttl)
    return value


class RedisCache:
    """Redis-backed cache that degrades to misses when Redis is slow or gone."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 0.25,
        retry_after: float = 5.0,
        prefix: str = "newsfacts:",
        max_value_bytes: int = 2_000_000,
        lock_ttl: float = 30.0,
        lock_wait: float = 15.0,
        local_ttl: int = 0,
        local_items: int = 256,
    ):
        self.local = MemoryCache(local_items, max_value_bytes=max_value_bytes) if local_ttl > 0 else None
        self.local_ttl = local_ttl
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=None, health_check_interval=0
        )
        self.prefix = prefix
        self.max_value_bytes = max_value_bytes
        self.lock_ttl = lock_ttl
        self.lock_wait = lock_wait
        self.breaker = CircuitBreaker(reset_after=retry_after)

    @property
    def state(self) -> str:
        return "ok" if self.breaker.state == "closed" else "degraded"

    def _call(self, method: str, *args, probe: bool = False, **kwargs):
        """Run one Redis command; FAILED when the breaker skips Redis or the command fails."""
        if not probe and not self.breaker.allow():
            return FAILED
        try:
            result = getattr(self.client, method)(*args, **kwargs)
        except (redis.RedisError, OSError) as error:
            log.warning("redis %s failed, treating as a miss: %s", method, error)
            self.breaker.failed()
            return FAILED
        self.breaker.succeeded()
        return result

    def get(self, key: str) -> bytes | None:
        value = self._call("get", self.prefix + key)
        return None if value is FAILED else value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if len(value) > self.max_value_bytes:
            log.info("not caching %s: %d bytes is over the limit", key, len(value))
            return
        self._call("set", self.prefix + key, value, ex=jittered(ttl))

    def get_or_compute(self, key: str, compute: Compute, *, refresh: bool = False) -> tuple[bytes, bool]:
        """The cached value (and True), or the computed one (and False); one computation per key
        across every process sharing this Redis, while Redis answers.

        A hit is first looked for in this worker's short-lived memory tier: repeats of a hot
        article then cost no Redis round trip (results are deterministic per key and version,
        so the tier can only lag a ``no-cache`` refresh made elsewhere, by ``local_ttl`` at most).
        """
        local = None if refresh or self.local is None else self.local.get(key)
        if local is not None:
            return local, True
        value, cached = self._get_or_compute(key, compute, refresh=refresh)
        if self.local is not None:
            self.local.set(key, value, self.local_ttl)
        return value, cached

    def _get_or_compute(self, key: str, compute: Compute, *, refresh: bool) -> tuple[bytes, bool]:
        value = None if refresh else self._call("get", self.prefix + key)
        if value is not None and value is not FAILED:
            return value, True
        if refresh or value is FAILED:
            return _compute_and_store(self, key, compute), False
        return self._single_flight(key, compute)

    def _single_flight(self, key: str, compute: Compute) -> tuple[bytes, bool]:
        lock, token = self.prefix + "lock:" + key, uuid.uuid4().hex
        give_up = time.monotonic() + self.lock_wait
        while time.monotonic() < give_up:
            acquired = self._call("set", lock, token, nx=True, px=int(self.lock_ttl * 1000))
            if acquired is FAILED:
                break
            if acquired:
                try:
                    value = self._call("get", self.prefix + key)  # stored since our first look?
                    if value is not None and value is not FAILED:
                        return value, True
                    return _compute_and_store(self, key, compute), False
                finally:
                    self._call("eval", RELEASE, 1, lock, token)
            value = self._await(key, lock, give_up)
            if value is FAILED:
                break
            if value is not None:
                return value, True
        return _compute_and_store(self, key, compute), False  # Redis failed, or the holder is stuck

    def _await(self, key: str, lock: str, give_up: float):
        """Poll until the holder stores the value (returned), or its lock is gone (None)."""
        while time.monotonic() < give_up:
            time.sleep(POLL)
            held = self._call("exists", lock)  # before the value: the holder stores, then unlocks
            value = self._call("get", self.prefix + key)
            if held is FAILED or value is FAILED:
                return FAILED
            if value is not None:
                return value
            if not held:
                return None
        return None

    def ping(self) -> bool:
        """Probe Redis now, even while the breaker skips it; the outcome updates the breaker."""
        return self._call("ping", probe=True) is True


def build_cache(settings) -> MemoryCache | RedisCache:
    """The cache the settings ask for."""
    if settings.redis_url:
        return RedisCache(
            settings.redis_url,
            timeout=settings.redis_timeout,
            retry_after=settings.redis_retry_after,
            max_value_bytes=settings.cache_max_value_bytes,
            lock_ttl=settings.cache_lock_ttl,
            lock_wait=settings.cache_lock_wait,
            local_ttl=settings.cache_local_ttl,
            local_items=settings.cache_memory_items,
        )
    return MemoryCache(
        settings.cache_memory_items,
        max_value_bytes=settings.cache_max_value_bytes,
        lock_wait=settings.cache_lock_wait,
    )
