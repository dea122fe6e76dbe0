"""Redis dying in the middle of single flight: the holder still answers, a waiter stops waiting.

Each test runs its own redis-server (the session one is shared) and kills it mid-flight.
"""

from __future__ import annotations

import threading
import time

import pytest

from service.cache import RedisCache
from tests.support.servers import RedisServer

KEY = "story-under-test"
LOCK_WAIT = 10.0  # a waiter that waited this long would mean it never noticed Redis was gone


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()


def test_the_lock_holder_answers_when_redis_dies_while_it_computes(own_redis):
    cache = RedisCache(own_redis.url, timeout=0.5, lock_wait=LOCK_WAIT)
    calls = []

    def compute():
        calls.append(1)
        own_redis.stop()  # Redis goes away after the lock was taken, before the value is stored
        return b"fresh value", 60

    value, cached = cache.get_or_compute(KEY, compute)
    assert (value, cached) == (b"fresh value", False)
    assert calls == [1]
    assert cache.state == "degraded"


def test_a_waiter_computes_itself_when_redis_dies_while_it_waits(own_redis):
    client = own_redis.client()
    client.set("newsfacts:lock:" + KEY, "another-worker", px=60_000)  # someone else is computing
    cache = RedisCache(own_redis.url, timeout=0.5, lock_wait=LOCK_WAIT)
    calls, outcome = [], {}

    def compute():
        calls.append(time.monotonic())
        return b"computed by the waiter", 60

    def wait():
        started = time.monotonic()
        outcome["result"] = cache.get_or_compute(KEY, compute)
        outcome["seconds"] = time.monotonic() - started

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.5)  # the waiter is polling the lock
    assert waiter.is_alive() and calls == []
    own_redis.stop()
    waiter.join(LOCK_WAIT + 5)
    assert not waiter.is_alive()
    assert outcome["result"] == (b"computed by the waiter", False)
    assert len(calls) == 1
    assert outcome["seconds"] < LOCK_WAIT / 2


def test_a_waiter_takes_the_value_the_holder_stores(own_redis):
    """The fault-free path beside the two above: the waiter does not compute at all."""
    client = own_redis.client()
    client.set("newsfacts:lock:" + KEY, "another-worker", px=60_000)
    cache = RedisCache(own_redis.url, timeout=0.5, lock_wait=LOCK_WAIT)
    outcome = {}

    def compute():
        raise AssertionError("the waiter must not compute")

    waiter = threading.Thread(target=lambda: outcome.update(result=cache.get_or_compute(KEY, compute)))
    waiter.start()
    time.sleep(0.3)
    client.set("newsfacts:" + KEY, b"stored by the holder")
    client.delete("newsfacts:lock:" + KEY)
    waiter.join(LOCK_WAIT)
    assert outcome["result"] == (b"stored by the holder", True)
