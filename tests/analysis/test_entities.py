"""entities_in and entity_at give what Span.ents and Doc.ents give, from the span's own tokens."""

from __future__ import annotations

import random

import pytest

from service.analysis.nlp import parse
from service.analysis.nlp.entities import entities_in, entity_at
from tests.analysis.test_paragraph_parse import ARTICLE

TEXTS = [
    ARTICLE,
    "President Vladimir Putin met Donald Trump in Helsinki on July 16, 2018, the Kremlin said.",
    "The United Nations Security Council and the European Union condemned the attack in New York City.",
    "",
]


def _key(spans):
    return [(s.start, s.end, s.label_, s.kb_id_, s.id_) for s in spans]


@pytest.mark.parametrize("text", TEXTS)
def test_entities_in_any_span_match_spacy(text):
    doc = parse(text)
    assert _key(entities_in(doc)) == _key(doc.ents)
    spans = [doc[a:b] for a in range(len(doc) + 1) for b in range(a, len(doc) + 1)]
    for span in random.Random(3).sample(spans, min(len(spans), 400)) + list(doc.sents):
        assert _key(entities_in(span)) == _key(span.ents), span.text


@pytest.mark.parametrize("text", TEXTS)
def test_entity_at_every_token_matches_spacy(text):
    doc = parse(text)
    for token in doc:
        expected = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        found = entity_at(token)
        assert (found is None) == (expected is None)
        if found is not None:
            assert _key([found]) == _key([expected])


def test_entities_set_by_hand_with_ids_and_adjacent_spans():
    from spacy.tokens import Span

    doc = parse("Alpha Beta Gamma Delta Epsilon")
    doc.set_ents([Span(doc, 0, 2, "ORG", kb_id="Q1", span_id="a"), Span(doc, 2, 3, "GPE")], default="outside")
    assert _key(entities_in(doc)) == _key(doc.ents)
    assert _key(entities_in(doc[1:3])) == _key(doc[1:3].ents) == [(2, 3, "GPE", "", "")]
    assert entity_at(doc[1]).text == "Alpha Beta" and entity_at(doc[4]) is None
