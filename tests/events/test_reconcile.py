"""Table-driven tests of the figure reconciliation: reports over time in, current/consensus out."""

from __future__ import annotations

import pytest

from service.events.reconcile import reconcile


def article(i, killed=None, source=None, confidence=0.9, injured=None, url=None):
    figures = {}
    if killed is not None:
        figures["killed"] = {
            "count": killed,
            "qualifier": "exact",
            "confidence": confidence,
            "source": source,
        }
    if injured is not None:
        figures["injured"] = {
            "count": injured,
            "qualifier": "exact",
            "confidence": confidence,
            "source": source,
        }
    return {"article_id": f"a{i}", "published": f"2026-03-0{i}T10:00:00", "url": url, "figures": figures}


@pytest.mark.parametrize(
    ("reports", "current"),
    [
        ([article(1, 2), article(2, 2), article(3, 2)], 2),  # all agree
        (
            [article(1, 2, "police"), article(2, 3, "police"), article(3, 3, "officials")],
            3,
        ),  # a toll that rose
        ([article(1, 5, "police"), article(2, 5, "officials"), article(3, 5, "hospital")], 5),
    ],
)
def test_current_figure_with_the_trained_chooser(reports, current):
    assert reconcile(reports)["killed"]["current"]["count"] == current


@pytest.mark.parametrize(
    ("reports", "current", "from_article"),
    [
        ([article(1, 2), article(2, 3)], 3, "a2"),  # the latest report
        ([article(1, 4), article(2, 3)], 3, "a2"),  # a lowered toll counts: not the largest
        ([article(1, 2), article(2, 9, confidence=0.2)], 2, "a1"),  # an unsure report does not become current
        (
            [article(1, 2, confidence=0.1), article(2, 9, confidence=0.2)],
            9,
            "a2",
        ),  # none credible: the latest
    ],
)
def test_current_figure_by_rule_is_the_latest_credible_report(reports, current, from_article):
    figure = reconcile(reports, model=False)["killed"]["current"]
    assert (figure["count"], figure["article_id"]) == (current, from_article)


def test_sources_that_disagree_are_kept_side_by_side_and_the_consensus_is_the_smallest():
    reports = [article(1, 4, "police"), article(2, 6, "hospital"), article(3, 5, "police")]
    killed = reconcile(reports, model=False)["killed"]
    assert killed["consensus"] == 5  # police now say 5, the hospital 6
    assert [(d["count"], d["sources"]) for d in killed["disagreements"]] == [
        (5, ["police"]),
        (6, ["hospital"]),
    ]
    assert [r["count"] for r in killed["history"]] == [4, 6, 5]


def test_an_article_without_a_named_source_is_attributed_to_its_outlet():
    reports = [
        article(1, 2, url="https://www.valleyherald.example/a"),
        article(2, 3, url="https://news.example/b"),
    ]
    killed = reconcile(reports, model=False)["killed"]
    assert [r["source"] for r in killed["history"]] == ["valleyherald.example", "news.example"]
    assert killed["consensus"] == 2


def test_kinds_no_report_states_are_absent():
    assert set(reconcile([article(1, 2), article(2, injured=4)])) == {"killed", "injured"}
    assert reconcile([article(1), article(2)]) == {}
