"""GET /metrics: Prometheus text exposition of the service's metrics and the job queue depth."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.common import cache
from service.web import metrics

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def prometheus_metrics():
    """Metrics in the Prometheus text format."""
    # The cache's Redis client (short timeouts) also reads the RQ queue lengths; None without Redis.
    redis_client = getattr(cache(), "client", None)
    return Response(metrics.render(redis_client), headers={"Content-Type": metrics.CONTENT_TYPE})
