"""What RQ workers run: one item, the closing of a job, and the delivery of its callback.

Each task is safe to run twice: an item whose worker died is retried by RQ and its outcome
replaces the earlier one; closing twice gives the same record; a callback may be delivered
more than once, and carries the job id so that receivers can drop repeats.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache

from rq import Queue, Retry, get_current_job

from service.cache import build_cache
from service.config import Settings
from service.jobs import callback
from service.jobs.store import JobStore
from service.serving.events import cluster_outcomes
from service.serving.items import analyze_item

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def worker_settings() -> Settings:
    """The worker's settings, read once from its environment (before forking work horses)."""
    return Settings.from_env()


def _store() -> JobStore:
    return JobStore(get_current_job().connection)


def run_item(job_id: str, index: int, payload: dict, events: bool = True) -> int:
    """Analyse one item and record its outcome; returns the outcome's status.

    ``events`` False: a clustering job's article, which stays out of the stateful events."""
    settings = worker_settings()
    store = _store()
    store.mark_started(job_id)
    outcome = analyze_item(payload, cache=build_cache(settings), settings=settings, events=events)
    store.record(job_id, index, outcome)
    return outcome.status


def finish_job(job_id: str) -> str:
    """Close the job once every item has ended; queue its callback if it has one."""
    settings = worker_settings()
    store = _store()
    article_ids = store.article_ids(job_id)
    if article_ids is not None:  # a clustering job: its events are ready before it reads as finished
        clustered = cluster_outcomes(article_ids, store.outcomes(job_id))
        events = json.dumps(clustered["events"], ensure_ascii=False, separators=(",", ":")).encode()
        store.set_events(job_id, events, result_ttl=settings.job_result_ttl)
    state = store.finish(job_id, result_ttl=settings.job_result_ttl)
    if b"callback_url" in state and state.get(b"callback_state") == b"pending":
        current = get_current_job()
        Queue(current.origin, connection=current.connection).enqueue(
            deliver_callback,
            job_id,
            job_id=f"{job_id}-callback",
            job_timeout=settings.job_timeout,
            retry=Retry(max=settings.job_retries) if settings.job_retries > 0 else None,
            result_ttl=settings.job_result_ttl,
            failure_ttl=settings.job_result_ttl,
        )
    return state[b"status"].decode()


def deliver_callback(job_id: str) -> str:
    """POST the finished job to its callback URL, retrying with backoff; record how it went."""
    settings = worker_settings()
    store = _store()
    state = store.state(job_id)
    body = store.document(job_id)
    if body is None or b"callback_url" not in state:
        return "gone"
    url = state[b"callback_url"].decode()
    delivery = callback.deliver(url, body, job_id=job_id, settings=settings)
    outcome = "delivered" if delivery.delivered else "failed"
    store.set_callback(job_id, state=outcome, attempts=delivery.attempts)
    return outcome
