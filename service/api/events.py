"""Events: POST /v1/events/cluster (stateless), GET /v1/events/{id} and GET /v1/events (stateful)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from flask import Blueprint, request, url_for
from marshmallow import Schema, fields, validate

from schemas.dates import PUBLISHED_AT_PATTERN
from schemas.events import ClusterRequestSchema
from service.api.common import cache, load, read_json, settings
from service.events.profile import event_types
from service.jobs.queue import connect, submit
from service.serving.assignment import list_events, read_event
from service.serving.events import cluster_articles

bp = Blueprint("events", __name__)


class EventListQuerySchema(Schema):
    """The query of GET /v1/events."""

    since = fields.String(
        load_default=None,
        validate=validate.Regexp(PUBLISHED_AT_PATTERN, error="Must be an ISO 8601 date or datetime."),
        metadata={"description": "Only events updated at or after this time (ISO 8601, UTC when no offset)."},
    )
    type = fields.String(load_default=None, validate=validate.OneOf(event_types()))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


@bp.post("/v1/events/cluster")
def cluster_events():
    """Link up to batch_max_items articles into events now; more become a job (202)."""
    config = settings()
    payload = load(ClusterRequestSchema(max_items=config.job_max_items), read_json())
    articles, options = payload["articles"], payload["options"]
    if len(articles) > config.batch_max_items:
        connect(config)  # 503 when the queue is off
        job_id = submit(articles, options=options, callback_url=None, settings=config, kind="cluster")
        location = url_for("jobs.read_job", job_id=job_id)
        return {"id": job_id, "status": "queued", "location": location}, 202, {"Location": location}
    with ThreadPoolExecutor(max_workers=max(1, min(config.batch_concurrency, len(articles)))) as pool:
        return cluster_articles(articles, options, cache=cache(), settings=config, read_map=pool.map)


@bp.get("/v1/events/<event_id>")
def get_event(event_id: str):
    """One event with its articles, figure history and current figures."""
    return read_event(event_id, settings())


@bp.get("/v1/events")
def get_events():
    """Recent events, newest update first; ``since`` and ``type`` narrow the list."""
    query = load(EventListQuerySchema(), request.args.to_dict())
    since = _utc(query["since"]) if query["since"] else None
    return list_events(settings(), since=since, event_type=query["type"], limit=query["limit"])


def _utc(value: str) -> datetime:
    """An ISO 8601 date or datetime as an aware datetime; UTC when it has no offset."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
