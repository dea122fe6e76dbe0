"""The tense of the clause around a temporal expression: it decides which Friday "Friday" is."""

from __future__ import annotations

from spacy.tokens import Span, Token

from service.analysis.facts.dates.lexicon import WORDS

FUTURE = frozenset(WORDS["future_markers"])
INTENT = frozenset(WORDS["intent_verbs"])
SIGNALS = tuple(WORDS["future_signals"])


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` in the dependency tree (at most four steps up).

    An adjective on the way ("payable Dec. 1", "effective Feb. 1") governs the date itself and
    carries no tense, so the search stops there.
    """
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i or token.pos_ == "ADJ":
            return None
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def _intended(verb: Token, helpers: list[Token]) -> bool:
    """ "is scheduled to close Monday", "planned to leave on Thursday", "is set for Dec. 17",
    "has scheduled a news conference Thursday"; not "countries to accede on Friday were ..."."""
    if any(child.lower_ == "to" for child in helpers):
        head = verb.head
        return head.lemma_ in INTENT and (head.lemma_ != "be" or head.tag_ in ("VBZ", "VBP"))
    present = any(child.tag_ in ("VBZ", "VBP") and child.lemma_ in ("be", "have") for child in helpers)
    return present and verb.lemma_ in INTENT and verb.lemma_ != "be"


def _signalled(span: Span, text: str) -> bool:
    """ "as early as Tuesday", "as soon as Friday": a future time whatever the verb."""
    before = text[max(0, span.start_char - 16) : span.start_char].lower()
    return any(before.rstrip().endswith(signal) for signal in SIGNALS)


def tense_of(span: Span, text: str) -> int:
    """-1 for a past-tense clause, 1 for a future one, 0 when present or unknown.

    ``text`` is the document's text (``span.doc.text`` would rebuild it on every call).
    """
    if _signalled(span, text):
        return 1
    verb = _governing_verb(span.root)
    if verb is None:
        return 0
    helpers = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {child.lower_ for child in helpers} | {verb.lower_}
    if words & FUTURE or _intended(verb, helpers):
        return 1
    # A bare participle ("shares tendered by Nov. 17", "a summit set for April") is no past tense.
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" for child in helpers):
        return -1
    if any(child.tag_ in ("VBZ", "VBP") and child.lower_ in ("has", "have") for child in helpers):
        return -1
    return 0
