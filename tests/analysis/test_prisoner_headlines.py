"""The headline's prisoner figures of kinds the body leaves out (issue 17), with evidence that
indexes the title ("part": "title").

Every sentence here was written for these tests.
"""

from __future__ import annotations

import pytest

from schemas.response import EvidenceSchema
from service.analysis.facts import prisoners
from service.analysis.model import Context, Evidence, TitleEvidence
from service.analysis.nlp import parse

# (title, body, sorted (kind, count, where the evidence is) triples)
HEADLINES = [
    # a headline drops the passive auxiliary; the body counts neither figure
    (
        "Eleven fishermen freed, four still held",
        "The men were let go near the coast on Tuesday, a navy spokesman said.",
        [("held", 4, "title"), ("released", 11, "title")],
    ),
    (
        "Pirates still hold 9 crew members of seized tanker",
        "The owners of the tanker said talks with the pirates were continuing.",
        [("held", 9, "title")],
    ),
    # the body's own figure of a kind stands; the headline adds nothing of that kind
    (
        "Rebels free 14 soldiers",
        "Rebels freed 16 soldiers on Sunday, the army said.",
        [("released", 16, "text")],
    ),
    # arrests stay out of scope in a headline too
    (
        "Police arrest 30 protesters in capital",
        "Officers detained the group after clashes near parliament.",
        [],
    ),
]


@pytest.mark.parametrize(("title", "body", "expected"), HEADLINES)
def test_headline_figures_of_kinds_the_body_does_not_state(title, body, expected):
    found = prisoners.extract(parse(body), Context(text=body, title=title))
    assert sorted((p.kind, p.count, getattr(p.evidence, "part", "text")) for p in found) == sorted(expected)


def test_title_evidence_indexes_the_title_and_says_so_in_the_response():
    title, body = "Eleven fishermen freed, four still held", "The men were let go near the coast on Tuesday."
    found = prisoners.extract(parse(body), Context(text=body, title=title))
    assert found
    for item in found:
        assert isinstance(item.evidence, TitleEvidence)
        assert title[item.evidence.start : item.evidence.end] == item.evidence.text
        assert EvidenceSchema().dump(item.evidence)["part"] == "title"
    assert "part" not in EvidenceSchema().dump(Evidence(text="x", start=0, end=1))


def test_a_headline_longer_than_its_text_still_gives_its_figure():
    """The headline's sentence is read against the title: a body shorter than it is no error."""
    title, body = "Militants free 146 hostages held after a raid on the village market", "Officials said so."
    found = prisoners.extract(parse(body), Context(text=body, title=title))
    assert [(p.kind, p.count) for p in found] == [("released", 146)]
    assert title[found[0].evidence.start : found[0].evidence.end] == found[0].evidence.text
