"""Requests that once gave a 500 or burned a core: each is now a clean problem (issue 19, items 1-4)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from gunicorn.http.errors import InvalidRequestLine, LimitRequestHeaders, LimitRequestLine

from service import create_app
from service.web.worker import ProblemThreadWorker

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


# 2. Deep nesting: a 422 validation-error, decided while reading the body, never a RecursionError.


@pytest.mark.parametrize("depth", [40, 350, 5_000, 200_000])
def test_deeply_nested_field_is_a_validation_error(client, depth):
    raw = b'{"text": "x", "title": ' + b"[" * depth + b"]" * depth + b"}"
    body = assert_problem(post_raw(client, "/v1/analyze", raw), 422, "validation-error")
    assert "nests" in body["detail"]


@pytest.mark.parametrize("path", ["/v1/analyze/batch", "/v1/jobs"])
def test_deeply_nested_batch_is_a_validation_error(client, path):
    raw = b'{"items": [{"text": "x", "options": ' + b'{"a":' * 400 + b"1" + b"}" * 400 + b"}]}"
    assert_problem(post_raw(client, path, raw), 422, "validation-error")


def test_unbalanced_deep_nesting_is_refused_too(client):
    assert post_raw(client, "/v1/analyze", b"[" * 100_000).status_code in (400, 422)


def test_the_nesting_a_batch_needs_is_accepted(client):
    raw = b'{"items": [{"text": "Rain fell.", "options": {"facts": ["dates"]}}]}'
    response = post_raw(client, "/v1/analyze/batch", raw)
    assert response.status_code == 200
    assert json.loads(response.get_data())["items"][0]["status"] == 200


def test_deep_nesting_is_refused_with_rate_limits_on(settings):
    """The rate limiter reads a batch's items to count them: it must not trip on the body either."""
    client = create_app(settings.updated(rate_limit="100/minute")).test_client()
    raw = b'{"items": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    assert_problem(post_raw(client, "/v1/analyze/batch", raw), 422, "validation-error")


# 3. The text limit applies to the article text whatever the input, decided before spaCy parses.

LIMIT = 3_000


def numbered_page(paragraphs: int) -> str:
    """A page of distinct paragraphs (extractors drop repeated ones), about 160 characters each."""
    body = "".join(
        f"<p>Officials in district {i} said storm {i * 7} damaged {i % 50} roads and {i % 13} bridges "
        f"across the northern province on Monday, and crews from unit {i} worked all night.</p>\n"
        for i in range(paragraphs)
    )
    return f"<html><head><title>Storm</title></head><body><article>{body}</article></body></html>"


@pytest.fixture
def limited(settings, monkeypatch):
    """An app with a small text limit whose parser must never be reached by an over-long text."""
    from service.analysis import nlp

    def refuse(texts, model=None):
        assert all(len(text) <= LIMIT for text in texts), "an over-long text reached spaCy"
        return real(texts, model) if model else real(texts)

    real = nlp.parse_many
    monkeypatch.setattr(nlp, "parse_many", refuse)
    return create_app(settings.updated(max_text_chars=LIMIT)).test_client()


def test_html_whose_extracted_text_is_over_the_limit_is_413(limited):
    page = numbered_page(25)  # about 4,000 characters of article text: over the limit, under twice it
    body = assert_problem(limited.post("/v1/analyze", json={"html": page}), 413, "text-too-long")
    assert "article text has" in body["detail"]


def test_html_far_over_the_limit_is_refused_before_extraction(limited, monkeypatch):
    from service.analysis import pipeline

    monkeypatch.setattr(pipeline, "extract_article", lambda *a, **k: pytest.fail("extracted"))
    body = assert_problem(
        limited.post("/v1/analyze", json={"html": numbered_page(200)}), 413, "text-too-long"
    )
    assert "page holds about" in body["detail"]


def test_html_under_the_limit_is_analysed(limited):
    assert limited.post("/v1/analyze", json={"html": numbered_page(10)}).status_code == 200


def test_fetched_page_over_the_limit_is_413(limited, page_server):
    url = page_server.page("/hostile/long", numbered_page(25))
    assert_problem(limited.post("/v1/analyze", json={"url": url}), 413, "text-too-long")


def test_batch_item_over_the_limit_is_that_items_413(limited):
    items = [{"html": numbered_page(25)}, {"text": "Rain fell."}]
    response = limited.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 200
    first, second = response.get_json()["items"]
    assert (first["status"], second["status"]) == (413, 200)
    assert first["problem"]["type"] == PREFIX + "text-too-long"


def test_text_over_the_limit_is_a_validation_error(limited):
    body = assert_problem(
        limited.post("/v1/analyze", json={"text": "word " * LIMIT}), 422, "validation-error"
    )
    assert "text" in body["errors"]


def test_spacy_max_length_never_decides():
    from service.analysis import nlp

    assert nlp.get_nlp().max_length >= 100 * 1_000_000


# 4. What gunicorn or the body framing refuses is a problem+json too: 414 request line, 413 chunked body.


def chunked_post(client, path: str, raw: bytes):
    """A body sent without Content-Length, as a server that de-chunks it passes it on."""
    return client.post(
        path,
        input_stream=io.BytesIO(raw),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"},
    )


@pytest.fixture
def small_bodies(settings):
    return create_app(settings.updated(max_content_length=2_000)).test_client()


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/analyze/batch", "/v1/jobs"])
def test_chunked_body_over_the_limit_is_413(small_bodies, path):
    raw = json.dumps({"items": [{"text": "Rain fell. " * 300}], "text": "x"}).encode()
    assert len(raw) > 2_000
    response = chunked_post(small_bodies, path, raw)
    assert_problem(response, 413, "request-entity-too-large")


def test_chunked_body_under_the_limit_is_read_whole(small_bodies):
    response = chunked_post(small_bodies, "/v1/analyze", json.dumps({"text": "Rain fell. " * 100}).encode())
    assert response.status_code == 200


def test_declared_body_over_the_limit_is_413(small_bodies):
    response = small_bodies.post("/v1/analyze", json={"text": "Rain fell. " * 300})
    assert_problem(response, 413, "request-entity-too-large")


class FakeSocket:
    def __init__(self):
        self.sent = b""

    def gettimeout(self):
        return 1.0

    def setblocking(self, flag):
        pass

    def sendall(self, data):
        self.sent += data


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (LimitRequestLine(5_000, 4_094), 414, "uri-too-long"),
        (LimitRequestHeaders("too many headers"), 431, "request-header-fields-too-large"),
        (InvalidRequestLine("GET\x00 / HTTP/1.1"), 400, "bad-request"),
        (RuntimeError("secret internals"), 500, "internal-error"),
    ],
)
def test_gunicorn_refusals_are_problems(error, status, slug):
    worker = ProblemThreadWorker.__new__(ProblemThreadWorker)  # only its error handler is exercised
    worker.log = logging.getLogger("test.worker")
    sock = FakeSocket()
    worker.handle_error(None, sock, ("127.0.0.1", 1), error)
    head, _, payload = sock.sent.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status)
    assert b"Content-Type: application/problem+json" in head
    body = json.loads(payload)
    assert (body["type"], body["status"]) == (PREFIX + slug, status)
    assert "secret" not in payload.decode()
