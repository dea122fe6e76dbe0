"""Paragraph-batched parsing keeps what each token sees, and only changes how fast it is parsed."""

from __future__ import annotations

import random

import numpy
import pytest
import spacy

from service.analysis.nlp import get_nlp, paragraph_parse, parse, parse_many

# Written for these tests: a headline, a dateline lede, quotes and a one-line paragraph.
ARTICLE = (
    "Storm kills three in coastal towns\n\n"
    "MANILA, Philippines (AP) — A typhoon killed at least three people and injured 12 others on "
    "Tuesday, officials said. The Red Cross sent teams to Samar province.\n"
    "\n"
    '"We lost everything," said Maria Santos, 54, whose house in Tacloban was destroyed.\n'
    "President Ferdinand Marcos Jr. visited the area on Wednesday.\n"
    "Update.\n"
    "The weather agency expects another storm next week."
)


def _entities(doc):
    return [(ent.start, ent.end, ent.label_) for ent in doc.ents]


def test_tags_lemmas_and_tensor_are_those_of_the_whole_document():
    ours, whole = parse(ARTICLE), get_nlp()(ARTICLE)
    assert ours.text == ARTICLE
    assert [t.tag_ for t in ours] == [t.tag_ for t in whole]

    def attributes(doc):
        return [(t.pos_, t.lemma_, str(t.morph)) for t in doc]

    assert attributes(ours) == attributes(whole)
    assert numpy.array_equal(ours.tensor, whole.tensor)


def test_entities_and_sentences_match_the_whole_document_parse():
    ours, whole = parse(ARTICLE), get_nlp()(ARTICLE)
    assert _entities(ours) == _entities(whole)
    assert [s.text for s in ours.sents] == [s.text for s in whole.sents]
    assert "Maria Santos" in [e.text for e in ours.ents]


def test_every_paragraph_is_parsed_on_its_own_into_whole_trees():
    doc = parse(ARTICLE)
    paragraph_starts = {t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text}
    assert paragraph_starts <= {s.start for s in doc.sents}
    for sent in doc.sents:
        roots = [t for t in sent if t.head.i == t.i]
        assert len(roots) == 1
        assert all(sent.start <= t.head.i < sent.end for t in sent)


def test_a_batch_gives_each_text_its_own_parse():
    texts = [ARTICLE, "Rebels freed 12 hostages.\nThe army said so.", ARTICLE.upper()]
    together = parse_many(texts)
    assert [d.text for d in together] == texts
    for text, doc in zip(texts, together, strict=True):
        alone = parse(text)
        assert _entities(doc) == _entities(alone)
        assert [t.head.i for t in doc] == [t.head.i for t in alone]


DEGENERATE = ["", "\n", "\n\n  \n", "One line.", "\n\nLeading breaks.\n\n\nTrailing.\n\n"]


@pytest.mark.parametrize("text", DEGENERATE)
def test_degenerate_texts_parse_as_the_whole_text_does(text):
    doc = parse(text)
    assert doc.text == text
    whole = get_nlp()(text)
    assert [t.dep_ for t in doc] == [t.dep_ for t in whole]


def test_the_ner_embeds_paragraphs_with_their_whole_document_in_any_order():
    nlp = get_nlp()
    parse("warm up")  # builds the paragraph parser, which wraps the NER's tok2vec
    wrapper = nlp.get_pipe("ner").model.layers[0]
    assert wrapper.name == "whole_doc_tok2vec"
    whole = nlp.make_doc(ARTICLE)
    nlp.get_pipe("tok2vec")(whole)
    pieces = paragraph_parse._paragraphs_of(whole)
    assert len(pieces) > 3
    shuffled = random.Random(7).sample(pieces, len(pieces))
    token = paragraph_parse._batch.set(paragraph_parse._Batch([whole], {id(whole): pieces}))
    try:
        rows = wrapper.predict([piece for _, piece in shuffled])
    finally:
        paragraph_parse._batch.reset(token)
    expected = wrapper.layers[0].predict([whole])
    offset = 0
    for start, piece in shuffled:
        assert numpy.allclose(rows[offset : offset + len(piece)], expected[start : start + len(piece)])
        offset += len(piece)
    # Outside a paragraph batch the wrapper is the plain tok2vec.
    assert numpy.allclose(wrapper.predict([whole]), expected)


def test_pipelines_laid_out_otherwise_are_not_batched():
    assert not paragraph_parse.ParagraphParser.supports(spacy.blank("en"))
    assert paragraph_parse.ParagraphParser.supports(get_nlp())


@pytest.mark.parametrize("chunk", [7, 40])
def test_a_long_document_parsed_in_chunks_is_parsed_as_in_one_piece(monkeypatch, chunk):
    """Memory: a long document's tok2vec rows (the shared tensor and the NER's) are computed a chunk
    at a time with context on either side, and its paragraphs parsed in groups; every row, tag,
    arc and entity stays exactly what one piece gives (the rows to float rounding: a chunk's matrix
    products may sum in another order)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, SENT_START]
    text = "\n\n".join([ARTICLE] * 4)
    monkeypatch.setattr(paragraph_parse, "CHUNK_TOKENS", 10**9)
    whole = parse(text)
    monkeypatch.setattr(paragraph_parse, "CHUNK_TOKENS", chunk)
    chunked = parse(text)
    assert len(chunked) > 3 * chunk
    assert numpy.allclose(chunked.tensor, whole.tensor, rtol=0, atol=1e-5)
    assert numpy.array_equal(chunked.to_array(attrs), whole.to_array(attrs))
    assert _entities(chunked) == _entities(whole)
