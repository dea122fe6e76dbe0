"""The memoised attribute ruler and lemmatizer give exactly the stock components' token attributes."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from service.analysis.nlp import DEFAULT_MODEL, get_nlp

ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]

# Written for this test: each line exercises patterns of the stock attribute ruler
# (pronoun cases, auxiliaries, "there is", contractions, slang, spaces) and the lemmatizer.
TEXTS = [
    "There is a man at the gate, and there were three dead in the square on Tuesday.",
    "He ain't gonna go, y'all. Let's go! I told you it was I who did it.",
    "She gets what she wants; they got nothing and nobody helped them.",
    "Rebels had freed 12 hostages, but officials said they'd been held since May.",
    "  Gotta run;  ok\n\nKYIV, Ukraine (AP) — Russian drones struck a hospital,   killing two.",
    "We can't, won't and shan't. Somethin' 's goin' on, c'mon, ol' buddy.",
    "The ministers' meetings were postponed; its members are being questioned.",
    "",
    "\n",
]


@pytest.fixture(scope="module")
def stock():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("newline_sentences", before="parser")
    return nlp


def test_the_shared_pipeline_uses_the_memoised_components():
    nlp = get_nlp()
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "MemoAttributeRuler"
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "MemoLemmatizer"


@pytest.mark.parametrize("text", TEXTS)
def test_token_attributes_equal_the_stock_pipeline(stock, text):
    ours = get_nlp()(text)
    theirs = stock(text)
    assert ours.to_array(ATTRS).tolist() == theirs.to_array(ATTRS).tolist()
    assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]


def test_repeated_texts_are_answered_from_memory_with_the_same_result(stock):
    nlp = get_nlp()
    first = [nlp(text).to_array(ATTRS).tolist() for text in TEXTS]
    again = [nlp(text).to_array(ATTRS).tolist() for text in TEXTS]
    assert first == again == [stock(text).to_array(ATTRS).tolist() for text in TEXTS]


def test_the_models_multiply_with_numpy_not_blis():
    """OpenBLAS through numpy is several times faster than BLIS here (bench/throughput.py)."""
    from thinc.api import NumpyOps

    for name in ("tok2vec", "parser", "ner"):
        ops = get_nlp().get_pipe(name).model.ops
        assert isinstance(ops, NumpyOps) and ops.use_blis is False, name


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_the_inference_maxout_gives_thincs_maxima(pieces):
    import numpy
    from thinc.api import NumpyOps

    ops = get_nlp().get_pipe("tok2vec").model.ops
    values = numpy.random.default_rng(pieces).integers(-3, 3, size=(57, 96, pieces)).astype("float32")
    best, _ = ops.maxout(values)  # many ties, negative values
    expected, _ = NumpyOps().maxout(values)
    assert best.dtype == expected.dtype and best.flags.c_contiguous
    assert numpy.array_equal(best, expected)


def test_a_full_memo_is_replaced_under_a_thread_still_reading_it(monkeypatch, stock):
    """With every call starting a new memo, threads parsing at once still get the stock attributes
    (a memo cleared in place once made another thread's lookup raise KeyError: a 500 in the soak)."""
    from concurrent.futures import ThreadPoolExecutor

    from service.analysis.nlp import memo_pipes

    monkeypatch.setattr(memo_pipes, "_MAX_ENTRIES", 0)
    nlp = get_nlp()
    texts = [text for text in TEXTS if text.strip()] * 6
    with ThreadPoolExecutor(4) as pool:
        ours = list(pool.map(lambda text: nlp(text).to_array(ATTRS).tolist(), texts))
    assert ours == [stock(text).to_array(ATTRS).tolist() for text in texts]


def test_a_full_memo_is_left_intact_for_its_readers_and_a_new_one_started():
    """A thread that learned keys into the full memo still finds them there (deterministic form of
    the race above): the memo is replaced, never cleared in place."""
    from service.analysis.nlp import memo_pipes

    nlp = get_nlp()
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    nlp(TEXTS[0])
    before = (ruler.results, lemmatizer.lemmas)
    try:
        full_results, full_lemmas = dict(ruler.results), dict(lemmatizer.lemmas)
        full_results.update({("filler", i): None for i in range(memo_pipes._MAX_ENTRIES + 1)})
        full_lemmas.update({("filler", i): None for i in range(memo_pipes._MAX_ENTRIES + 1)})
        sizes = len(full_results), len(full_lemmas)
        ruler.results, lemmatizer.lemmas = full_results, full_lemmas
        tokens = len(nlp(TEXTS[1]))
        assert (len(full_results), len(full_lemmas)) == sizes
        assert 0 < len(ruler.results) <= tokens and 0 < len(lemmatizer.lemmas) <= tokens
    finally:
        ruler.results, lemmatizer.lemmas = before
