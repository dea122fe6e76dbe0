"""Stateful events for the front ends: each analysed article's event, kept in Redis.

Stateful events need Redis and are shared by every worker and instance. An analysis never fails
for them: when Redis is slow or gone the response says ``"event": null`` and a circuit breaker
skips Redis for a while, as the result cache does.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from functools import lru_cache

import redis

from service.cache.breaker import CircuitBreaker
from service.config import Settings
from service.events.cluster import event_json
from service.events.profile import profile_of
from service.events.redis_store import RedisEventStore
from service.web import metrics
from service.web.errors import ProblemError

log = logging.getLogger(__name__)


class EventsUnavailable(ProblemError):
    status, slug, title = 503, "events-unavailable", "Events are not available"


class EventNotFound(ProblemError):
    status, slug, title = 404, "event-not-found", "No such event"


@lru_cache(maxsize=4)
def _store(url: str, ttl: int, timeout: float, retry_after: float) -> tuple[RedisEventStore, CircuitBreaker]:
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return RedisEventStore(client, ttl_seconds=ttl), CircuitBreaker(reset_after=retry_after)


def event_store(settings: Settings) -> tuple[RedisEventStore, CircuitBreaker] | None:
    """The shared store and its breaker; None when events are off or there is no Redis."""
    if not settings.redis_url or not settings.events:
        return None
    return _store(
        settings.redis_url, settings.events_ttl, settings.events_timeout, settings.redis_retry_after
    )


def with_event(body: bytes, settings: Settings) -> bytes:
    """The stored result body with ``"event": {id, confidence}`` (null when Redis failed) spliced
    in, when stateful events are on; the body unchanged when they are off.

    An article seen before (the same result id) is answered from its recorded event without
    parsing the body; a new one is profiled and assigned.
    """
    found = event_store(settings)
    if found is None:
        return body
    store, breaker = found
    reference, outcome = None, "failed"
    if breaker.allow():
        try:
            reference, outcome = _assign(store, body)
            breaker.succeeded()
        except redis.RedisError as error:
            breaker.failed()
            log.warning("event assignment skipped: Redis failed (%s)", type(error).__name__)
    metrics.event_assigned(outcome)
    return body[:-1] + b',"event":' + json.dumps(reference).encode() + b"}"


def _assign(store: RedisEventStore, body: bytes) -> tuple[dict, str]:
    """The article's event reference, and whether it was ``known``, ``joined`` or ``new``."""
    result_id = _result_id(body)
    known = store.event_of(result_id) if result_id else None
    outcome = "known"
    if known is None:
        event, confidence = store.assign(profile_of(json.loads(body), article_id=result_id))
        known = (event.id, confidence)
        outcome = "joined" if len(event.articles) > 1 else "new"
    return {"id": known[0], "confidence": round(known[1], 3)}, outcome


def _result_id(body: bytes) -> str | None:
    """The result's id, read off the start of the body (the schema dumps ``id`` first)."""
    if body.startswith(b'{"id":"'):
        end = body.find(b'"', 7)
        return body[7:end].decode() if end > 7 else None
    return json.loads(body).get("id")


def read_event(event_id: str, settings: Settings) -> dict:
    """GET /v1/events/{id}: the event with its articles and figures; 404 unknown, 503 no Redis."""
    store = _required(settings)
    try:
        event = store.get(event_id)
    except redis.RedisError as error:
        raise EventsUnavailable(f"Redis failed while reading the event: {type(error).__name__}") from error
    if event is None:
        raise EventNotFound(f"Event {event_id} does not exist or has expired.")
    return event_json(event)


def list_events(settings: Settings, *, since: datetime | None, event_type: str | None, limit: int) -> dict:
    """GET /v1/events: recent events, newest update first."""
    store = _required(settings)
    try:
        events = store.recent(since, event_type, limit)
    except redis.RedisError as error:
        raise EventsUnavailable(f"Redis failed while listing events: {type(error).__name__}") from error
    return {"events": [event_json(event) for event in events]}


def _required(settings: Settings) -> RedisEventStore:
    found = event_store(settings)
    if found is None:
        raise EventsUnavailable(
            "Stateful events need Redis: set NEWSFACTS_REDIS_URL (and NEWSFACTS_EVENTS=1)."
        )
    return found[0]
