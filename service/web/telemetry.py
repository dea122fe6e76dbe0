"""Per-request telemetry: the request id, one JSON log line per request, and request metrics."""

from __future__ import annotations

import logging
import random
import re
import time

from flask import Flask, Response, g, request

from service.analysis import timing
from service.web import metrics
from service.web.logs import configure_logging

REQUEST_ID_HEADER = "X-Request-ID"
# What a caller may send as its request id: short, and safe in headers and logs.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=@-]{1,128}")
access_log = logging.getLogger("service.access")
# Metric labels take only known methods: a client inventing methods must not invent time series.
METHODS = frozenset(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))


def request_id() -> str:
    """The caller's ``X-Request-ID`` when it is valid, else a new one."""
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if VALID_REQUEST_ID.fullmatch(given) else f"{random.getrandbits(128):032x}"


def init_app(app: Flask, settings) -> None:
    """Register the hooks; registered first so its after_request runs last and sees the final response."""
    configure_logging(level=settings.log_level, as_json=settings.log_json)
    timing.add_observer(metrics.observe_step)

    @app.before_request
    def start_request() -> None:
        g.request_id = request_id()
        g.started = time.perf_counter()

    @app.after_request
    def finish_request(response: Response) -> Response:
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        response.headers[REQUEST_ID_HEADER] = g.get("request_id") or request_id()
        route = request.url_rule.rule if request.url_rule else "unmatched"
        method = request.method if request.method in METHODS else "other"
        metrics.observe_request(route=route, method=method, status=response.status_code, seconds=seconds)
        access_log.info("request", extra={"fields": _fields(response, seconds)})
        return response


def _fields(response: Response, seconds: float) -> dict:
    return {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "cache": response.headers.get("X-Cache"),
        "client": g.get("client"),
        "remote_addr": request.remote_addr,
    }
