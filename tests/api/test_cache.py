"""The result cache: hits, refreshes, keys, and Redis going away mid-test."""

from __future__ import annotations

import pytest

from service import create_app
from service.config import Settings
from tests.support.servers import RedisServer

TEXT = (
    "A gas explosion destroyed a bakery in the town centre on Monday, killing two people, police said. "
    "Firefighters searched the rubble through the night."
)


def post(client, payload=None, **headers):
    return client.post("/v1/analyze", json=payload or {"text": TEXT}, headers=headers)


def without_meta(response) -> dict:
    body = response.get_json()
    body.pop("meta")
    return body


def cached_keys(redis_server) -> list[bytes]:
    """The result cache's keys (the stateful events keep theirs beside them)."""
    return [key for key in redis_server.client().keys("*") if not key.startswith(b"newsfacts:events:")]


def test_miss_then_hit_returns_the_same_body(client, redis_server):
    first, second = post(client), post(client)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert (first.get_json()["meta"]["cached"], second.get_json()["meta"]["cached"]) == (False, True)
    assert without_meta(first) == without_meta(second)
    assert len(cached_keys(redis_server)) == 1, "the result is stored in Redis"


def test_no_cache_recomputes_and_refreshes(client, redis_server):
    post(client)
    refreshed = post(client, **{"Cache-Control": "no-cache"})
    assert refreshed.headers["X-Cache"] == "MISS"
    assert post(client).headers["X-Cache"] == "HIT"


def test_key_changes_with_options_and_input(client):
    post(client)
    assert post(client, {"text": TEXT, "options": {"summary_sentences": 1}}).headers["X-Cache"] == "MISS"
    assert post(client, {"text": TEXT, "published_at": "2024-01-01"}).headers["X-Cache"] == "MISS"
    assert post(client, {"text": TEXT + " "}).headers["X-Cache"] == "MISS"
    assert post(client, {"text": TEXT, "options": {"summary_sentences": 3}}).headers["X-Cache"] == "HIT"


def test_results_expire_after_the_ttl(redis_server, redis_url):
    client = create_app(Settings(redis_url=redis_url, cache_ttl=60)).test_client()
    post(client)
    (key,) = cached_keys(redis_server)
    assert 0 < redis_server.client().ttl(key) <= 60


def test_without_redis_an_in_process_cache_is_used():
    client = create_app(Settings(redis_url=None)).test_client()
    assert post(client).headers["X-Cache"] == "MISS"
    assert post(client).headers["X-Cache"] == "HIT"
    assert client.get("/readyz").get_json()["cache"] == "memory"


@pytest.fixture
def own_redis():
    """A redis-server this test may kill."""
    server = RedisServer().start()
    yield server
    server.stop()


def test_redis_stopped_mid_test_still_answers(own_redis):
    client = create_app(Settings(redis_url=own_redis.url)).test_client()
    assert post(client).status_code == 200
    assert client.get("/readyz").get_json()["cache"] == "ok"
    own_redis.stop()
    response = post(client, {"text": TEXT + " Two more were hurt."})
    assert response.status_code == 200
    assert response.headers["X-Cache"] == "MISS"
    recent = post(client)
    assert recent.status_code == 200
    assert recent.headers["X-Cache"] == "HIT", "a result this worker saw recently is still served"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["cache"] == "degraded"


def test_redis_never_reachable_still_answers():
    from tests.support.servers import free_port

    client = create_app(Settings(redis_url=f"redis://127.0.0.1:{free_port()}/0")).test_client()
    assert post(client).status_code == 200
    assert client.get("/readyz").get_json() == {
        "status": "ready",
        "model": Settings().spacy_model,
        "cache": "degraded",
    }


def test_worker_memory_tier_saves_the_redis_round_trip(redis_server, redis_url):
    client = create_app(Settings(redis_url=redis_url, cache_local_ttl=60)).test_client()
    post(client)
    redis_server.client().flushall()
    assert post(client).headers["X-Cache"] == "HIT", "served from the worker's memory"
    refreshed = post(client, **{"Cache-Control": "no-cache"})
    assert refreshed.headers["X-Cache"] == "MISS", "no-cache skips both tiers"
    assert len(cached_keys(redis_server)) == 1, "and refreshes Redis"


def test_memory_tier_can_be_switched_off(redis_server, redis_url):
    client = create_app(Settings(redis_url=redis_url, cache_local_ttl=0)).test_client()
    post(client)
    redis_server.client().flushall()
    assert post(client).headers["X-Cache"] == "MISS"
