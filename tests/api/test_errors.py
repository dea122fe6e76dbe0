"""Bad input gets a problem+json response with the right 4xx status, never a 500."""

from __future__ import annotations

import gzip

import pytest

from service import create_app
from service.config import Settings

PROBLEM = "application/problem+json"
PREFIX = "urn:newsfacts:problem:"


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["type"] == PREFIX + slug
    assert body["status"] == status
    assert body["title"]
    return body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "_schema"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": 42}, "text"),
        ({"text": "a", "html": "<p>b</p>"}, "text"),
        ({"text": "a", "url": "https://example.com/"}, "text"),
        ({"url": "ftp://example.com/file"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"text": "a", "published_at": "last Tuesday"}, "published_at"),
        ({"text": "a", "language": "english"}, "language"),
        ({"text": "a", "options": {"summary_sentences": 99}}, "options"),
        ({"text": "a", "options": {"facts": ["weather"]}}, "options"),
        ({"text": "a", "unexpected": True}, "unexpected"),
    ],
)
def test_validation_errors_name_the_field(client, payload, field):
    body = assert_problem(client.post("/v1/analyze", json=payload), 422, "validation-error")
    assert field in body["errors"]


def test_malformed_json_is_400(client):
    response = client.post("/v1/analyze", data="{not json", content_type="application/json")
    assert_problem(response, 400, "invalid-json")


def test_json_that_is_not_an_object_is_422(client):
    response = client.post("/v1/analyze", data="[1, 2]", content_type="application/json")
    assert_problem(response, 422, "validation-error")


def test_wrong_content_type_is_415(client):
    response = client.post("/v1/analyze", data="text=hello", content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415, "unsupported-media-type")


def test_body_over_the_limit_is_413(settings):
    client = create_app(settings.updated(max_content_length=1000)).test_client()
    response = client.post("/v1/analyze", json={"text": "word " * 1000})
    assert_problem(response, 413, "request-entity-too-large")


def test_text_over_the_character_limit_is_422(settings):
    client = create_app(settings.updated(max_text_chars=100)).test_client()
    body = assert_problem(client.post("/v1/analyze", json={"text": "word " * 50}), 422, "validation-error")
    assert "text" in body["errors"]


def test_unknown_route_and_method_are_problems(client):
    assert_problem(client.get("/v1/nothing"), 404, "not-found")
    response = client.get("/v1/analyze")
    assert_problem(response, 405, "method-not-allowed")
    assert "POST" in response.headers["Allow"]


def test_html_without_article_text_is_422(client):
    response = client.post("/v1/analyze", json={"html": "<html><body><nav>Home</nav></body></html>"})
    assert_problem(response, 422, "no-article-text")


def test_non_public_address_is_refused(redis_url):
    client = create_app(Settings(redis_url=redis_url)).test_client()
    for url in (
        "http://127.0.0.1:9/",
        "http://localhost/",
        "http://169.254.169.254/latest/",
        "http://10.0.0.1/",
    ):
        body = assert_problem(client.post("/v1/analyze", json={"url": url}), 422, "fetch-refused")
        assert "non-public" in body["detail"]


def test_non_html_page_is_422(client, page_server):
    url = page_server.page("/data.json", '{"a": 1}', content_type="application/json")
    assert_problem(client.post("/v1/analyze", json={"url": url}), 422, "not-html")


def test_upstream_error_status_is_502(client, page_server):
    url = page_server.page("/gone", "<p>gone</p>", status=500)
    assert_problem(client.post("/v1/analyze", json={"url": url}), 502, "upstream-error")


def test_unreachable_server_is_502(client, page_server):
    from tests.support.servers import free_port

    url = f"http://127.0.0.1:{free_port()}/article"
    assert_problem(client.post("/v1/analyze", json={"url": url}), 502, "upstream-error")


def test_redirect_loop_is_refused(client, page_server):
    page_server.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    body = assert_problem(
        client.post("/v1/analyze", json={"url": page_server.base + "/loop"}), 422, "fetch-refused"
    )
    assert "redirects" in body["detail"]


def test_page_over_the_fetch_limit_is_413(settings, page_server):
    client = create_app(settings.updated(fetch_max_bytes=10_000)).test_client()
    url = page_server.page("/big", "<p>" + "x" * 50_000 + "</p>")
    assert_problem(client.post("/v1/analyze", json={"url": url}), 413, "upstream-too-large")


def test_gzip_bomb_is_stopped_at_the_decoded_limit(settings, page_server):
    client = create_app(settings.updated(fetch_max_bytes=100_000)).test_client()
    bomb = gzip.compress(b"<p>" + b"a" * 20_000_000 + b"</p>")
    page_server.routes["/bomb"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    assert_problem(
        client.post("/v1/analyze", json={"url": page_server.base + "/bomb"}), 413, "upstream-too-large"
    )


def test_a_trickling_server_is_a_504_within_the_fetch_timeout(settings, page_server):
    import time

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"<p>a</p>")
            handler.wfile.flush()
            time.sleep(0.1)

    page_server.routes["/trickle"] = trickle
    client = create_app(settings.updated(fetch_timeout=1.0)).test_client()
    started = time.monotonic()
    assert_problem(
        client.post("/v1/analyze", json={"url": page_server.base + "/trickle"}), 504, "upstream-timeout"
    )
    assert time.monotonic() - started < 3
