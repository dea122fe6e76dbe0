"""HTTP API: one blueprint per area, thin views over service.serving.results and the analysis core."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Every route of the service is attached here."""
    from service.api.analyze import bp as analyze_bp
    from service.api.batch import bp as batch_bp
    from service.api.docs import bp as docs_bp
    from service.api.events import bp as events_bp
    from service.api.health import bp as health_bp
    from service.api.jobs import bp as jobs_bp
    from service.api.metrics import bp as metrics_bp
    from service.api.page import bp as page_bp

    for blueprint in (analyze_bp, batch_bp, events_bp, jobs_bp, health_bp, docs_bp, metrics_bp, page_bp):
        app.register_blueprint(blueprint)
