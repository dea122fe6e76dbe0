"""Submitting jobs: each valid item becomes an RQ job, and a closing job waits on all of them.

Items that fail validation get their problem at once and are not queued. The closing job
(``tasks.finish_job``) depends on every item job, failures allowed, so RQ starts it exactly
when the last item ends, on whichever worker is free.
"""

from __future__ import annotations

from functools import lru_cache
from uuid import uuid4

import redis
from rq import Queue, Retry
from rq.job import Dependency

from service.analysis import fetch
from service.config import Settings
from service.jobs import tasks
from service.jobs.store import JobStore
from service.serving.events import split_ids
from service.serving.items import Outcome, validate_item, with_default_options
from service.web.errors import ProblemError, ValidationFailed

QUEUE_NAME = "newsfacts"


class JobsUnavailable(ProblemError):
    status, slug, title = 503, "jobs-unavailable", "Jobs are not available"


def connect(settings: Settings) -> redis.Redis:
    """The Redis that holds the queue and the job records; 503 when none is configured."""
    if not settings.redis_url:
        raise JobsUnavailable("Jobs need Redis: set NEWSFACTS_REDIS_URL on the service and its workers.")
    return _client(settings.redis_url)


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    """One client (and connection pool) per Redis URL and process."""
    return redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=2)


def job_queue(connection: redis.Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=connection)


def check_callback_url(url: str | None, settings: Settings) -> None:
    """A callback needs a signing secret and an address the safe fetcher would accept."""
    if url is None:
        return
    if not settings.callback_secret:
        message = "Callbacks are off on this server (no NEWSFACTS_CALLBACK_SECRET)."
        raise ValidationFailed(message, errors={"callback_url": [message]})
    try:
        fetch.check_url(url, settings.fetch_allow_cidrs)
    except fetch.FetchError as error:
        raise ValidationFailed(str(error), errors={"callback_url": [str(error)]}) from error


def submit(
    items: list, *, options: dict | None, callback_url: str | None, settings: Settings, kind: str = "analyze"
) -> str:
    """Record the job and queue its items; returns the job id. Redis faults become a 503.

    ``kind`` "cluster": the items are articles to link into events (each may carry its ``id``);
    the closing job clusters their results and the job document gains ``events``.
    """
    check_callback_url(callback_url, settings)
    ids = None
    if kind == "cluster":
        ids, items = split_ids(items)
    connection = connect(settings)
    job_id = uuid4().hex
    try:
        _enqueue(
            job_id,
            items,
            options=options,
            callback_url=callback_url,
            settings=settings,
            connection=connection,
            ids=ids,
        )
    except redis.RedisError as error:
        raise JobsUnavailable(f"Redis failed while queueing the job: {type(error).__name__}") from error
    return job_id


def _enqueue(
    job_id: str, items: list, *, options, callback_url, settings: Settings, connection, ids=None
) -> None:
    store, queue = JobStore(connection), job_queue(connection)
    ttl = {"result_ttl": settings.job_result_ttl, "failure_ttl": settings.job_result_ttl}
    retry = Retry(max=settings.job_retries) if settings.job_retries > 0 else None
    with connection.pipeline() as pipe:
        store.create(job_id, total=len(items), callback_url=callback_url, pipeline=pipe, article_ids=ids)
        pending = []
        for index, raw in enumerate(items):
            payload = with_default_options(raw, options)
            try:
                validate_item(payload, settings)
            except ValidationFailed as error:
                store.record(job_id, index, Outcome.problem(error), pipeline=pipe)
                continue
            pending.append(
                Queue.prepare_data(
                    tasks.run_item,
                    (job_id, index, payload) if ids is None else (job_id, index, payload, False),
                    job_id=f"{job_id}-{index}",
                    timeout=settings.job_timeout,
                    retry=retry,
                    description=f"newsfacts job {job_id} item {index}",
                    **ttl,
                )
            )
        item_jobs = queue.enqueue_many(pending, pipeline=pipe) if pending else []
        pipe.execute()
    queue.enqueue(
        tasks.finish_job,
        job_id,
        job_id=f"{job_id}-finish",
        depends_on=Dependency(jobs=item_jobs, allow_failure=True) if item_jobs else None,
        job_timeout=settings.job_timeout,
        retry=retry,
        description=f"newsfacts job {job_id}: close",
        **ttl,
    )
