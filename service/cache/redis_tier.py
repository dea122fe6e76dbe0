"""The Redis result cache: shared by every worker and instance, never a cause of failure.

Redis calls use short timeouts and no retry loops; a circuit breaker skips Redis after a
failure and lets one call probe it later, so a dead or frozen Redis costs a request at most
about one short timeout. Concurrent misses of one key compute once across processes: the
first takes a lock (SET NX PX), the others poll for its result and compute themselves only
when it does not come in time or Redis fails.
"""

from __future__ import annotations

import logging
import time
import uuid

import redis

from service.cache.breaker import CircuitBreaker
from service.cache.memory_tier import Compute, MemoryCache, compute_and_store, jittered

log = logging.getLogger(__name__)
FAILED = object()  # what a skipped or failed Redis call returns
POLL = 0.05  # seconds between a waiter's looks at the result
RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


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
        local_bytes: int = 64_000_000,
    ):
        self.local = (
            MemoryCache(local_items, max_value_bytes=max_value_bytes, max_bytes=local_bytes)
            if local_ttl > 0
            else None
        )
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
            return compute_and_store(self, key, compute), False
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
                    return compute_and_store(self, key, compute), False
                finally:
                    self._call("eval", RELEASE, 1, lock, token)
            value = self._await(key, lock, give_up)
            if value is FAILED:
                break
            if value is not None:
                return value, True
        return compute_and_store(self, key, compute), False  # Redis failed, or the holder is stuck

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
