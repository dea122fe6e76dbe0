"""How likely each party is an actor of the story (a calibrated probability), and which to keep.

Features of the merged entry (type, how often and how early it is named, title, affiliation,
aliases, whether the headline names it), of the document, and of the roles its mentions play in
the parsed text: an actor is the subject of a clause or a source ("said"), named in the lede; a
name used only as a modifier ("the Libyan captain"), a place ("in Iraq") or inside a quotation is
rarely one. The model is ``confidence_model.json``, built by ``bench/train_confidence.py``, which
also chooses ``keep_at``: entries rated below it are more often wrong than worth keeping (chosen
on held-out folds of the training stories).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, Token

from service.analysis.facts.confidence import load, probability
from service.analysis.model import Context, Party

MODEL = Path(__file__).parent / "confidence_model.json"
SUBJECT_DEPS = ("nsubj", "nsubjpass")
MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
SPEECH_VERBS = ("say", "tell", "announce", "confirm", "report", "claim", "accuse", "deny", "state", "add")
PLACE_PREPS = ("in", "from", "to", "near", "at", "across", "inside", "into", "outside")
LEDE_SENTENCES = 2


def features(
    party: Party, parties: list[Party], context: Context, doc: Doc | None = None, layout: tuple | None = None
) -> dict[str, float]:
    """``layout`` is ``layout_of(doc)``, computed once per document by the caller."""
    forms = [party.name, *party.aliases]
    text = context.text
    first = min((i for i in (text.find(f) for f in forms) if i >= 0), default=len(text))
    title = (context.title or "").lower()
    found = {
        f"type_{party.type}": 1.0,
        "log_mentions": math.log1p(party.mentions),
        "first_position": first / max(len(text), 1),
        "in_title": float(any(f.lower() in title for f in forms if f)),
        "has_title": float(party.title is not None),
        "has_affiliation": float(party.affiliation is not None),
        "aliases": float(len(party.aliases)),
        "name_words": float(len(party.name.split())),
        "known_state": float(party.id is not None),
        "parties": float(len(parties)),
        "rank": parties.index(party) / max(len(parties), 1),
        "only_in_furniture": float(first < len(text) and context.furniture_at(first) is not None),
    }
    if doc is not None:
        text, lede_end = layout or layout_of(doc)
        found.update(role_features(_heads(doc, forms, text), lede_end))
    return found


def layout_of(doc: Doc) -> tuple[str, int]:
    """The doc's text (spaCy rebuilds it on every access) and where its lede ends."""
    return doc.text, _lede_end(doc)


def _heads(doc: Doc, forms: list[str], text: str) -> list[Token]:
    """The syntactic head of each place in the text where one of ``forms`` is written."""
    heads = []
    for form in {f for f in forms if f and len(f) > 1}:
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and len(span):
                heads.append(span.root)
    return list({t.i: t for t in heads}.values())


def role_features(heads: list[Token], lede_end: int) -> dict[str, float]:
    """How the party's mentions sit in their sentences: fractions and flags over its mentions."""
    if not heads:
        return {"mentions_found": 0.0}
    n = len(heads)
    subject = [h for h in heads if h.dep_ in SUBJECT_DEPS or (h.dep_ == "pobj" and h.head.lower_ == "by")]
    speaker = [h for h in subject if h.head.lemma_ in SPEECH_VERBS]
    modifier = [h for h in heads if h.dep_ in MODIFIER_DEPS]
    place = [h for h in heads if h.dep_ == "pobj" and h.head.lower_ in PLACE_PREPS]
    quoted = [h for h in heads if _in_quotes(h)]
    return {
        "mentions_found": math.log1p(n),
        "subject_share": len(subject) / n,
        "is_speaker": float(bool(speaker)),
        "is_object": float(any(h.dep_ in ("dobj", "nsubjpass") for h in heads)),
        "modifier_share": len(modifier) / n,
        "place_share": len(place) / n,
        "quoted_share": len(quoted) / n,
        "in_lede": float(any(h.i < lede_end for h in heads)),
    }


def _lede_end(doc: Doc) -> int:
    """Where the first LEDE_SENTENCES sentences with words end."""
    end, seen = 0, 0
    for sent in doc.sents:
        if seen == LEDE_SENTENCES:
            break
        if any(t.is_alpha for t in sent):
            end, seen = sent.end, seen + 1
    return end


def _in_quotes(token: Token) -> bool:
    """Inside a quotation of its sentence (an odd number of quote marks before it)."""
    sent = token.sent
    marks = sum(1 for t in sent if t.i < token.i and t.text in ('"', "“", "”"))
    return marks % 2 == 1


def rate(parties: list[Party], context: Context, doc: Doc | None = None) -> list[Party]:
    """The parties with their ``confidence`` (unchanged without a model)."""
    model = load(MODEL)
    if model is None:
        return parties
    layout = layout_of(doc) if doc is not None else None
    return [
        replace(p, confidence=probability(model, features(p, parties, context, doc, layout))) for p in parties
    ]


def kept(parties: list[Party]) -> list[Party]:
    """The rated parties the model thinks worth keeping (all of them without a model or a threshold)."""
    model = load(MODEL)
    threshold = (model or {}).get("keep_at")
    if threshold is None:
        return parties
    return [p for p in parties if p.confidence is None or p.confidence >= threshold]
