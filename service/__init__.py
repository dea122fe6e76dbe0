"""newsfacts: a REST service that turns a news article into structured, evidence-backed facts."""

from __future__ import annotations

import os

from service.version import __version__  # noqa: F401 (the package version)

# numpy's OpenBLAS sizes its thread pool once, when numpy loads: on a small machine shared by
# workers its default pool costs about a tenth of the spaCy parse time (bench/throughput.py, same
# outputs). Set here, before the analysis imports numpy; an explicit environment value wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def create_app(config=None):
    """Build the Flask app; ``config`` is a Settings object or a dict of settings overrides.

    Imports happen here, not at module level, so that the Flask-free analysis core can be
    imported (by the CLI, workers and benchmarks) without Flask, and nothing heavy runs on import.
    """
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    from service.api import register_blueprints
    from service.cache import build_cache
    from service.config import Settings
    from service.web import auth, cors, headers, ratelimit, telemetry
    from service.web.errors import register_error_handlers

    settings = config if isinstance(config, Settings) else Settings.from_env().updated(**(config or {}))
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=settings.max_content_length, NEWSFACTS=settings)
    app.json.ensure_ascii = False
    app.extensions["newsfacts_cache"] = build_cache(settings)
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)
    register_error_handlers(app)
    # Order matters: the request id and timing first, then the key (whom to count), then the limit.
    telemetry.init_app(app, settings)
    auth.init_app(app, settings)
    ratelimit.init_app(app, settings)
    cors.init_app(app, settings)
    headers.init_app(app)
    register_blueprints(app)
    from service.analysis.nlp import set_parse_concurrency

    set_parse_concurrency(settings.parse_concurrency)
    if settings.preload_model:
        from service.analysis.pipeline import warm_up

        warm_up(settings.spacy_model)
    return app
