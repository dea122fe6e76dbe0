"""In-process caches are bounded by bytes, not only by count (issue 19, item 12)."""

from __future__ import annotations

import os

import pytest

from service.analysis import pipeline
from service.analysis.pipeline import AnalysisRequest, request_key
from service.api.analyze import recent_requests
from service.cache.memory_tier import MemoryCache
from tests.conftest import ROOT


def test_memory_cache_is_bounded_by_bytes():
    cache = MemoryCache(max_items=1000, max_bytes=10_000)
    for i in range(50):
        cache.set(f"k{i}", b"x" * 1_000, 60)
    assert cache.bytes <= 10_000 and len(cache) == 10
    assert cache.get("k49") is not None and cache.get("k0") is None
    cache.set("k49", b"y" * 500, 60)  # replacing a value counts it once
    assert cache.bytes == 9 * 1_000 + 500
    cache.set("huge", b"z" * 20_000, 60)  # larger than the whole bound: not kept
    assert cache.get("huge") is None and cache.bytes == 9_500


def test_request_memo_is_bounded_by_bytes(client):
    recent_requests._items.clear()
    recent_requests._bytes = 0
    text = "Rain fell on the northern coast on Monday, officials said. " * 40
    for i in range(40):
        body = {"text": f"{text} Report {i}.", "options": {"summary_sentences": 1, "include_text": False}}
        assert client.post("/v1/analyze", json=body).status_code == 200
    assert 0 < recent_requests.bytes <= recent_requests.max_bytes
    limit = recent_requests.max_bytes
    try:
        recent_requests.max_bytes = 20_000
        client.post("/v1/analyze", json={"text": text + " Once more."})
        assert recent_requests.bytes <= 20_000
    finally:
        recent_requests.max_bytes = limit


def test_request_memo_skips_large_bodies(client):
    before = len(recent_requests)
    page = "<html><body><article>" + "<p>Rain fell in the hills.</p>" * 10_000 + "</article></body></html>"
    assert len(page) > recent_requests.max_body
    client.post("/v1/analyze", json={"html": page, "options": {"facts": ["dates"]}})
    assert len(recent_requests) <= before


def test_request_keys_of_large_inputs_are_not_memoised():
    pipeline._request_key.cache_clear()
    large = AnalysisRequest(html="<p>" + "word " * 20_000 + "</p>")
    small = AnalysisRequest(text="Rain fell.")
    assert request_key(large) == request_key(AnalysisRequest(html=large.html))
    request_key(small)
    assert pipeline._request_key.cache_info().currsize == 1


def test_gunicorn_recycles_workers_with_jitter(monkeypatch):
    monkeypatch.setattr(os, "environ", dict(os.environ))
    monkeypatch.delenv("NEWSFACTS_MAX_REQUESTS", raising=False)
    config: dict = {}
    exec((ROOT / "service" / "gunicorn.conf.py").read_text(), config)
    assert config["max_requests"] > 0
    assert 0 < config["max_requests_jitter"] < config["max_requests"]


def _gunicorn_config(monkeypatch, **env) -> dict:
    monkeypatch.setattr(os, "environ", dict(os.environ) | env)
    config: dict = {}
    exec((ROOT / "service" / "gunicorn.conf.py").read_text(), config)
    return config


class _Libc:
    def __init__(self):
        self.trims = 0

    def malloc_trim(self, pad):
        self.trims += 1


class _Response:
    def __init__(self, cache: str | None):
        self.headers = [("Content-Type", "application/json")] + ([("X-Cache", cache)] if cache else [])


@pytest.mark.parametrize(
    ("method", "path", "cache", "trimmed"),
    [
        ("POST", "/v1/analyze", "MISS", True),
        ("POST", "/v1/analyze", "HIT", False),
        ("POST", "/v1/analyze/batch", None, True),
        ("GET", "/healthz", None, False),
        ("GET", "/v1/jobs/x", None, False),
    ],
)
def test_workers_hand_freed_memory_back_after_each_analysis(monkeypatch, method, path, cache, trimmed):
    config = _gunicorn_config(monkeypatch, NEWSFACTS_MALLOC_TRIM_EVERY="50")
    libc = _Libc()
    config["_LIBC"] = libc
    worker = type("Worker", (), {})()
    config["post_fork"](None, worker)
    config["post_request"](worker, None, {"REQUEST_METHOD": method, "PATH_INFO": path}, _Response(cache))
    assert libc.trims == int(trimmed)


def test_other_requests_trim_every_n_and_zero_turns_trimming_off(monkeypatch):
    for every, expected in (("3", 3), ("0", 0)):
        config = _gunicorn_config(monkeypatch, NEWSFACTS_MALLOC_TRIM_EVERY=every)
        libc = _Libc()
        config["_LIBC"] = libc
        worker = type("Worker", (), {})()
        config["post_fork"](None, worker)
        for _ in range(9):
            config["post_request"](
                worker, None, {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz"}, _Response(None)
            )
        miss = {"REQUEST_METHOD": "POST", "PATH_INFO": "/v1/analyze"}
        config["post_request"](worker, None, miss, _Response("MISS"))
        assert libc.trims == (expected + 1 if every != "0" else 0)
