"""POST /v1/analyze/batch: mixed good and bad items, each answered in its place."""

from __future__ import annotations

from tests.api.test_analyze import wrap_in_page
from tests.support.contract import violations


def test_mixed_items_each_get_their_own_outcome(client, page_server, article_text):
    url = page_server.page("/batch/story", wrap_in_page("Harbour strike", article_text))
    items = [
        {"text": article_text, "published_at": "2025-06-03"},
        {"text": ""},  # invalid: empty text
        {"url": url},
        {"url": "http://127.0.0.2:9/refused"},  # outside the fetch allow list
        "not an object",
        {"url": page_server.base + "/batch/missing"},  # 404 upstream
    ]
    response = client.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 200
    outcomes = response.get_json()["items"]
    assert [item["status"] for item in outcomes] == [200, 422, 200, 422, 422, 502]
    assert outcomes[0]["result"]["article"]["text"] == article_text
    assert outcomes[2]["result"]["article"]["url"] == url
    assert outcomes[1]["problem"]["errors"] == {"text": ["Must not be empty."]}
    assert outcomes[3]["problem"]["type"] == "urn:newsfacts:problem:fetch-refused"
    assert outcomes[4]["problem"]["type"] == "urn:newsfacts:problem:validation-error"
    assert outcomes[5]["problem"]["type"] == "urn:newsfacts:problem:upstream-error"
    assert all(("result" in item) != ("problem" in item) for item in outcomes)
    assert violations(response.get_json(), "BatchResponse") == []


def test_items_use_the_cache_one_by_one(client, article_text):
    first = client.post("/v1/analyze/batch", json={"items": [{"text": article_text}]}).get_json()
    second = client.post(
        "/v1/analyze/batch", json={"items": [{"text": article_text}, {"text": article_text + " More."}]}
    ).get_json()
    assert first["items"][0]["result"]["meta"]["cached"] is False
    cached = [item["result"]["meta"]["cached"] for item in second["items"]]
    assert cached == [True, False]


def test_batch_options_apply_to_items_without_their_own(client, article_text):
    items = [{"text": article_text}, {"text": article_text, "options": {"summary_sentences": 1}}]
    body = client.post("/v1/analyze/batch", json={"items": items, "options": {"summary_sentences": 4}})
    summaries = [len(item["result"]["summary"]) for item in body.get_json()["items"]]
    assert summaries == [4, 1]


def test_too_many_or_no_items_is_a_validation_problem(app, client):
    limit = app.config["NEWSFACTS"].batch_max_items
    for items in ([], [{"text": "x"}] * (limit + 1)):
        response = client.post("/v1/analyze/batch", json={"items": items})
        assert response.status_code == 422
        assert "items" in response.get_json()["errors"]


def test_batch_limit_is_a_setting(settings, article_text):
    from service import create_app

    client = create_app(settings.updated(batch_max_items=2)).test_client()
    response = client.post("/v1/analyze/batch", json={"items": [{"text": article_text}] * 3})
    assert response.status_code == 422


def test_the_contract_check_catches_a_wrong_shape():
    assert violations({"items": [{"status": "200", "result": {}}]}, "BatchResponse")


def test_the_cache_misses_of_a_batch_are_parsed_together(client, article_text, monkeypatch):
    from service.analysis import nlp

    calls = []
    real = nlp.parse_many

    def spy(texts, model=nlp.DEFAULT_MODEL):
        calls.append(list(texts))
        return real(texts, model)

    monkeypatch.setattr(nlp, "parse_many", spy)
    client.post("/v1/analyze/batch", json={"items": [{"text": article_text + " Seen."}]})
    calls.clear()
    items = [{"text": article_text + " Seen."}, {"text": ""}, {"text": "A new story."}, {"text": "Another."}]
    outcomes = client.post("/v1/analyze/batch", json={"items": items}).get_json()["items"]
    assert [item["status"] for item in outcomes] == [200, 422, 200, 200]
    cached = [item["result"]["meta"]["cached"] for item in outcomes if item["status"] == 200]
    assert cached == [True, False, False]
    assert calls == [["A new story.", "Another."]]  # one parse for both misses, none for the hit
    assert [item["result"]["article"]["text"] for item in outcomes[2:]] == ["A new story.", "Another."]


def test_batch_results_equal_single_request_results(client, article_text):
    items = [
        {"text": article_text, "published_at": "2025-06-03"},
        {"text": "Rebels freed 12 hostages on Monday.", "published_at": "2025-06-03"},
    ]
    batch = client.post("/v1/analyze/batch", json={"items": items}).get_json()["items"]
    for item, outcome in zip(items, batch, strict=True):
        single = client.post("/v1/analyze", json=item, headers={"Cache-Control": "no-cache"}).get_json()
        del single["meta"], outcome["result"]["meta"]
        assert outcome["result"] == single


def test_a_failed_fetch_in_a_batch_is_cached_briefly(client, page_server):
    url = page_server.base + "/batch/gone"
    for _ in range(3):
        outcome = client.post("/v1/analyze/batch", json={"items": [{"url": url}]}).get_json()["items"][0]
        assert outcome["status"] == 502
    assert page_server.hits["/batch/gone"] == 1
