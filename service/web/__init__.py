"""Request-level concerns of the HTTP service, around the blueprints of ``service.api``.

Takes a Flask app and its settings; gives it problem+json errors (``errors``), API keys (``auth``),
rate limits (``ratelimit``), CORS (``cors``), request logs and traces (``logs``, ``telemetry``) and
Prometheus metrics (``metrics``).
"""
