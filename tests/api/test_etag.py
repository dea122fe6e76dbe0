"""ETag on analyze results (the result without meta) and 304 on If-None-Match."""

from __future__ import annotations

import pytest

STORY = {"text": "A bus overturned on a mountain road on Thursday, killing six passengers, police said."}


def post(client, payload=None, **headers):
    return client.post("/v1/analyze", json=payload or STORY, headers=headers)


def test_the_etag_is_strong_and_ignores_meta(client):
    miss, hit = post(client), post(client)
    assert miss.get_json()["meta"] != hit.get_json()["meta"]
    assert miss.headers["ETag"] == hit.headers["ETag"]
    assert miss.headers["ETag"].startswith('"') and not miss.headers["ETag"].startswith("W/")


@pytest.mark.parametrize("form", ["{tag}", "W/{tag}", '"other", {tag}', "*"])
def test_if_none_match_answers_304_without_a_body(client, form):
    tag = post(client).headers["ETag"]
    response = post(client, **{"If-None-Match": form.format(tag=tag)})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == tag
    assert response.headers["X-Cache"] == "HIT"


def test_a_stale_tag_gets_the_full_result(client):
    response = post(client, **{"If-None-Match": '"0123456789abcdef0123456789abcdef"'})
    assert response.status_code == 200 and response.get_json()["article"]["text"] == STORY["text"]


def test_a_different_result_has_a_different_tag(client):
    tags = {
        post(client).headers["ETag"],
        post(client, {**STORY, "options": {"include_text": False}}).headers["ETag"],
        post(client, {"text": STORY["text"] + " Rescue work went on."}).headers["ETag"],
    }
    assert len(tags) == 3


def test_a_refreshed_page_that_changed_gets_a_new_tag(client, page_server):
    body = "<html><body><article><h1>Quake</h1><p>{}</p></article></body></html>"
    sentence = "An earthquake damaged {} homes in the northern province on Saturday, officials said. "
    url = page_server.page("/etag-story", body.format(sentence.format("forty") * 3))
    first = post(client, {"url": url})
    page_server.page("/etag-story", body.format(sentence.format("ninety") * 3))
    refreshed = post(client, {"url": url}, **{"Cache-Control": "no-cache"})
    assert first.get_json()["id"] == refreshed.get_json()["id"]
    assert first.headers["ETag"] != refreshed.headers["ETag"]
