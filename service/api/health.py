"""GET /healthz (the process is alive) and GET /readyz (the model is loaded; cache state)."""

from __future__ import annotations

from flask import Blueprint

from service.analysis import nlp
from service.api.common import cache, settings

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    """Readiness: the model is loaded; a degraded cache is reported but does not fail readiness."""
    model = settings().spacy_model
    nlp.get_nlp(model)
    store = cache()
    store.ping()
    return {"status": "ready", "model": model, "cache": store.state}
