"""POST /v1/analyze/batch: many articles in one request, one result or problem per item, in order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, Response

from schemas.batch import BatchRequestSchema
from service.api.common import cache, load, read_json, settings, wants_refresh
from service.serving.items import analyze_items, with_default_options

bp = Blueprint("batch", __name__)


@bp.post("/v1/analyze/batch")
def analyze_batch():
    """Analyse up to batch_max_items articles; each item gets its own result or problem."""
    config = settings()
    batch = load(BatchRequestSchema(max_items=config.batch_max_items), read_json())
    items = [with_default_options(item, batch["options"]) for item in batch["items"]]
    # Threads overlap the items' fetches; the texts of the cache misses are then parsed together.
    with ThreadPoolExecutor(max_workers=max(1, min(config.batch_concurrency, len(items)))) as pool:
        outcomes = analyze_items(
            items, cache=cache(), settings=config, refresh=wants_refresh(), read_map=pool.map
        )
    body = b'{"items":[' + b",".join(outcome.to_json() for outcome in outcomes) + b"]}"
    return Response(body, status=200, mimetype="application/json")
