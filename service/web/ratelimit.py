"""Rate limits per API key (or per client address without keys) on /v1/, with Flask-Limiter.

Counts live in Redis (``NEWSFACTS_REDIS_URL``) with short timeouts, so every worker and
machine shares them; when Redis is down each process falls back to counting in memory and
goes back to Redis once it answers again. Responses carry the IETF draft ``RateLimit-*``
headers (Reset in seconds) and, on 429, ``Retry-After``.
"""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from limits import parse_many
from werkzeug.exceptions import HTTPException

from service.config import Settings
from service.web.body import parse_json, read_body
from service.web.errors import ProblemError

log = logging.getLogger(__name__)


def client_key() -> str:
    """Whom a request counts against: its API key's name, else its client address."""
    client = g.get("client")
    return f"key:{client}" if client else f"addr:{request.remote_addr}"


def is_exempt() -> bool:
    """Only /v1/ is limited; CORS preflights never count."""
    return request.method == "OPTIONS" or not request.path.startswith("/v1/")


def item_cost(cap: int):
    """The cost of a request: one per item of a batch or job (``items``), else one.

    Splitting work across requests or packing it into one then costs the same; a request never
    costs more than the smallest window's budget, so a large job is slow to repeat, not refused forever.
    """

    def cost() -> int:
        body = None
        if request.method == "POST" and request.is_json:
            try:
                body = parse_json(read_body())
            except (ProblemError, HTTPException):
                body = None  # the view answers the problem; the request costs one
        items = body.get("items") if isinstance(body, dict) else None
        return max(1, min(len(items), cap)) if isinstance(items, list) else 1

    return cost


def build_limiter(settings: Settings) -> Limiter:
    """A limiter over all /v1/ routes together (application limits, not one budget per route)."""
    storage_uri, options = "memory://", {}
    if settings.redis_url:
        timeout = settings.redis_timeout
        storage_uri = settings.redis_url
        options = {
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
            "retry": None,
            "key_prefix": "newsfacts:limits",  # beside the cache's newsfacts:<sha256> keys
        }
    return Limiter(
        client_key,
        application_limits=[settings.rate_limit],
        application_limits_cost=item_cost(min(item.amount for item in parse_many(settings.rate_limit))),
        strategy=settings.rate_limit_strategy,
        storage_uri=storage_uri,
        storage_options=options,
        in_memory_fallback_enabled=True,
        headers_enabled=False,  # our own draft-standard headers below
        swallow_errors=True,
    )


def init_app(app: Flask, settings: Settings) -> None:
    """Attach the limiter when ``NEWSFACTS_RATE_LIMIT`` is set; after the API key check."""
    if not settings.rate_limit:
        return
    limiter = build_limiter(settings)
    limiter.request_filter(is_exempt)
    limiter.init_app(app)
    app.extensions["newsfacts_limiter"] = limiter

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.update(rate_limit_headers(limiter, is_breached=response.status_code == 429))
        return response


def rate_limit_headers(limiter: Limiter, *, is_breached: bool) -> dict[str, str]:
    """RateLimit-Limit/-Remaining/-Reset/-Policy for the tightest limit of this request."""
    current = limiter.current_limit
    if current is None:
        return {}
    try:
        reset_time, remaining = current.window
        reset_in = max(0, math.ceil(reset_time - time.time()))
    except Exception as error:  # storage gone mid-request: answer without the headers
        log.warning("rate limit headers unavailable: %s", error)
        return {}
    limit = current.limit
    headers = {
        "RateLimit-Limit": str(limit.amount),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset_in),
        "RateLimit-Policy": f"{limit.amount};w={limit.get_expiry()}",
    }
    if is_breached:
        headers["Retry-After"] = str(max(1, reset_in))
    return headers
