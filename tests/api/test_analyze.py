"""POST /v1/analyze end to end through the Flask test client, with a real Redis."""

from __future__ import annotations

import html as html_lib

SEED_DATE = "2025-03-19"


def wrap_in_page(title: str, text: str) -> str:
    """A small but realistic news page around ``text``."""
    paragraphs = "".join(f"<p>{html_lib.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        "<html><head><meta charset='utf-8'>"
        f"<title>{html_lib.escape(title)} | The Daily Example</title>"
        f"<meta property='article:published_time' content='{SEED_DATE}T08:00:00Z'>"
        "<link rel='canonical' href='https://news.example.com/world/ceasefire'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{html_lib.escape(title)}</h1>{paragraphs}</article>"
        "<footer>© The Daily Example. All rights reserved.</footer></body></html>"
    )


def test_text_input_returns_text_unchanged_and_a_summary(client, seed_text):
    response = client.post("/v1/analyze", json={"text": seed_text, "published_at": SEED_DATE})
    assert response.status_code == 200
    body = response.get_json()
    assert body["article"]["text"] == seed_text
    assert body["article"]["published_at"] == SEED_DATE
    assert body["article"]["word_count"] == len(seed_text.split())
    assert 1 <= len(body["summary"]) <= 3
    assert all(sentence in seed_text for sentence in body["summary"])
    assert body["id"].startswith("sha256:")
    assert body["meta"]["cached"] is False


def test_summary_length_follows_the_option(client, article_text):
    response = client.post("/v1/analyze", json={"text": article_text, "options": {"summary_sentences": 5}})
    summary = response.get_json()["summary"]
    assert len(summary) == 5
    positions = [article_text.index(sentence) for sentence in summary]
    assert positions == sorted(positions), "summary sentences keep article order"


def test_include_text_false_omits_the_text(client, article_text):
    response = client.post("/v1/analyze", json={"text": article_text, "options": {"include_text": False}})
    assert "text" not in response.get_json()["article"]


def test_html_input_is_extracted(client, seed_text):
    page = wrap_in_page("Ukraine and Russia trade accusations", seed_text)
    response = client.post("/v1/analyze", json={"html": page})
    assert response.status_code == 200
    article = response.get_json()["article"]
    assert article["title"].startswith("Ukraine and Russia trade accusations")
    assert article["published_at"].startswith(SEED_DATE)
    assert "three-year war" in article["text"]
    assert "All rights reserved" not in article["text"]


def test_request_title_and_date_override_the_page(client, article_text):
    page = wrap_in_page("Page title", article_text)
    response = client.post("/v1/analyze", json={"html": page, "title": "Mine", "published_at": "2025-03-20"})
    article = response.get_json()["article"]
    assert (article["title"], article["published_at"]) == ("Mine", "2025-03-20")


def test_url_input_fetches_from_the_local_server(client, page_server, article_text):
    url = page_server.page("/world/ceasefire", wrap_in_page("Ceasefire accusations", article_text))
    response = client.post("/v1/analyze", json={"url": url})
    assert response.status_code == 200
    article = response.get_json()["article"]
    assert article["url"] == url
    assert "harbour district" in article["text"]


def test_url_with_html_uses_the_given_html(client, page_server, article_text):
    url = page_server.base + "/never-fetched"
    response = client.post("/v1/analyze", json={"url": url, "html": wrap_in_page("Given", article_text)})
    assert response.status_code == 200
    assert page_server.hits.get("/never-fetched", 0) == 0


def test_fact_types_not_asked_for_are_absent(client, article_text):
    response = client.post("/v1/analyze", json={"text": article_text, "options": {"facts": []}})
    assert response.get_json()["facts"] == {}


def test_html_input_of_a_written_story(client, article_text):
    page = wrap_in_page("Drone strike on harbour town", article_text)
    response = client.post("/v1/analyze", json={"html": page})
    assert response.status_code == 200
    article = response.get_json()["article"]
    assert "searching the rubble" in article["text"]
    assert "All rights reserved" not in article["text"]
    assert article["canonical_url"] == "https://news.example.com/world/ceasefire"


def test_a_repeated_body_is_validated_once_and_answers_the_same(client, article_text, monkeypatch):
    from schemas import request as request_schemas

    payload = {"text": article_text, "published_at": "2025-06-03"}
    first = client.post("/v1/analyze", json=payload)
    loads = []
    monkeypatch.setattr(request_schemas.AnalyzeRequestSchema, "load", lambda *a, **k: loads.append(1))
    second = client.post("/v1/analyze", json=payload)
    assert loads == [], "the memo answered without validating again"
    assert second.get_json()["id"] == first.get_json()["id"]
