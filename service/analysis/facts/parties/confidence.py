"""How likely each party is an actor of the story (a calibrated probability).

Features of the merged entry (type, how often and how early it is named, title, affiliation,
aliases, whether the headline names it) and of the document; the model is
``confidence_model.json``, built by ``bench/train_confidence.py``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from service.analysis.facts.confidence import load, probability
from service.analysis.model import Context, Party

MODEL = Path(__file__).parent / "confidence_model.json"


def features(party: Party, parties: list[Party], context: Context) -> dict[str, float]:
    forms = [party.name, *party.aliases]
    text = context.text
    first = min((i for i in (text.find(f) for f in forms) if i >= 0), default=len(text))
    title = (context.title or "").lower()
    return {
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


def rate(parties: list[Party], context: Context) -> list[Party]:
    """The parties with their ``confidence`` (unchanged without a model)."""
    model = load(MODEL)
    if model is None:
        return parties
    return [replace(p, confidence=probability(model, features(p, parties, context))) for p in parties]
