"""CORS for browser-side clients (CMS plugins): only the origins the settings allow, only on /v1/."""

from __future__ import annotations

from flask import Flask

from service.config import Settings

ALLOW_HEADERS = [
    "Content-Type",
    "Authorization",
    "X-API-Key",
    "X-Request-ID",
    "If-None-Match",
    "Cache-Control",
]
EXPOSE_HEADERS = [
    "ETag",
    "X-Cache",
    "X-Request-ID",
    "Location",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]


def init_app(app: Flask, settings: Settings) -> None:
    """Nothing unless ``NEWSFACTS_CORS_ORIGINS`` names origins (``*`` allows any)."""
    if not settings.cors_origins:
        return
    from flask_cors import CORS

    origins = "*" if "*" in settings.cors_origins else list(settings.cors_origins)
    CORS(
        app,
        resources={r"/v1/.*": {}, r"/openapi\.yaml": {}},
        origins=origins,
        allow_headers=ALLOW_HEADERS,
        expose_headers=EXPOSE_HEADERS,
        max_age=settings.cors_max_age,
        supports_credentials=False,
    )
