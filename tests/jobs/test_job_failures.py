"""Jobs whose items cannot finish: the job timeout, and retries that run out (a lost item).

Real RQ workers against a Redis of their own; the job then ends ``failed`` with a 500
``item-failed`` problem in place of each lost item, and every other item's outcome intact.
"""

from __future__ import annotations

import threading

import pytest
from rq.job import Job

from service import create_app
from tests.jobs.conftest import wait_for_job

pytestmark = pytest.mark.slow

LOST = "urn:newsfacts:problem:item-failed"


@pytest.fixture
def hanging_page(page_server, request):
    """A page that never answers (until the test ends); counts how often it was asked for.

    Its path is the test's own: a worker killed while fetching leaves the URL's single-flight lock
    in the module's Redis, and a later test asking for the same URL would wait on it."""
    release = threading.Event()
    asked = threading.Semaphore(0)

    def hang(handler):
        asked.release()
        release.wait(60)

    path = "/jobs/hang/" + request.node.name
    page_server.routes[path] = hang
    yield page_server.base + path, asked
    release.set()


def test_an_item_past_the_job_timeout_is_retried_then_lost(
    jobs_settings, jobs_redis, start_worker, hanging_page, article_text
):
    url, asked = hanging_page
    # the job timeout leaves a loaded machine time to reach the fetch (which alone would wait 20 s)
    client = create_app(jobs_settings.updated(job_timeout=8, job_retries=1)).test_client()
    start_worker("timeout-worker")
    job_id = client.post("/v1/jobs", json={"items": [{"url": url}, {"text": article_text}]}).get_json()["id"]

    body = wait_for_job(client, job_id, timeout=120)
    assert body["status"] == "failed"
    assert [item["status"] for item in body["items"]] == [500, 200]
    assert body["items"][0]["problem"]["type"] == LOST
    assert body["progress"] == {"total": 2, "done": 2, "failed": 1}
    assert asked.acquire(timeout=0) and asked.acquire(timeout=0), "tried once and retried once"
    assert not asked.acquire(timeout=0), "one retry only"
    item = Job.fetch(f"{job_id}-0", connection=jobs_redis.client())
    assert item.get_status() == "failed"
    assert "ItemTimedOut" in (item.latest_result().exc_string or "")


def test_an_item_whose_worker_dies_with_no_retry_left_is_lost(
    jobs_settings, jobs_redis, start_worker, hanging_page, article_text
):
    url, asked = hanging_page
    client = create_app(jobs_settings.updated(job_retries=0)).test_client()
    doomed = start_worker("doomed-no-retry")
    job_id = client.post("/v1/jobs", json={"items": [{"text": article_text}, {"url": url}]}).get_json()["id"]
    assert asked.acquire(timeout=60), "the worker never started the hanging item"
    doomed.kill()

    start_worker("sweeper")  # its maintenance finds the abandoned item; no retry is left
    body = wait_for_job(client, job_id, timeout=120)
    assert body["status"] == "failed"
    assert [item["status"] for item in body["items"]] == [200, 500]
    assert body["items"][1]["problem"]["type"] == LOST
    assert not asked.acquire(timeout=0), "the lost item was not tried again"
    assert Job.fetch(f"{job_id}-1", connection=jobs_redis.client()).get_status() == "failed"
