"""The service under a real gunicorn (the production config) with a real Redis."""

from __future__ import annotations

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
def gunicorn(redis_server):
    """gunicorn with two workers on a free port; start-up waits for the model to load."""
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
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=30)


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
    assert config["worker_class"] == "gthread"
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
