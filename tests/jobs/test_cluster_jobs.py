"""A clustering larger than a batch runs as a job on real workers and ends with its events."""

from __future__ import annotations

import pytest

from service import create_app
from tests.events.stories import STORIES
from tests.jobs.conftest import wait_for_job
from tests.support.contract import violations

pytestmark = pytest.mark.slow


def test_a_large_clustering_becomes_a_job_whose_document_holds_the_events(jobs_settings, start_worker):
    client = create_app(jobs_settings.updated(batch_max_items=2)).test_client()
    start_worker("cluster-worker")
    articles = [
        {
            "id": story["id"],
            "text": story["text"],
            "title": story["title"],
            "published_at": story["published_at"],
        }
        for story in STORIES
    ] + [{"id": "empty", "text": ""}]
    response = client.post("/v1/events/cluster", json={"articles": articles})
    assert response.status_code == 202
    assert violations(response.get_json(), "JobAccepted") == []

    job = wait_for_job(client, response.get_json()["id"])
    assert violations(job, "Job") == []
    assert [item["status"] for item in job["items"]] == [200] * len(STORIES) + [422]
    groups = sorted(sorted(a["article_id"] for a in event["articles"]) for event in job["events"])
    assert groups == [["flood-1"], ["lakeport-1"], ["riverton-1", "riverton-2", "riverton-3"]]
    assert all("event" not in item["result"] for item in job["items"][:-1])  # kept out of the shared events
