"""Linking and clustering on whole stories written for these tests, analysed by the real pipeline."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from service.analysis.pipeline import AnalysisRequest, analyze
from service.events.cluster import cluster_bodies
from service.events.linking import FEATURES, pair_features, same_incident_probability
from service.events.profile import event_type, profile_of
from service.events.store import MemoryStore
from service.serving.results import dump_result
from tests.events.stories import (
    FLOOD,
    LAKEPORT,
    RIVERTON_ARREST,
    RIVERTON_FIRST,
    RIVERTON_OTHER,
    RIVERTON_TRIAL,
    RIVERTON_UPDATE,
    STORIES,
)

NOW = datetime(2026, 3, 11, tzinfo=UTC)


@pytest.fixture(scope="module")
def bodies() -> dict[str, dict]:
    """Each story's analysis as the service returns it."""
    return {story["id"]: _analysed(story) for story in STORIES}


def _analysed(story: dict) -> dict:
    request = AnalysisRequest(text=story["text"], title=story["title"], published_at=story["published_at"])
    return json.loads(dump_result(analyze(request)))


def test_stories_of_one_incident_make_one_event_and_the_others_their_own(bodies):
    events = cluster_bodies([(key, body) for key, body in bodies.items()], now=NOW)
    groups = sorted(sorted(a["article_id"] for a in event["articles"]) for event in events)
    assert groups == [["flood-1"], ["lakeport-1"], ["riverton-1", "riverton-2", "riverton-3"]]


def test_the_order_of_the_input_does_not_change_the_events(bodies):
    forward = cluster_bodies(list(bodies.items()), now=NOW)
    backward = cluster_bodies(list(reversed(bodies.items())), now=NOW)
    assert sorted(e["id"] for e in forward) == sorted(e["id"] for e in backward)


def test_an_event_lists_its_articles_oldest_first_with_their_input_index(bodies):
    items = list(bodies.items())
    riverton = next(e for e in cluster_bodies(items, now=NOW) if len(e["articles"]) == 3)
    assert [a["article_id"] for a in riverton["articles"]] == ["riverton-1", "riverton-2", "riverton-3"]
    assert [a["index"] for a in riverton["articles"]] == [0, 2, 4]
    assert riverton["type"] == "shooting"


def test_the_toll_that_rose_is_the_current_figure_and_the_history_keeps_both(bodies):
    items = [(key, bodies[key]) for key in ("riverton-1", "riverton-2")]
    (event,) = cluster_bodies(items, now=NOW)
    killed = event["figures"]["killed"]
    assert [report["count"] for report in killed["history"]] == [2, 3]
    assert killed["current"]["count"] == 3
    assert killed["current"]["article_id"] == "riverton-2"
    # both reports quote the police: a source that updated its figure does not disagree with itself
    assert killed["consensus"] == 3 and killed["disagreements"] == []


def test_the_same_incident_scores_higher_than_a_different_one_on_the_same_night(bodies):
    first, update, other = (
        profile_of(bodies[key], article_id=key) for key in ("riverton-1", "riverton-2", "lakeport-1")
    )
    same, different = same_incident_probability([pair_features(first, update), pair_features(first, other)])
    assert same > 0.5 > different


@pytest.mark.parametrize(
    ("feature", "left", "right", "expected"),
    [
        (
            "shared_ages",
            "Two brothers, a 24-year-old and a 31-year-old, lost their lives.",
            "The victims, 24 and 31, were friends. A 31-year-old died.",
            1,
        ),
        ("ages_conflict", "A 19-year-old was hurt.", "A 62-year-old was hurt.", 1),
        (
            "shared_addresses",
            "Shots rang out in the 300 block of North Maple.",
            "Police taped off the 300 block of Maple.",
            1,
        ),
        ("addresses_conflict", "It happened on Maple Street.", "It happened on Birch Avenue.", 1),
        ("same_type", "A gunman opened fire.", "The shooting left one dead.", 1.0),
        ("same_type", "A gunman opened fire.", "The earthquake shook the town.", -1.0),
    ],
)
def test_pair_features_read_what_tells_incidents_apart(feature, left, right, expected):
    def body(text):
        return {"id": text, "article": {"title": "", "text": text, "published_at": "2026-03-06"}, "facts": {}}

    row = pair_features(profile_of(body(left)), profile_of(body(right)))
    assert row[FEATURES.index(feature)] == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Two dead in overnight shooting", "Police said a gunman fired into a crowd.", "shooting"),
        ("Quake rattles coastal towns", "The earthquake struck at dawn.", "earthquake"),
        ("Rebels free 12 hostages", "The captives were handed to the Red Cross.", "prisoners"),
        ("City council approves budget", "The vote passed 7 to 2.", "other"),
    ],
)
def test_event_type_is_read_from_the_title_and_opening(title, text, expected):
    assert event_type(title, text) == expected


def test_a_trial_months_later_joins_its_incident_and_another_shooting_in_town_does_not(bodies):
    later = {story["id"]: _analysed(story) for story in (RIVERTON_TRIAL, RIVERTON_OTHER)}
    items = [(key, bodies[key]) for key in ("riverton-1", "riverton-2", "riverton-3")] + list(later.items())
    events = cluster_bodies(items, now=NOW)
    groups = sorted(sorted(a["article_id"] for a in event["articles"]) for event in events)
    assert groups == [["riverton-1", "riverton-2", "riverton-3", "riverton-4"], ["riverton-5"]]


def test_an_article_seen_again_keeps_its_event_and_is_not_added_twice(bodies):
    store = MemoryStore()
    profile = profile_of(bodies["riverton-1"], article_id="riverton-1")
    event, _ = store.assign(profile, NOW)
    again, _ = store.assign(profile, NOW)
    assert again.id == event.id and len(again.articles) == 1


def test_an_article_without_text_is_profiled_from_its_summary_and_evidence(bodies):
    body = {**bodies["riverton-1"], "article": {**bodies["riverton-1"]["article"], "text": None}}
    profile = profile_of(body, article_id="x")
    assert profile.vector and profile.figures["killed"].count == 2


def test_the_profile_survives_its_stored_form(bodies):
    from service.events.redis_store import match_form, profiles_of_match

    profile = profile_of(bodies["riverton-2"], article_id="riverton-2")
    (again,) = profiles_of_match(match_form([profile]))
    assert pair_features(profile, again) == pytest.approx(pair_features(profile, profile), abs=1e-3)


def test_flood_and_lakeport_keep_their_own_figures(bodies):
    events = cluster_bodies([("flood-1", bodies["flood-1"]), ("lakeport-1", bodies["lakeport-1"])], now=NOW)
    by_type = {event["type"]: event for event in events}
    assert by_type["flood"]["figures"]["killed"]["current"]["count"] == 14
    assert by_type["shooting"]["figures"]["injured"]["current"]["count"] == 1


__all__ = ["FLOOD", "LAKEPORT", "RIVERTON_ARREST", "RIVERTON_FIRST", "RIVERTON_UPDATE"]
