"""Runs the fact extractors in order over one parsed document.

Each extractor module exposes ``extract(doc, context) -> list`` of frozen dataclasses.
Steps run in the order listed: dates and parties first, so that the casualty and
prisoner steps can read ``context.dates`` and ``context.parties``.
A fact type whose module is not listed here is absent from the response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from service.analysis import timing
from service.analysis.facts import casualties, dates, parties, prisoners
from service.analysis.facts.parties.confidence import kept as kept_parties
from service.analysis.facts.parties.confidence import rate as rate_parties
from service.analysis.facts.parties.credits import story_parties
from service.analysis.facts.parties.gazetteer import lookup
from service.analysis.facts.prisoners.confidence import rate as rate_prisoners
from service.analysis.model import Context, Facts, Party, Prisoners

# (fact type, extractor); extended as each fact module lands.
STEPS: list[tuple[str, Callable]] = [
    ("dates", dates.extract),
    ("parties", parties.extract),
    ("casualties", casualties.extract),
    ("prisoners", prisoners.extract),
]


def extract_facts(doc: Doc, context: Context, *, include: Iterable[str] | None = None) -> Facts:
    """Run every listed extractor (or those in ``include``) and collect their results."""
    wanted = set(include) if include is not None else None
    found: dict[str, tuple] = {}
    for name, extract in STEPS:
        if wanted is not None and name not in wanted and name not in ("dates", "parties"):
            continue
        with timing.step(name):
            items = tuple(extract(doc, context))
        if name == "dates":
            context.dates = list(items)
        elif name == "parties":
            context.parties = story_parties(list(items), context)
            rated = rate_parties(context.parties, context, doc)
            items = tuple(kept_parties(rated))
        elif name == "prisoners":
            items = tuple(rate_prisoners(list(items), context))
        if wanted is None or name in wanted:
            found[name] = items
    if "prisoners" in found and "parties" in found:
        found["parties"] = _with_sides(found["parties"], found["prisoners"], rated, context, doc)
    totals = totals_confidence = None
    if "casualties" in found:
        items, totals, totals_confidence = casualties.headline_figures(list(found["casualties"]), context)
        found["casualties"] = tuple(items)
    return Facts(totals=totals, totals_confidence=totals_confidence or None, **found)


def _with_sides(
    kept: tuple[Party, ...], facts: tuple[Prisoners, ...], rated: list[Party], context: Context, doc: Doc
) -> tuple:
    """The kept parties, and every country or party named as a side of a prisoner fact: who frees,
    holds or is freed acts in the story's event ("Pakistan freed 220 Indian fishermen": India too),
    whatever the keep model thought of its mentions."""
    names = {p.name for p in kept}
    sides = {side for fact in facts if fact.status == "done" for side in fact.parties} - names
    known = {p.name: p for p in rated}
    countries = [_country(side) for side in sides - set(known)]
    new = [Party(name=actor.name, type="country", id=actor.id) for actor in countries if actor is not None]
    added = [known[side] for side in sides if side in known] + rate_parties(new, context, doc)
    return kept + tuple(sorted(added, key=lambda p: p.name))


def _country(name: str):
    """The gazetteer's country called exactly ``name`` (a side named by the country table), or None."""
    entry = lookup(name)
    if entry is None or entry.actor.type != "country" or entry.actor.name != name:
        return None
    return entry.actor
