"""Requests that once gave a 500 or burned a core: each is now a clean problem (issue 19, items 1-4)."""

from __future__ import annotations

import json

PROBLEM = "application/problem+json"
PREFIX = "urn:newsfacts:problem:"


def post_raw(client, path: str, raw: bytes):
    return client.post(path, data=raw, content_type="application/json")


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == PROBLEM
    body = json.loads(response.get_data())  # the body is valid UTF-8 JSON, whatever the input held
    assert body["type"] == PREFIX + slug
    assert body["status"] == status
    return body


# 1. A lone surrogate in a JSON key: one 422 validation-error, alone or in a batch.


def test_lone_surrogate_in_a_key_is_a_validation_error(client):
    response = post_raw(client, "/v1/analyze", b'{"text": "x", "\\ud800": 1}')
    body = assert_problem(response, 422, "validation-error")
    assert body["errors"] == {"\\ud800": ["Must be valid Unicode (no lone surrogates)."]}


def test_lone_surrogate_in_a_nested_key_is_a_validation_error(client):
    response = post_raw(client, "/v1/analyze", b'{"text": "x", "options": {"\\udfff": true}}')
    body = assert_problem(response, 422, "validation-error")
    assert "options" in body["errors"]


def test_lone_surrogate_in_a_batch_item_key_is_that_items_problem(client):
    raw = b'{"items": [{"text": "x", "\\ud800": 1}, {"text": "Rain fell."}]}'
    response = client.post("/v1/analyze/batch", data=raw, content_type="application/json")
    assert response.status_code == 200
    first, second = json.loads(response.get_data())["items"]
    assert (first["status"], second["status"]) == (422, 200)
    assert first["problem"]["type"] == PREFIX + "validation-error"
    assert first["problem"]["errors"] == {"\\ud800": ["Must be valid Unicode (no lone surrogates)."]}


def test_lone_surrogate_in_a_batch_key_is_a_validation_error(client):
    response = post_raw(client, "/v1/analyze/batch", b'{"items": [{"text": "x"}], "\\ud800": 1}')
    assert_problem(response, 422, "validation-error")
