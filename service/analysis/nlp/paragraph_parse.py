"""Parses a document's paragraphs side by side, with the context of the whole document.

spaCy's parser and NER walk a document one transition at a time, and with a single document
each step multiplies a one-row matrix: the call overhead, not the arithmetic, is most of their
cost. Paragraphs are sentence boundaries anyway (``newline_sentences``), so we hand the two
transition-based components a document's paragraphs as a batch and they step through all of
them at once.

What each token sees stays as in the whole document: the shared tok2vec and the tagger run over
the whole document first and each paragraph carries its rows of that tensor to the parser;
the NER's own tok2vec is wrapped (``_wrap_ner_tok2vec``) so that it too embeds the whole
document, not the cut-out paragraphs. Only the transition systems' look-ahead at a paragraph's
last token differs, which changed about 1 dependency arc in 900 and no benchmark score
(bench/throughput.py, bench/quality.py). About a fifth less parse time.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_SPACE
from spacy.language import Language
from spacy.pipeline import Tok2Vec
from spacy.tokens import Doc
from thinc.api import Model

TRANSITION_COMPONENTS = ("parser", "ner")
PARSE_ATTRS = [HEAD, DEP, ENT_IOB, ENT_TYPE]  # what the two write
# A tok2vec keeps every layer's output for every token of its batch until it returns: about 7 KB a
# token, 70 MB for a 10,000-token article, twice (the shared tok2vec, then the NER's own). A long
# document's rows are computed CHUNK_TOKENS at a time, each chunk with MARGIN tokens of context on
# either side. A row depends on its token and 4 tokens each side (4 window-1 convolution layers),
# so the rows are the same as in one piece (tests/analysis/test_paragraph_parse.py compares them).
CHUNK_TOKENS = 1500
MARGIN = 16


class _Batch:
    """The paragraphs being parsed: where each lies in its whole Doc, and the NER's tok2vec rows
    of each whole Doc once computed."""

    def __init__(self, docs: list[Doc], pieces: dict[int, list[tuple[int, Doc]]]) -> None:
        self.where = {id(piece): (doc, start) for doc in docs for start, piece in pieces[id(doc)]}
        self.vectors: dict[int, numpy.ndarray] = {}


_batch: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar("paragraph_batch", default=None)


class ParagraphParser:
    """Runs a loaded pipeline as it would run, but the parser and NER over paragraphs in a batch."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        names = nlp.pipe_names
        first = min(names.index(name) for name in TRANSITION_COMPONENTS)
        self.before = [pipe for name, pipe in nlp.pipeline[:first]]
        self.transition = [nlp.get_pipe(name) for name in TRANSITION_COMPONENTS]
        self.after = [pipe for name, pipe in nlp.pipeline[first:] if name not in TRANSITION_COMPONENTS]
        _wrap_ner_tok2vec(nlp.get_pipe("ner"))

    @staticmethod
    def supports(nlp: Language) -> bool:
        """A pipeline laid out like spaCy's CNN pipelines: a parser reading the shared tensor, a NER
        with its own tok2vec, and nothing between them that the two read."""
        if not all(name in nlp.pipe_names for name in (*TRANSITION_COMPONENTS, "tok2vec")):
            return False
        parser_reads_tensor = any(node.name == "tok2vec-listener" for node in _tok2vec(nlp, "parser").walk())
        ner_has_own = not any(node.name == "tok2vec-listener" for node in _tok2vec(nlp, "ner").walk())
        return parser_reads_tensor and ner_has_own

    def pipe(self, texts: Iterable[str]) -> list[Doc]:
        """Parse ``texts``: every component over whole documents but the parser and NER."""
        docs = [self.nlp.make_doc(text) for text in texts]
        docs = _run(self.before, docs)
        pieces = {id(doc): _paragraphs_of(doc) for doc in docs}
        paragraphs = [piece for doc in docs for _, piece in pieces[id(doc)]]
        token = _batch.set(_Batch(docs, pieces))
        try:
            for component in self.transition:
                for group in _groups(paragraphs):
                    # spaCy sorts a batch by length and steps through a quarter of it at a time
                    list(component.pipe(group, batch_size=4 * len(group)))
        finally:
            _batch.reset(token)
        docs = [_copy_annotations(doc, [piece for _, piece in pieces[id(doc)]]) for doc in docs]
        return _run(self.after, docs)


