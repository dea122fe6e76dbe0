"""The events API: stateless clustering, and stateful events in a real (throwaway) Redis."""

from __future__ import annotations

import pytest

from service import create_app
from service.config import Settings
from tests.events.stories import FLOOD, LAKEPORT, RIVERTON_ARREST, RIVERTON_FIRST, RIVERTON_UPDATE, STORIES
from tests.support.contract import violations


def analysis_input(story: dict) -> dict:
    return {key: story[key] for key in ("text", "title", "published_at")}


def test_cluster_links_the_stories_of_one_incident_and_reports_every_article(client):
    articles = [{**analysis_input(story), "id": story["id"]} for story in STORIES] + [{"text": " "}]
    response = client.post("/v1/events/cluster", json={"articles": articles})
    assert response.status_code == 200
    body = response.get_json()
    assert violations(body, "ClusterResponse") == []
    groups = sorted(sorted(a["article_id"] for a in event["articles"]) for event in body["events"])
    assert groups == [["flood-1"], ["lakeport-1"], ["riverton-1", "riverton-2", "riverton-3"]]
    assert [item["status"] for item in body["items"]] == [200, 200, 200, 200, 200, 422]
    assert body["items"][5]["article_id"] == "#5" and "event_id" not in body["items"][5]
    riverton = next(e for e in body["events"] if len(e["articles"]) == 3)
    assert {item["event_id"] for item in body["items"] if item["article_id"].startswith("riverton")} == {
        riverton["id"]
    }
    assert riverton["figures"]["killed"]["current"]["count"] == 3


def test_clustering_leaves_the_stateful_events_alone(client):
    client.post("/v1/events/cluster", json={"articles": [analysis_input(FLOOD)]})
    assert client.get("/v1/events").get_json() == {"events": []}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"articles": []}, "articles"),
        ({"articles": [{"text": "One.", "id": "a"}, {"text": "Two.", "id": "a"}]}, "articles"),
        ({"articles": [{"text": "One.", "id": 7}]}, "articles"),
        ({"articles": [{"text": "One."}], "options": {"summary_sentences": 99}}, "options"),
        ({"stories": []}, "articles"),
    ],
)
def test_bad_cluster_requests_get_a_422_problem(client, payload, field):
    response = client.post("/v1/events/cluster", json=payload)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_more_articles_than_a_batch_need_the_job_queue():
    client = create_app(Settings(batch_max_items=2)).test_client()  # no Redis: no queue
    articles = [analysis_input(story) for story in STORIES[:3]]
    response = client.post("/v1/events/cluster", json={"articles": articles})
    assert response.status_code == 503
    assert response.get_json()["type"] == "urn:newsfacts:problem:jobs-unavailable"


def test_each_analysed_article_is_assigned_to_a_shared_event(client):
    first = client.post("/v1/analyze", json=analysis_input(RIVERTON_FIRST)).get_json()
    other = client.post("/v1/analyze", json=analysis_input(LAKEPORT)).get_json()
    update = client.post("/v1/analyze", json=analysis_input(RIVERTON_UPDATE)).get_json()
    again = client.post("/v1/analyze", json=analysis_input(RIVERTON_FIRST)).get_json()
    assert violations(update, "AnalyzeResponse") == []
    assert update["event"]["id"] == first["event"]["id"] != other["event"]["id"]
    assert again["meta"]["cached"] and again["event"] == first["event"]

    event = client.get(f"/v1/events/{first['event']['id']}").get_json()
    assert violations(event, "Event") == []
    assert [a["article_id"] for a in event["articles"]] == [first["id"], update["id"]]
    assert [r["count"] for r in event["figures"]["killed"]["history"]] == [2, 3]
    assert event["figures"]["killed"]["current"]["count"] == 3


def test_assignments_are_counted_for_operators(client):
    from tests.api.test_metrics import scrape, value

    before = scrape(client)
    for story in (RIVERTON_FIRST, RIVERTON_UPDATE, RIVERTON_FIRST):
        client.post("/v1/analyze", json=analysis_input(story))
    after = scrape(client)
    counted = {
        outcome: value(after, "newsfacts_event_assignments_total", outcome=outcome)
        - value(before, "newsfacts_event_assignments_total", outcome=outcome)
        for outcome in ("new", "joined", "known", "failed")
    }
    assert counted == {"new": 1, "joined": 1, "known": 1, "failed": 0}


def test_batch_items_are_assigned_too(client):
    items = [analysis_input(RIVERTON_FIRST), analysis_input(RIVERTON_ARREST)]
    outcomes = client.post("/v1/analyze/batch", json={"items": items}).get_json()["items"]
    first, arrest = (outcome["result"]["event"]["id"] for outcome in outcomes)
    assert first == arrest


def test_recent_events_by_type_and_time(client):
    for story in (RIVERTON_FIRST, FLOOD):
        client.post("/v1/analyze", json=analysis_input(story))
    listed = client.get("/v1/events").get_json()
    assert violations(listed, "EventList") == []
    assert {event["type"] for event in listed["events"]} == {"shooting", "flood"}
    floods = client.get("/v1/events?type=flood").get_json()["events"]
    assert [event["type"] for event in floods] == ["flood"]
    assert client.get("/v1/events?since=2999-01-01").get_json() == {"events": []}
    assert len(client.get("/v1/events?limit=1").get_json()["events"]) == 1


@pytest.mark.parametrize("query", ["type=volcano", "since=yesterday", "limit=0", "limit=201", "limit=x"])
def test_bad_list_queries_get_a_422_problem(client, query):
    response = client.get(f"/v1/events?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


def test_an_unknown_event_is_a_404_problem(client):
    response = client.get("/v1/events/ev_0000")
    assert response.status_code == 404
    assert response.get_json()["type"] == "urn:newsfacts:problem:event-not-found"


def test_without_redis_there_are_no_stateful_events():
    client = create_app(Settings()).test_client()
    body = client.post("/v1/analyze", json=analysis_input(FLOOD)).get_json()
    assert "event" not in body
    assert client.get("/v1/events").status_code == 503
    assert client.get("/v1/events/ev_1").status_code == 503


def test_events_can_be_turned_off(settings):
    client = create_app(settings.updated(events=False)).test_client()
    assert "event" not in client.post("/v1/analyze", json=analysis_input(FLOOD)).get_json()


def test_a_dead_redis_leaves_the_analysis_whole_with_a_null_event():
    dead = Settings(redis_url="redis://127.0.0.1:9/0", redis_timeout=0.2, events_timeout=0.2)
    client = create_app(dead).test_client()
    response = client.post("/v1/analyze", json=analysis_input(LAKEPORT))
    assert response.status_code == 200
    body = response.get_json()
    assert body["event"] is None and body["facts"]["totals"]["injured"] == 1
    assert client.get("/v1/events").status_code == 503
    assert 'newsfacts_event_assignments_total{outcome="failed"}' in client.get("/metrics").get_data(
        as_text=True
    )
