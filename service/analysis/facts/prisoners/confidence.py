"""How likely each prisoner figure is one the story reports for its event (a calibrated probability).

Features of the figure itself (kind, status, qualifier, size, sides, place in the text) and of its
document (how many figures, whether the title repeats it); the model is ``confidence_model.json``,
built by ``bench/train_confidence.py``.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from service.analysis.facts.confidence import load, probability
from service.analysis.model import Context, Prisoners

MODEL = Path(__file__).parent / "confidence_model.json"


def features(item: Prisoners, items: list[Prisoners], context: Context) -> dict[str, float]:
    count = item.count or 0
    chars = max(len(context.text), 1)
    same = [p for p in items if p.count == item.count]
    named = {
        f"kind_{item.kind}": 1.0,
        f"status_{item.status}": 1.0,
        f"qualifier_{item.qualifier}": 1.0,
        "log_count": math.log1p(count),
        "no_count": float(item.count is None),
        "position": item.evidence.start / chars,
        "sides": float(len(item.parties)),
        "victims": float(item.victims is not None),
        "dated": float(item.date is not None),
        "repeats": float(len(same) - 1),
        "same_kind_figures": float(sum(p.kind == item.kind for p in items)),
        "figures": float(len(items)),
        "largest_of_kind": float(
            count == max((p.count or 0 for p in items if p.kind == item.kind), default=0)
        ),
        "in_title": float(item.count is not None and str(item.count) in (context.title or "")),
        "furniture": float(context.furniture_at(item.evidence.start) is not None),
        "evidence_words": math.log1p(len(item.evidence.text.split())),
    }
    return named


def rate(items: list[Prisoners], context: Context) -> list[Prisoners]:
    """The items with their ``confidence`` (unchanged without a model)."""
    model = load(MODEL)
    if model is None:
        return items
    return [replace(p, confidence=probability(model, features(p, items, context))) for p in items]
