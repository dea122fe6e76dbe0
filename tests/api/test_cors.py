"""CORS for browser-side CMS plugins: off by default, then only the configured origins."""

from __future__ import annotations

import hashlib

import pytest

from service import create_app

CMS = "https://cms.example.org"
PREFLIGHT = {
    "Origin": CMS,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type, authorization, x-request-id",
}


@pytest.fixture
def cors_client(settings):
    key_hash = "cms:" + hashlib.sha256(b"cms-key").hexdigest()
    config = settings.updated(cors_origins=(CMS,), api_key_hashes=(key_hash,), rate_limit="1/minute")
    return create_app(config).test_client()


def test_no_cors_headers_by_default(client):
    response = client.options("/v1/analyze", headers=PREFLIGHT)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_preflight_from_an_allowed_origin_passes_without_a_key(cors_client):
    for _ in range(3):  # preflights are neither authenticated nor counted
        response = cors_client.options("/v1/analyze", headers=PREFLIGHT)
        assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == CMS
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"content-type", "authorization", "x-request-id"} <= allowed
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Max-Age"] == "600"


def test_another_origin_gets_no_cors_headers(cors_client):
    response = cors_client.options("/v1/analyze", headers={**PREFLIGHT, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_real_request_exposes_the_useful_headers(cors_client):
    response = cors_client.post(
        "/v1/analyze",
        json={"text": "Nobody was hurt in the blast, police said."},
        headers={"Origin": CMS, "X-API-Key": "cms-key"},
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == CMS
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "x-request-id", "ratelimit-remaining", "retry-after"} <= exposed
