"""Result cache: Redis when configured, an in-process LRU otherwise; one computation per key at a time.

A cache fault is a miss, never an error: Redis calls use short timeouts and no retry
loops, and a circuit breaker skips Redis after a failure, probing it again later, so a
dead or frozen Redis costs a request at most about one short timeout. Concurrent misses
of one key compute once ("single flight"): across processes and instances through a
Redis lock (SET NX PX) whose waiters poll for the result, in one process through an Event.
"""

from __future__ import annotations

from service.cache.memory_tier import MemoryCache, NoCache, jittered  # noqa: F401 (the cache API)
from service.cache.redis_tier import RedisCache


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
            local_bytes=settings.cache_memory_bytes,
        )
    return MemoryCache(
        settings.cache_memory_items,
        max_value_bytes=settings.cache_max_value_bytes,
        lock_wait=settings.cache_lock_wait,
        max_bytes=settings.cache_memory_bytes,
    )
