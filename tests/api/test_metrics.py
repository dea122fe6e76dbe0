"""GET /metrics: Prometheus text, counting requests, cache lookups, fetch failures, steps, queue depth."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service import create_app
from service.analysis import timing
from service.web.metrics import observe_step

STORY = {"text": "An overnight fire at a warehouse injured five workers, the fire service said on Monday."}


def scrape(client) -> dict[tuple, float]:
    """Every sample of a scrape, keyed by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_prometheus_text(client):
    response = client.get("/metrics")
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE newsfacts_http_requests_total counter" in response.get_data(as_text=True)


def test_requests_latency_and_cache_are_counted(client):
    before = scrape(client)
    client.post("/v1/analyze", json=STORY)
    client.post("/v1/analyze", json=STORY)
    client.get("/no/such/page")
    client.open("/healthz", method="BREW")
    after = scrape(client)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    route = {"route": "/v1/analyze", "method": "POST"}
    assert delta("newsfacts_http_requests_total", status="200", **route) == 2
    assert delta("newsfacts_http_request_duration_seconds_count", **route) == 2
    assert delta("newsfacts_http_requests_total", route="unmatched", method="GET", status="404") == 1
    assert delta("newsfacts_http_requests_total", route="unmatched", method="other", status="405") == 1
    assert delta("newsfacts_cache_lookups_total", result="miss") == 1
    assert delta("newsfacts_cache_lookups_total", result="hit") == 1
    assert delta("newsfacts_analysis_step_seconds_count", step="nlp") == 1
    assert delta("newsfacts_analysis_step_seconds_count", step="summary") == 1


@pytest.mark.parametrize(
    "status, content_type, kind",
    [(500, "text/html", "upstream"), (200, "application/pdf", "not_html")],
)
def test_fetch_failures_are_counted_by_kind(client, page_server, status, content_type, kind):
    url = page_server.page(f"/metrics-{kind}", "<p>x</p>", content_type=content_type, status=status)
    before = scrape(client)
    assert client.post("/v1/analyze", json={"url": url}).status_code >= 400
    after = scrape(client)
    name = "newsfacts_fetch_failures_total"
    assert value(after, name, kind=kind) - value(before, name, kind=kind) == 1
    assert value(after, "newsfacts_analysis_step_seconds_count", step="fetch") > value(
        before, "newsfacts_analysis_step_seconds_count", step="fetch"
    )


def test_the_service_observes_the_core_timing_hook(client):
    client.get("/healthz")  # the app is built: its observer is registered
    assert observe_step in timing._observers


def test_job_queue_depth_is_read_from_redis(client, redis_server):
    rq = pytest.importorskip("rq")
    queue = rq.Queue("metrics-test", connection=redis_server.client())
    queue.enqueue("builtins.print", "never run")
    queue.enqueue("builtins.print", "never run")
    assert value(scrape(client), "newsfacts_job_queue_depth", queue="metrics-test") == 2


def test_no_queue_depth_without_redis(settings):
    client = create_app(settings.updated(redis_url=None)).test_client()
    assert "newsfacts_job_queue_depth" not in client.get("/metrics").get_data(as_text=True)


def test_a_dead_redis_does_not_fail_the_scrape(settings):
    client = create_app(settings.updated(redis_url="redis://127.0.0.1:1/0")).test_client()
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "newsfacts_job_queue_depth" not in response.get_data(as_text=True)
