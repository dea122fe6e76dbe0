"""Inputs found by fuzzing around the spec that once gave a 500: each is now a 4xx problem."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "url",
    ["http://[", "http://[::1", "https://[not-an-ip]/", "http://a:99999/", "http://a:-1/", "http://a:port/"],
)
def test_unparseable_urls_are_validation_errors(client, url):
    for payload in ({"url": url}, {"url": url, "html": "<p>x</p>"}):
        response = client.post("/v1/analyze", json=payload)
        assert response.status_code == 422, response.get_data(as_text=True)
        assert "url" in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"text": "\\ud800"}', "text"),
        (b'{"text": "ok", "title": "a\\udfffb"}', "title"),
        (b'{"html": "<p>\\udc00</p>"}', "html"),
        (b'{"text": "ok", "options": {"facts": ["\\ud800"]}}', "options"),
    ],
)
def test_lone_surrogates_are_validation_errors(client, raw, field):
    response = client.post("/v1/analyze", data=raw, content_type="application/json")
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert field in response.get_json()["errors"]


def test_a_surrogate_pair_is_ordinary_text(client):
    response = client.post(
        "/v1/analyze", data=b'{"text": "\\ud83d\\ude00 Rain fell."}', content_type="application/json"
    )
    assert response.status_code == 200
    assert response.get_json()["article"]["text"] == "\U0001f600 Rain fell."


def test_batch_items_with_bad_input_are_per_item_problems(client):
    raw = b'{"items": [{"text": "\\ud800"}, {"url": "http://["}, {"text": "Rain fell."}]}'
    response = client.post("/v1/analyze/batch", data=raw, content_type="application/json")
    assert response.status_code == 200
    assert [item["status"] for item in response.get_json()["items"]] == [422, 422, 200]
