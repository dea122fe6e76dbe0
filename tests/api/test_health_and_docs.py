"""Health endpoints and the served OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import yaml
from openapi_spec_validator import validate

from schemas.openapi import spec_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_reports_model_and_cache(client):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["cache"] == "ok"


def test_committed_openapi_matches_the_schemas():
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == spec_yaml(), "openapi.yaml is stale: run `python -m schemas.openapi > openapi.yaml`"


def test_openapi_is_valid():
    validate(yaml.safe_load(spec_yaml()))


def test_openapi_is_served(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.get_data(as_text=True))["paths"]["/v1/analyze"]
