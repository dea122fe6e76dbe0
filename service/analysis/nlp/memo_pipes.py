"""Memoised stand-ins for spaCy's attribute ruler and rule lemmatizer, with identical output.

The stock components run a 179-pattern Matcher and a Python rule lemmatizer over every token
of every document: about a fifth of the parse time. Their output for a token depends only on
a few of its attributes (and, for a handful of multi-token patterns, on its neighbours), so we
compute it once per distinct key with the stock component itself and replay it with arrays.
"""

# No ``from __future__ import annotations``: spaCy reads the factories' annotations at run time.
import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The attributes a memoised attribute ruler reads (key) and may write (value).
_KEY = [TAG, ORTH, DEP, POS, MORPH, LEMMA]
_OUT = [TAG, DEP, POS, MORPH, LEMMA]
# Keys (token attributes) grow with every new word; a full memo starts over. 25,000 keys hold the
# common vocabulary many times over, in about 6 MB per memo (100,000 took about 25 MB, the two memos
# together about a tenth of a worker's growth over 1,000 requests: bench/soak.py).
_MAX_ENTRIES = 25_000


class MemoAttributeRuler:
    """The stock attribute ruler's result per token key, replayed; falls back to it when unsure."""

    def __init__(self, stock) -> None:
        self.stock = stock
        written = {attr for attrs in stock.attrs for attr in attrs}
        self.exact = written <= set(_OUT)
        self.multi = Matcher(stock.vocab)
        for key, patterns in _multi_token_patterns(stock).items():
            self.multi.add(key, patterns)
        # key → (ids of the one-token patterns that match it, the attributes they leave)
        self.results: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set POS, MORPH, LEMMA (and the few TAG/DEP fixes) as the stock ruler would."""
        if not self.exact or len(doc) == 0:
            return self.stock(doc)
        # A full memo is replaced, not cleared: a thread still reading the old one keeps what it
        # learned (clearing it under another thread's feet once made that thread's lookup fail).
        results = self.results
        if len(results) > _MAX_ENTRIES:
            results = self.results = {}
        keys = [tuple(row) for row in doc.to_array(_KEY).tolist()]
        self._learn({key for key in keys if key not in results}, results)
        extra = self._multi_targets(doc)
        out = [
            self._apply(key, extra[i], results) if i in extra else results[key][1]
            for i, key in enumerate(keys)
        ]
        doc.from_array(_OUT, numpy.array(out, dtype="uint64"))
        return doc

    def _learn(self, keys: set[tuple], results: dict) -> None:
        """Run the stock ruler's one-token patterns once over a Doc holding each new key as a token."""
        if not keys:
            return
        keys = sorted(keys)
        doc = _lone_tokens(self.stock.vocab, keys)
        ids: list[list[int]] = [[] for _ in keys]
        for attr_id, _, start, end in self.stock.match(doc):
            if end - start == 1:
                ids[start].append(attr_id)
        for token, found in zip(doc, ids, strict=True):
            for attr_id in found:
                set_token_attrs(token, self.stock.attrs[attr_id])
        for key, found, out in zip(keys, ids, doc.to_array(_OUT).tolist(), strict=True):
            results[key] = (tuple(found), tuple(out))

    def _multi_targets(self, doc: Doc) -> dict[int, list[int]]:
        """Token index → ids of the multi-token patterns that write to it."""
        targets: dict[int, list[int]] = {}
        for match_id, start, end in self.multi(doc, allow_missing=True):
            attr_id = int(self.stock.vocab.strings[match_id])
            index = self.stock.indices[attr_id]
            targets.setdefault((end if index < 0 else start) + index, []).append(attr_id)
        return targets

    def _apply(self, key: tuple, extra: list[int], results: dict) -> tuple[int, ...]:
        """Apply one-token and multi-token patterns in the stock ruler's order (pattern id) to a copy."""
        token = _lone_tokens(self.stock.vocab, [key])[0]
        for attr_id in sorted([*results[key][0], *extra]):
            set_token_attrs(token, self.stock.attrs[attr_id])
        return tuple(token.doc.to_array(_OUT)[0].tolist())


class MemoLemmatizer:
    """The stock rule lemmatizer's lemma per (orth, pos, morph), replayed with arrays."""

    def __init__(self, stock) -> None:
        self.stock = stock
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token that has none, as the stock lemmatizer would."""
        if self.stock.mode != "rule" or self.stock.overwrite or len(doc) == 0:
            return self.stock(doc)
        memo = self.lemmas
        if len(memo) > _MAX_ENTRIES:
            memo = self.lemmas = {}  # replaced, not cleared, as in MemoAttributeRuler
        if not self.stock._validated:
            self.stock._validate_tables()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = [row[3] or self._lemma(doc, i, tuple(row[:3]), memo) for i, row in enumerate(rows)]
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int], memo: dict) -> int:
        found = memo.get(key)
        if found is None:
            lemma = self.stock.lemmatize(doc[i])[0]
            found = memo[key] = doc.vocab.strings.add(lemma)
        return found


def _multi_token_patterns(stock) -> dict[str, list]:
    """The stock ruler's patterns that span more than one token, under its match keys (entry index)."""
    found: dict[str, list] = {}
    for attr_id, entry in enumerate(stock.patterns):
        longer = [pattern for pattern in entry["patterns"] if len(pattern) > 1]
        if longer:
            found[str(attr_id)] = longer
    return found


def _lone_tokens(vocab, keys: list[tuple]) -> Doc:
    """A Doc with one token per key, each carrying that key's attributes."""
    words = [vocab.strings[key[1]] for key in keys]
    doc = Doc(vocab, words=words, spaces=[True] * len(words))
    values = [[tag, dep, pos, morph, lemma] for tag, _, dep, pos, morph, lemma in keys]
    doc.from_array(_OUT, numpy.array(values, dtype="uint64"))
    return doc


@Language.factory("memo_attribute_ruler", default_config={"stock": "attribute_ruler"})
def make_memo_attribute_ruler(nlp: Language, name: str, stock: str) -> MemoAttributeRuler:
    """A memoised wrapper around the pipeline's existing attribute ruler ``stock``."""
    return MemoAttributeRuler(nlp.get_pipe(stock))


@Language.factory("memo_lemmatizer", default_config={"stock": "lemmatizer"})
def make_memo_lemmatizer(nlp: Language, name: str, stock: str) -> MemoLemmatizer:
    """A memoised wrapper around the pipeline's existing rule lemmatizer ``stock``."""
    return MemoLemmatizer(nlp.get_pipe(stock))
