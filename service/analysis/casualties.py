"""Casualty facts: people killed, injured and missing, with count, qualifier, scope, source and evidence.

The steps: find the casualty statements of each sentence (casualty_mentions), add up the victim
groups a sentence names, place each statement (casualty_context), derive the injured from people
shot when no injured figure is written, and roll up the headline figures in ``totals``.
"""

from __future__ import annotations

import os
import re

from spacy.tokens import Doc, Span

from service.analysis.casualty_context import date_of, location_of, scope_of, source_of
from service.analysis.casualty_mentions import Mention, mentions_in
from service.analysis.model import Casualty, Context, Count, Evidence
from service.analysis.nlp import get_nlp

KINDS = ("killed", "injured", "missing")
# "PORT MORESBY, Papua New Guinea — ", "WILKES-BARRE, Pa. (AP) – ": a dateline the parser reads as a subject.
_NAME = r"[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3}"
_DATELINE = re.compile(rf"\s*{_NAME}(?:, {_NAME})?(?: \([^)]{{1,20}}\))? ?[\u2014\u2013-]{{1,2}} ")


def extract(doc: Doc, context: Context) -> list[Casualty]:
    """One Casualty per sentence and kind that states a figure, plus the injured derived from "shot"."""
    found: list[Casualty] = []
    shot: list[Casualty] = []
    for sent in doc.sents:
        clause = _without_dateline(sent)
        mentions = mentions_in(clause)
        if not mentions:
            continue
        place = _placement(sent, clause, doc, context)
        for kind, count, victims in _per_kind(mentions):
            item = Casualty(kind=kind, count=count.count, min=count.min, max=count.max,
                            qualifier=count.qualifier, victims=victims, **place)  # fmt: skip
            (shot if kind == "shot" else found).append(item)
    return found + _derived_injured(found, shot)


def totals(casualties) -> dict:
    """The headline figure per kind: the largest figure stated for the story's own event, else None."""
    out: dict[str, int | None] = {}
    for kind in KINDS:
        counts = [c.count for c in casualties if c.kind == kind and c.scope == "event" and c.count is not None]
        if os.environ.get("RULE") == "first":
            out[kind] = counts[0] if counts else None
        else:
            out[kind] = max(counts) if counts else None
    return out


def _without_dateline(sent: Span) -> Span:
    """The sentence re-parsed without its dateline, which would otherwise be read as its subject."""
    found = _DATELINE.match(sent.text)
    if found is None or sent.start_char > 300:
        return sent
    return get_nlp()(sent.text[found.end() :])[:]


def _placement(sent: Span, clause: Span, doc: Doc, context: Context) -> dict:
    """Evidence, scope, source, place and date shared by every statement of one sentence."""
    evidence = _evidence(sent, context)
    return {
        "evidence": evidence,
        "scope": scope_of(sent, context),
        "source": source_of(clause, context),
        "location": location_of(sent, doc),
        "date": date_of(context, evidence.start, evidence.end),
    }


def _evidence(sent: Span, context: Context) -> Evidence:
    """The sentence without surrounding whitespace, with its offsets into the article text."""
    raw = context.text[sent.start_char : sent.end_char]
    start = sent.start_char + len(raw) - len(raw.lstrip())
    end = sent.start_char + len(raw.rstrip())
    return Evidence(text=context.text[start:end], start=start, end=end)


def _per_kind(mentions: list[Mention]) -> list[tuple[str, Count, str | None]]:
    """Add up the victim groups of each kind in one sentence ("a man and two women" → 3)."""
    out = []
    for kind in ("killed", "injured", "missing", "shot"):
        group = [m for m in mentions if m.kind == kind]
        if group:
            out.append((kind, _sum(group), group[0].victims))
    return out


def _sum(group: list[Mention]) -> Count:
    """The total of several victim groups; an ordinal ("a fourth victim") is a running total already."""
    addends = [m.count for m in group if not m.ordinal]
    ordinals = [m.count.count for m in group if m.ordinal]
    if len(addends) == 1 and not ordinals:
        return addends[0]
    known = [c for c in addends if c.count is not None]
    total = sum(c.count for c in known)
    if ordinals and max(ordinals) >= total:
        n = max(ordinals)
        return Count(n, n, n, "exact")
    if not known:
        return addends[0]
    exact = all(c.qualifier == "exact" for c in known)
    return Count(total, total, total if exact else None, "exact" if exact else known[0].qualifier)


def _derived_injured(found: list[Casualty], shot: list[Casualty]) -> list[Casualty]:
    """People shot who did not die are injured ("four people were shot, one fatally" → 3 injured)."""
    event = [c for c in found if c.scope == "event"]
    if any(c.kind == "injured" and c.count for c in event):
        return []
    hit = [c for c in shot if c.scope == "event" and c.count is not None]
    if not hit:
        return []
    best = max(hit, key=lambda c: c.count)
    killed = totals(event)["killed"] or 0
    if best.count <= killed:
        return []
    n = best.count - killed
    return [Casualty(kind="injured", count=n, min=n, max=n, qualifier="exact", evidence=best.evidence,
                     victims=best.victims, scope="event", location=best.location, date=best.date,
                     source=best.source)]  # fmt: skip
