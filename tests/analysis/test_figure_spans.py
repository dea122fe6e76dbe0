"""evidence.figure: the words a casualty or prisoner figure was read from, inside its sentence.

The rule an editor can rely on: the number words, the noun they count and the word that says what
happened, as one span ("killed at least 12 people"); "a" stands for one ("a man ... killed"); the
trigger is left out when it is far away; no number word, no span. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from service.analysis.pipeline import AnalysisRequest, analyze

CASES = [
    ("A car bomb killed at least 12 people in the market town of Tarvel on Monday, police said.",
     "casualties", "killed", "killed at least 12 people"),
    ("Two firefighters were injured while tackling the blaze at the depot.",
     "casualties", "injured", "Two firefighters were injured"),
    ("Rescuers said 30 people were still missing after the ferry capsized near the harbour.",
     "casualties", "missing", "30 people were still missing"),
    ("Officials said a man and two women were killed when the roof of the hall collapsed.",
     "casualties", "killed", "a man and two women were killed"),
    ("MERIDA, Norland — Gunmen wounded four villagers on Friday, the mayor said.",
     "casualties", "injured", "wounded four villagers"),
    ("The rebels freed 14 hostages late on Sunday after weeks of talks.",
     "prisoners", "released", "freed 14 hostages"),
    ("Under the deal, the two countries exchanged 95 prisoners of war at the border crossing.",
     "prisoners", "exchanged", "exchanged 95 prisoners"),
    ("Border guards captured six soldiers who had crossed the river at night.",
     "prisoners", "captured", "captured six soldiers"),
]  # fmt: skip


def _fact(text: str, facts: str, kind: str):
    result = analyze(AnalysisRequest(text=text))
    found = [f for f in getattr(result.facts, facts) if f.kind == kind]
    assert found, f"no {kind} figure in {text!r}"
    return result.article.text, found[0]


@pytest.mark.parametrize(("text", "facts", "kind", "words"), CASES)
def test_the_figure_span_is_the_figure_phrase_inside_its_sentence(text, facts, kind, words):
    article, fact = _fact(text, facts, kind)
    start, end = fact.evidence.figure
    assert article[start:end] == words
    assert fact.evidence.start <= start < end <= fact.evidence.end


def test_a_figure_without_a_number_word_has_no_span():
    article, fact = _fact(
        "A cyclist died and his brother was hurt when the lorry overturned.", "casualties", "injured"
    )
    assert fact.count == 1 and fact.evidence.figure is None


def test_the_response_gives_the_span_as_start_and_end():
    from schemas.response import EvidenceSchema
    from service.analysis.model import Evidence

    assert EvidenceSchema().dump(Evidence("x killed 3", 0, 10, figure=(2, 10)))["figure"] == {
        "start": 2,
        "end": 10,
    }
    assert "figure" not in EvidenceSchema().dump(Evidence("x", 0, 1))
