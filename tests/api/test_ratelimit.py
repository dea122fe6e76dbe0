"""Rate limits per key or client address, counted in Redis, with an in-memory fallback."""

from __future__ import annotations

import hashlib
import time

import pytest

from service import create_app
from tests.support.servers import RedisServer

STORY = {"text": "Flooding cut off three villages on Tuesday and two people were missing, rescuers said."}


def post(client, **headers):
    return client.post("/v1/analyze", json=STORY, headers=headers)


@pytest.fixture
def limited(settings):
    return create_app(settings.updated(rate_limit="3/minute")).test_client()


def test_no_limits_or_headers_by_default(client):
    response = post(client)
    assert response.status_code == 200
    assert "RateLimit-Limit" not in response.headers


def test_the_fourth_request_is_a_429_problem_with_headers(limited):
    answers = [post(limited) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a.headers["RateLimit-Limit"] for a in answers} == {"3"}
    assert {a.headers["RateLimit-Policy"] for a in answers} == {"3;w=60"}
    refused = answers[-1]
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["type"] == "urn:newsfacts:problem:rate-limited"
    assert "3 per 1 minute" in refused.get_json()["detail"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert 0 <= int(refused.headers["RateLimit-Reset"]) <= 60
    assert "Retry-After" not in answers[0].headers


def test_each_client_address_has_its_own_budget(limited):
    for _ in range(3):
        post(limited)
    assert post(limited).status_code == 429
    other = limited.post("/v1/analyze", json=STORY, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200


def test_each_key_has_its_own_budget(settings):
    hashes = tuple(f"{name}:{hashlib.sha256(name.encode()).hexdigest()}" for name in ("cms", "wire"))
    client = create_app(settings.updated(rate_limit="2/minute", api_key_hashes=hashes)).test_client()
    assert [post(client, **{"X-API-Key": "cms"}).status_code for _ in range(3)] == [200, 200, 429]
    assert post(client, **{"X-API-Key": "wire"}).status_code == 200


def test_workers_share_the_count_through_redis(settings, redis_server):
    first, second = (create_app(settings.updated(rate_limit="3/minute")).test_client() for _ in range(2))
    assert [post(first).status_code, post(second).status_code, post(first).status_code] == [200] * 3
    assert post(second).status_code == 429
    assert any(key.startswith(b"newsfacts:limits:") for key in redis_server.client().keys("*"))


@pytest.mark.parametrize("path", ["/healthz", "/metrics", "/openapi.yaml", "/docs"])
def test_only_the_api_is_limited(settings, path):
    client = create_app(settings.updated(rate_limit="1/minute")).test_client()
    answers = [client.get(path) for _ in range(3)]
    assert {a.status_code for a in answers} == {200}
    assert "RateLimit-Limit" not in answers[-1].headers


def test_limits_fall_back_to_memory_when_redis_stops(settings):
    """A dead Redis costs no errors and little time: counting goes on in memory."""
    redis = RedisServer().start()
    client = create_app(settings.updated(redis_url=redis.url, rate_limit="3/minute")).test_client()
    assert post(client).status_code == 200
    redis.stop()
    started = time.monotonic()
    answers = [post(client) for _ in range(4)]
    assert time.monotonic() - started < 5
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].headers["Retry-After"]


def test_a_batch_costs_one_per_item(settings):
    client = create_app(settings.updated(rate_limit="5/minute")).test_client()
    batch = {
        "items": [{"text": f"Storm number {n} injured {n} people on Monday, police said."} for n in (1, 2, 3)]
    }
    first = client.post("/v1/analyze/batch", json=batch)
    assert first.status_code == 200
    assert first.headers["RateLimit-Remaining"] == "2"
    assert client.post("/v1/analyze/batch", json=batch).status_code == 429


def test_a_request_never_costs_more_than_a_whole_window(settings):
    client = create_app(settings.updated(rate_limit="5/minute")).test_client()
    too_many = {"items": [{"text": "A short story."}] * 100}
    response = client.post("/v1/analyze/batch", json=too_many)
    assert response.status_code == 422  # counted (the whole window), then refused by validation
    assert response.headers["RateLimit-Remaining"] == "0"


def test_counting_goes_back_to_redis_once_it_answers_again(settings):
    redis = RedisServer().start()
    client = create_app(settings.updated(redis_url=redis.url, rate_limit="10/minute")).test_client()
    redis.stop()
    assert post(client).status_code == 200  # counted in memory
    redis.start()  # same port
    try:
        time.sleep(1.2)  # Flask-Limiter probes a dead storage after 1 s, then 2, 4, ...
        assert post(client).status_code == 200
        assert any(key.startswith(b"newsfacts:limits:") for key in redis.client().keys("*"))
    finally:
        redis.stop()
