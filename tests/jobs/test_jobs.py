"""Jobs end to end: the API, real RQ workers, signed callbacks, and a worker killed mid-item."""

from __future__ import annotations

import json
import threading

import pytest
from rq.job import Job

from service import create_app
from service.config import Settings
from service.jobs.callback import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from tests.api.test_analyze import wrap_in_page
from tests.jobs.conftest import SECRET, wait_for_job
from tests.support.contract import violations

pytestmark = pytest.mark.slow


def test_jobs_without_redis_answer_503():
    client = create_app(Settings(redis_url=None)).test_client()
    for response in (client.post("/v1/jobs", json={"items": [{"text": "x"}]}), client.get("/v1/jobs/abc")):
        assert response.status_code == 503
        assert response.get_json()["type"] == "urn:newsfacts:problem:jobs-unavailable"


def test_unknown_job_is_404(jobs_client):
    response = jobs_client.get("/v1/jobs/0123456789abcdef")
    assert response.status_code == 404
    assert response.get_json()["type"] == "urn:newsfacts:problem:job-not-found"


@pytest.mark.parametrize(
    ("settings_change", "callback_url"),
    [({}, "http://10.1.2.3/hook"), ({"callback_secret": None}, "http://127.0.0.1:9/hook")],
    ids=["private-address", "no-secret"],
)
def test_refused_callbacks_are_422(jobs_settings, settings_change, callback_url):
    client = create_app(jobs_settings.updated(**settings_change)).test_client()
    response = client.post("/v1/jobs", json={"items": [{"text": "x"}], "callback_url": callback_url})
    assert response.status_code == 422
    assert "callback_url" in response.get_json()["errors"]


def test_job_runs_on_a_worker_and_calls_back_signed(
    jobs_client, jobs_settings, jobs_redis, start_worker, callback_server, page_server, article_text
):
    start_worker("cb-worker")
    url = page_server.page("/jobs/story", wrap_in_page("Harbour strike", article_text))
    items = [{"text": article_text}, {"url": url}, {"text": ""}, {"url": page_server.base + "/jobs/gone"}]
    callback_server.fail_first = 1  # the first delivery fails: the worker must retry
    response = jobs_client.post("/v1/jobs", json={"items": items, "callback_url": callback_server.url})
    assert response.status_code == 202
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/v1/jobs/{job_id}"
    assert violations(response.get_json(), "JobAccepted") == []

    body = wait_for_job(jobs_client, job_id)
    assert body["status"] == "finished"
    assert [item["status"] for item in body["items"]] == [200, 200, 422, 502]
    assert body["items"][1]["result"]["article"]["url"] == url
    assert body["progress"] == {"total": 4, "done": 4, "failed": 2}
    assert violations(body, "Job") == []

    assert callback_server.arrived.wait(30)
    delivery = callback_server.received[-1]
    headers = delivery["headers"]
    assert verify(
        SECRET,
        signature=headers[SIGNATURE_HEADER],
        timestamp=headers[TIMESTAMP_HEADER],
        body=delivery["body"],
    )
    assert not verify(
        "wrong",
        signature=headers[SIGNATURE_HEADER],
        timestamp=headers[TIMESTAMP_HEADER],
        body=delivery["body"],
    )
    sent = json.loads(delivery["body"])
    assert violations(sent, "Job") == []
    assert sent["id"] == job_id and [item["status"] for item in sent["items"]] == [200, 200, 422, 502]
    assert headers["X-Newsfacts-Attempt"] == "2"

    ttl = jobs_redis.client().ttl(f"newsfacts:job:{job_id}:items")
    assert 0 < ttl <= jobs_settings.job_result_ttl


def test_a_worker_killed_mid_item_loses_nothing(
    jobs_client, jobs_redis, start_worker, page_server, article_text
):
    """SIGKILL the worker (and its horse) while it fetches; another worker finishes the job."""
    release, fetching = threading.Event(), threading.Event()
    page = wrap_in_page("Slow story", article_text).encode()

    def slow_page(handler):
        fetching.set()
        release.wait(30)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(page)))
        handler.end_headers()
        handler.wfile.write(page)

    page_server.routes["/jobs/slow"] = slow_page
    doomed = start_worker("doomed")
    job_id = jobs_client.post(
        "/v1/jobs", json={"items": [{"url": page_server.base + "/jobs/slow"}]}
    ).get_json()["id"]
    assert fetching.wait(30), "the worker never started the item"
    doomed.kill()
    release.set()

    start_worker("survivor")
    body = wait_for_job(jobs_client, job_id)
    assert body["status"] == "finished"
    assert body["items"][0]["status"] == 200
    assert page_server.hits["/jobs/slow"] == 2
    item_job = Job.fetch(f"{job_id}-0", connection=jobs_redis.client())
    assert item_job.worker_name == "survivor"


def test_bulk_cli_through_the_queue(
    tmp_path, monkeypatch, jobs_settings, start_worker, page_server, article_text
):
    from service.cli import main
    from tests.jobs.conftest import worker_env

    for name, value in worker_env(jobs_settings).items():
        if name.startswith("NEWSFACTS_"):
            monkeypatch.setenv(name, value)
    start_worker("bulk-worker")
    urls = [page_server.page(f"/queued/{n}", wrap_in_page(f"Story {n}", article_text)) for n in range(3)]
    source, out = tmp_path / "urls.txt", tmp_path / "out.jsonl"
    source.write_text("\n".join([*urls, "http://10.9.9.9/private"]) + "\n")
    assert main(["analyze", str(source), "--queue", "--out", str(out)]) == 1
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["status"] for line in lines] == [200, 200, 200, 422]
    assert [line["url"] for line in lines[:3]] == urls
