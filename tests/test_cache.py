"""Single flight across threads and app instances, negative caching, size limits and TTL jitter."""

from __future__ import annotations

import threading
import time

import pytest

from service import create_app
from service.cache import RedisCache
from service.config import Settings
from service.serving import results

SLACK = 2.0  # Redis timeout for counting tests: a loaded CI machine must not trip the breaker

TEXT = "A landslide buried a mountain road on Friday, killing four drivers, the regional governor said."


@pytest.fixture
def computations(monkeypatch):
    """Counts analyses; each takes a little while so concurrent requests overlap."""
    calls = []
    real = results.analyze

    def counted(*args, **kwargs):
        calls.append(time.monotonic())
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(results, "analyze", counted)
    return calls


def post_together(clients, payload, *, per_client: int) -> list:
    """``per_client`` threads per client post ``payload`` at the same moment; their responses."""
    jobs = [client for client in clients for _ in range(per_client)]
    barrier, responses = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(index, client):
        barrier.wait()
        responses[index] = client.post("/v1/analyze", json=payload)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


def bodies(responses) -> list[dict]:
    out = []
    for response in responses:
        body = response.get_json()
        body.pop("meta")
        out.append(body)
    return out


def test_concurrent_misses_on_two_instances_compute_once(redis_url, computations):
    settings = Settings(redis_url=redis_url, redis_timeout=SLACK)
    clients = [create_app(settings).test_client() for _ in range(2)]
    responses = post_together(clients, {"text": TEXT}, per_client=4)
    assert [r.status_code for r in responses] == [200] * 8
    assert len(computations) == 1
    assert sorted(r.headers["X-Cache"] for r in responses) == ["HIT"] * 7 + ["MISS"]
    first, *rest = bodies(responses)
    assert all(body == first for body in rest)


def test_concurrent_misses_in_memory_compute_once(computations):
    client = create_app(Settings(redis_url=None)).test_client()
    responses = post_together([client], {"text": TEXT}, per_client=6)
    assert [r.status_code for r in responses] == [200] * 6
    assert len(computations) == 1


def test_a_dead_holder_delays_waiters_boundedly(redis_server, redis_url, computations):
    """A lock left by a crashed worker: waiters give up after cache_lock_wait and compute."""
    settings = Settings(redis_url=redis_url, cache_lock_wait=0.5, redis_timeout=SLACK)
    app = create_app(settings)
    key = results.request_key(results.AnalysisRequest(text=TEXT), model=settings.spacy_model)
    redis_server.client().set("newsfacts:lock:" + key, "crashed-worker", px=60_000)
    started = time.monotonic()
    assert app.test_client().post("/v1/analyze", json={"text": TEXT}).status_code == 200
    assert 0.5 <= time.monotonic() - started < 3
    assert len(computations) == 1


def test_an_expired_lock_is_taken_over_by_one_waiter(redis_server, redis_url, computations):
    settings = Settings(redis_url=redis_url, redis_timeout=SLACK)
    app = create_app(settings)
    key = results.request_key(results.AnalysisRequest(text=TEXT), model=settings.spacy_model)
    redis_server.client().set("newsfacts:lock:" + key, "crashed-worker", px=300)
    responses = post_together([app.test_client()], {"text": TEXT}, per_client=4)
    assert [r.status_code for r in responses] == [200] * 4
    assert len(computations) == 1


def test_a_bad_url_sent_a_thousand_times_is_fetched_once(settings, page_server):
    page_server.page("/cache-broken", "<p>down</p>", status=500)
    client = create_app(settings.updated(redis_timeout=SLACK)).test_client()
    statuses = {
        client.post("/v1/analyze", json={"url": page_server.base + "/cache-broken"}).status_code
        for _ in range(1000)
    }
    assert statuses == {502}
    assert page_server.hits["/cache-broken"] == 1


def test_concurrent_requests_for_a_bad_url_fetch_once(settings, page_server):
    page_server.page("/cache-feed.json", "{}", content_type="application/json")
    clients = [create_app(settings.updated(redis_timeout=SLACK)).test_client() for _ in range(2)]
    responses = post_together(clients, {"url": page_server.base + "/cache-feed.json"}, per_client=5)
    assert {r.status_code for r in responses} == {422}
    assert {r.get_json()["type"] for r in responses} == {"urn:newsfacts:problem:not-html"}
    assert page_server.hits["/cache-feed.json"] == 1


