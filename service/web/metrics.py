"""Prometheus metrics of the service: what is counted, and the text a scrape returns.

Metrics live in prometheus_client's default registry. Under gunicorn, service/gunicorn.conf.py
sets ``PROMETHEUS_MULTIPROC_DIR`` before the app is imported: each worker then writes its values
to files there, and a scrape of any worker sums them all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
log = logging.getLogger(__name__)
# The *_created series double the exposition and scrapers rarely use them.
disable_created_metrics()
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    # A process that inherited the setting (a job worker, a test's subprocess) may find no directory yet.
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

REQUESTS = Counter(
    "newsfacts_http_requests", "HTTP requests by route, method and status.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "newsfacts_http_request_duration_seconds",
    "Time to answer an HTTP request, by route and method.",
    ["route", "method"],
    buckets=SECONDS,
)
CACHE = Counter(
    "newsfacts_cache_lookups",
    "Result cache lookups: hit, miss, or bypass (Cache-Control: no-cache).",
    ["result"],
)
FETCH_FAILURES = Counter("newsfacts_fetch_failures", "URL fetches that failed, by kind.", ["kind"])
EVENTS = Counter(
    "newsfacts_event_assignments",
    "Analysed articles assigned to stateful events: joined an event, new event, known (seen before), "
    "or failed (Redis failed or was skipped: the response says event null).",
    ["outcome"],
)
STEP_SECONDS = Histogram(
    "newsfacts_analysis_step_seconds",
    "Time spent in each analysis step (fetch, article, nlp, each fact type, summary).",
    ["step"],
    buckets=SECONDS,
)


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


def cache_lookup(result: str) -> None:
    CACHE.labels(result=result).inc()


def event_assigned(outcome: str) -> None:
    EVENTS.labels(outcome=outcome).inc()


def fetch_failed(kind: str) -> None:
    FETCH_FAILURES.labels(kind=kind).inc()


def observe_step(step: str, seconds: float) -> None:
    """The observer service.analysis.timing calls after each step."""
    STEP_SECONDS.labels(step=step).observe(seconds)


class Scrape:
    """What one scrape exposes: this process's (or every worker's) metrics and the queue depth."""

    def __init__(self, queue_redis=None):
        self.queue_redis = queue_redis

    def collect(self) -> Iterable[Metric]:
        yield from _process_metrics().collect()
        yield from queue_depth(self.queue_redis)


def _process_metrics():
    # prometheus_client chose its mode when it was imported; follow that choice, not today's environment.
    if values.ValueClass is values.MutexValue:
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def queue_depth(connection) -> Iterator[Metric]:
    """Jobs waiting in each RQ queue; nothing when RQ is not installed or Redis is not configured or down."""
    if connection is None:
        return
    try:
        from rq import Queue
    except ImportError:
        return
    gauge = GaugeMetricFamily("newsfacts_job_queue_depth", "Jobs waiting in each RQ queue.", labels=["queue"])
    try:
        for queue in Queue.all(connection=connection):
            gauge.add_metric([queue.name], queue.count)
    except Exception as error:  # a scrape must answer even when Redis is gone
        log.warning("job queue depth unavailable: %s", error)
        return
    yield gauge


def render(queue_redis=None) -> bytes:
    """The Prometheus text exposition of everything above."""
    return generate_latest(Scrape(queue_redis))
