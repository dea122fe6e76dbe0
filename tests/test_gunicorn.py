"""The service under a real gunicorn (the production config) with a real Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import requests

from tests.conftest import ROOT
from tests.support.servers import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gunicorn_server(redis_server, tmp_path_factory):
    """gunicorn with two workers on a free port, its stderr in a file (a pipe nobody reads could
    fill up and stall it); start-up waits for the model to load. Yields (base URL, stderr file)."""
    log_path = tmp_path_factory.mktemp("gunicorn") / "stderr.log"
    log_file = log_path.open("wb")
    redis_server.client().flushall()  # earlier tests may have cached the same article
    port = free_port()
    env = {
        **os.environ,
        "NEWSFACTS_REDIS_URL": redis_server.url,
        "NEWSFACTS_WORKERS": "2",
        "NEWSFACTS_ACCESS_LOG": "",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "service/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text()) from None
            time.sleep(0.1)
    yield base, log_path
    process.terminate()
    process.wait(timeout=30)
    log_file.close()


@pytest.fixture(scope="module")
def gunicorn(gunicorn_server):
    return gunicorn_server[0]


def test_gunicorn_serves_analysis_and_caches_in_redis(gunicorn, article_text):
    payload = {"text": article_text, "published_at": "2025-06-02"}
    first = requests.post(gunicorn + "/v1/analyze", json=payload, timeout=60)
    second = requests.post(gunicorn + "/v1/analyze", json=payload, timeout=60)
    assert first.status_code == second.status_code == 200
    assert first.json()["article"]["text"] == article_text
    assert (first.json()["meta"]["cached"], second.json()["meta"]["cached"]) == (False, True)
    assert requests.get(gunicorn + "/readyz", timeout=5).json()["cache"] == "ok"


def test_gunicorn_answers_bad_input_with_problems(gunicorn):
    response = requests.post(gunicorn + "/v1/analyze", data="{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"


def test_gunicorn_config_preloads_with_threaded_workers(monkeypatch):
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the config sets variables: keep them here
    config: dict = {}
    exec((ROOT / "service" / "gunicorn.conf.py").read_text(), config)
    assert config["preload_app"] is True
    assert config["worker_class"] == "service.web.worker.ProblemThreadWorker"  # gthread, problem+json
    assert config["workers"] >= 1 and config["threads"] >= 1


def test_gunicorn_metrics_sum_every_worker(gunicorn):
    """Whichever worker answers the scrape, it counts the requests every worker served."""

    def served() -> float:
        text = requests.get(gunicorn + "/metrics", timeout=5).text
        line = 'newsfacts_http_requests_total{method="GET",route="/healthz",status="200"}'
        return next((float(row.split()[-1]) for row in text.splitlines() if row.startswith(line)), 0.0)

    before = served()
    for _ in range(20):
        requests.get(gunicorn + "/healthz", timeout=5)
    assert {served() for _ in range(6)} == {before + 20}


def test_gunicorn_logs_are_json_lines_with_the_request_id(gunicorn_server):
    base, log_path = gunicorn_server
    requests.get(base + "/healthz", headers={"X-Request-ID": "gunicorn-log-test"}, timeout=5)
    deadline = time.monotonic() + 5
    while "gunicorn-log-test" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = [json.loads(line) for line in log_path.read_text().splitlines()]  # every line is JSON
    assert {"gunicorn.error", "service.access"} <= {line["logger"] for line in lines}
    mine = [line for line in lines if line.get("request_id") == "gunicorn-log-test"]
    assert [(line["path"], line["status"]) for line in mine] == [("/healthz", 200)]


def test_gunicorn_long_request_line_is_a_414_problem(gunicorn):
    response = requests.get(gunicorn + "/healthz?" + "a" * 5_000, timeout=10)
    assert response.status_code == 414
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:newsfacts:problem:uri-too-long"


def test_gunicorn_too_many_headers_is_a_431_problem(gunicorn):
    headers = {f"X-Extra-{i}": "1" for i in range(150)}
    response = requests.get(gunicorn + "/healthz", headers=headers, timeout=10)
    assert response.status_code == 431
    assert response.json()["type"] == "urn:newsfacts:problem:request-header-fields-too-large"


def test_gunicorn_chunked_body_over_the_limit_is_a_413_problem(gunicorn):
    """A body without Content-Length is not cut at the limit and reported as invalid JSON."""
    chunk = b'{"text": "' + b"Rain fell. " * 100_000
    over = 10_000_000 // len(chunk) + 2

    def body():
        for _ in range(over):
            yield chunk
        yield b'"}'

    response = requests.post(
        gunicorn + "/v1/analyze", data=body(), headers={"Content-Type": "application/json"}, timeout=60
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:newsfacts:problem:request-entity-too-large"