def test_failures_are_cached_briefly(redis_server, settings, page_server):
    page_server.page("/cache-gone", "<p>gone</p>", status=404)
    create_app(settings.updated(fetch_failure_ttl=60)).test_client().post(
        "/v1/analyze", json={"url": page_server.base + "/cache-gone"}
    )
    (key,) = redis_server.client().keys("newsfacts:*")
    assert 54 <= redis_server.client().ttl(key) <= 60


def test_no_cache_refetches_a_failed_url(settings, page_server):
    page_server.page("/cache-flaky", "<p>x</p>", status=503)
    client = create_app(settings.updated(fetch_retries=0)).test_client()
    client.post("/v1/analyze", json={"url": page_server.base + "/cache-flaky"})
    client.post(
        "/v1/analyze", json={"url": page_server.base + "/cache-flaky"}, headers={"Cache-Control": "no-cache"}
    )
    assert page_server.hits["/cache-flaky"] == 2


def test_results_over_the_size_limit_are_not_cached(redis_server, redis_url):
    client = create_app(Settings(redis_url=redis_url, cache_max_value_bytes=100)).test_client()
    assert client.post("/v1/analyze", json={"text": TEXT}).headers["X-Cache"] == "MISS"
    assert client.post("/v1/analyze", json={"text": TEXT}).headers["X-Cache"] == "MISS"
    assert redis_server.client().keys("*") == [] or all(
        key.startswith(b"newsfacts:events:") for key in redis_server.client().keys("*")
    ), "no result in the cache (the stateful events keep their own keys)"


def test_ttls_are_jittered_below_the_setting(redis_server, redis_url):
    cache = RedisCache(redis_url)
    for index in range(40):
        cache.set(f"k{index}", b"v", 1000)
    ttls = {redis_server.client().ttl(f"newsfacts:k{index}") for index in range(40)}
    assert all(900 <= ttl <= 1000 for ttl in ttls)
    assert len(ttls) > 5


def test_readyz_reports_degraded_while_the_breaker_is_open(redis_url):
    app = create_app(Settings(redis_url=redis_url))
    app.extensions["newsfacts_cache"].breaker.failed()
    assert app.test_client().get("/readyz").get_json()["cache"] == "ok", "readyz probes and closes it"


def test_memory_cache_limits_value_size():
    client = create_app(Settings(redis_url=None, cache_max_value_bytes=100)).test_client()
    client.post("/v1/analyze", json={"text": TEXT})
    assert client.post("/v1/analyze", json={"text": TEXT}).headers["X-Cache"] == "MISS"


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://127.0.0.1:9/"])
def test_refused_urls_are_negatively_cached_too(redis_server, redis_url, url):
    client = create_app(Settings(redis_url=redis_url, fetch_allow_cidrs=())).test_client()
    assert client.post("/v1/analyze", json={"url": url}).status_code == 422
    assert any(b"fetch-error" in redis_server.client().get(key) for key in redis_server.client().keys())


def test_meta_is_spliced_into_the_stored_body_as_json():
    import json
    import time

    from service.serving.results import pipeline_version, with_meta

    stored = json.dumps({"id": "sha256:x", "summary": ["Ünïcode “quotes”"]}, ensure_ascii=False).encode()
    for cached in (True, False):
        body = json.loads(with_meta(stored, cached=cached, started=time.perf_counter() - 0.25, model="m"))
        assert body["summary"] == ["Ünïcode “quotes”"]
        assert body["meta"]["cached"] is cached and body["meta"]["version"] == pipeline_version("m")
        assert 240 <= body["meta"]["elapsed_ms"] <= 5000


def test_request_keys_are_remembered_only_for_equal_requests():
    from service.serving.results import AnalysisRequest, request_key

    first = request_key(AnalysisRequest(text="Same text."))
    assert request_key(AnalysisRequest(text="Same text.")) == first
    assert request_key(AnalysisRequest(text="Same text.", title="Other")) != first
