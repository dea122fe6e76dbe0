"""Result cache: Redis when configured, an in-process LRU otherwise.

A cache fault is a miss, never an error: Redis calls use short timeouts, and after a
failure Redis is skipped for ``retry_after`` seconds (a small circuit breaker) so a
dead or frozen Redis costs each request at most one short timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

import redis

log = logging.getLogger(__name__)


class MemoryCache:
    """A thread-safe LRU of bytes with per-item expiry."""

    state = "memory"

    def __init__(self, max_items: int = 256):
        self.max_items = max_items
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
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
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def ping(self) -> bool:
        return True


class RedisCache:
    """Redis-backed cache that degrades to misses when Redis is slow or gone."""

    def __init__(
        self, url: str, *, timeout: float = 0.25, retry_after: float = 5.0, prefix: str = "newsfacts:"
    ):
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=None, health_check_interval=0
        )
        self.prefix = prefix
        self.retry_after = retry_after
        self._down_until = 0.0

    @property
    def state(self) -> str:
        return "degraded" if self._skipping() else "ok"

    def _skipping(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, method: str, *args):
        if self._skipping():
            return None
        try:
            return getattr(self.client, method)(*args)
        except (redis.RedisError, OSError) as error:
            log.warning("redis %s failed, treating as a miss: %s", method, error)
            self._down_until = time.monotonic() + self.retry_after
            return None

    def get(self, key: str) -> bytes | None:
        return self._call("get", self.prefix + key)

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self._call("set", self.prefix + key, value, ttl)

    def ping(self) -> bool:
        """Probe Redis now, even while it is being skipped; refresh the breaker."""
        self._down_until = 0.0
        return bool(self._call("ping"))


def build_cache(settings) -> MemoryCache | RedisCache:
    """The cache the settings ask for."""
    if settings.redis_url:
        return RedisCache(
            settings.redis_url, timeout=settings.redis_timeout, retry_after=settings.redis_retry_after
        )
    return MemoryCache(settings.cache_memory_items)
