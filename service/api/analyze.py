"""POST /v1/analyze: one article in, its facts out."""

from __future__ import annotations

import time

from flask import Blueprint, Response

from schemas.request import analyze_request_schema
from service.api.common import RecentRequests, cache, not_modified, settings, wants_refresh
from service.serving.assignment import with_event
from service.serving.results import analyze_cached, with_meta

bp = Blueprint("analyze", __name__)
recent_requests = RecentRequests()


@bp.post("/v1/analyze")
def analyze_article():
    """Analyse one article given as url, html or text."""
    started = time.perf_counter()
    config = settings()
    analysis_request = recent_requests.load(analyze_request_schema(config.max_text_chars))
    result = analyze_cached(analysis_request, cache=cache(), settings=config, refresh=wants_refresh())
    if not_modified(result.etag):
        response = Response(status=304)
    else:
        body = with_event(result.body, config)
        body = with_meta(body, cached=result.cached, started=started, model=config.spacy_model)
        response = Response(body, status=200, mimetype="application/json")
    response.set_etag(result.etag)
    response.headers["X-Cache"] = "HIT" if result.cached else "MISS"
    return response