def _groups(paragraphs: list[Doc]) -> list[list[Doc]]:
    """The paragraphs in order, in groups of about CHUNK_TOKENS tokens: a transition component
    precomputes its first layer for every token of its batch (about 5 KB a token for the parser)."""
    groups: list[list[Doc]] = []
    size = CHUNK_TOKENS
    for paragraph in paragraphs:
        if size + len(paragraph) > CHUNK_TOKENS and (not groups or groups[-1]):
            groups.append([])
            size = 0
        groups[-1].append(paragraph)
        size += len(paragraph)
    return groups


def _run(components: list, docs: list[Doc]) -> list[Doc]:
    for component in components:
        if isinstance(component, Tok2Vec):
            component.set_annotations(docs, [chunked_predict(component.model, doc) for doc in docs])
        elif hasattr(component, "pipe"):
            docs = list(component.pipe(docs))
        else:
            docs = [component(doc) for doc in docs]
    return docs


def chunked_predict(model: Model, doc: Doc) -> numpy.ndarray:
    """A tok2vec model's rows for ``doc``, computed at most CHUNK_TOKENS (plus margins) at a time."""
    n = len(doc)
    if n <= CHUNK_TOKENS + 2 * MARGIN:
        return _rows(model, doc)
    pieces = []
    for start in range(0, n, CHUNK_TOKENS):
        end = min(start + CHUNK_TOKENS, n)
        first, last = max(0, start - MARGIN), min(n, end + MARGIN)
        pieces.append(_rows(model, doc[first:last].as_doc())[start - first : end - first])
    return numpy.concatenate(pieces)


def _rows(model: Model, doc: Doc) -> numpy.ndarray:
    """The model's rows for one Doc (the shared tok2vec answers a list per Doc, the NER's an array)."""
    out = model.predict([doc])
    return out[0] if isinstance(out, list) else out


def _tok2vec(nlp: Language, name: str) -> Model:
    return nlp.get_pipe(name).model.layers[0]


def _paragraphs_of(doc: Doc) -> list[tuple[int, Doc]]:
    """(first token, paragraph Doc) for each run of tokens up to and including a line break.

    A paragraph Doc holds only what the parser and NER read: its words and its rows of the tensor.
    """
    if not len(doc):
        return []
    words = [token.text for token in doc]
    spaces = [bool(token.whitespace_) for token in doc]
    breaks = after_line_breaks(doc)
    starts = [0, *breaks]
    ends = [*breaks, len(doc)]
    pieces = []
    for start, end in zip(starts, ends, strict=True):
        piece = Doc(doc.vocab, words=words[start:end], spaces=spaces[start:end])
        piece.tensor = doc.tensor[start:end]
        pieces.append((start, piece))
    return pieces


def after_line_breaks(doc: Doc) -> list[int]:
    """The tokens that follow a line break (spaCy keeps line breaks as whitespace tokens)."""
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]) if len(doc) else []
    return [int(i) + 1 for i in spaces if "\n" in doc[int(i)].text]


def _copy_annotations(doc: Doc, paragraphs: list[Doc]) -> Doc:
    """Write the paragraphs' parses and entities back onto their whole Doc."""
    if paragraphs:
        doc.from_array(PARSE_ATTRS, numpy.concatenate([piece.to_array(PARSE_ATTRS) for piece in paragraphs]))
    return doc


def _wrap_ner_tok2vec(ner) -> None:
    """Make the NER embed the paragraphs it is given with their whole document's context."""
    layers = ner.model.layers
    if layers[0].name != "whole_doc_tok2vec":
        layers[0] = Model("whole_doc_tok2vec", _whole_doc_forward, layers=[layers[0]])


def _whole_doc_forward(model: Model, docs: list[Doc], is_train: bool):
    """The wrapped tok2vec's rows for ``docs``, computed over their whole documents when they are
    paragraphs being parsed by ``ParagraphParser`` (in whatever order spaCy batches them)."""
    inner = model.layers[0]
    batch = _batch.get()
    if is_train or batch is None or not all(id(doc) in batch.where for doc in docs):
        return inner(docs, is_train)
    rows = []
    for doc in docs:
        whole, start = batch.where[id(doc)]
        if id(whole) not in batch.vectors:
            batch.vectors[id(whole)] = chunked_predict(inner, whole)
        rows.append(batch.vectors[id(whole)][start : start + len(doc)])
    return numpy.concatenate(rows), _no_backprop


def _no_backprop(d_output):
    raise NotImplementedError("the whole-document tok2vec is for prediction only")
