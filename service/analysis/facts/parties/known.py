"""Mentions of the actors the gazetteer knows: states and their organs, international bodies, groups."""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from service.analysis.facts.parties import roles
from service.analysis.facts.parties.gazetteer import Actor, Entry, entries, matcher, words
from service.analysis.facts.parties.mention import Mention, clean, is_free
from service.analysis.facts.parties.titles import strip_title


def _own_org(span: Span) -> Span | None:
    """An ORG entity naming a body of its own around a known name ("Burundi Red Cross")."""
    if span.label_ != "ORG" or not any(t.lower_ in words()["non_state_words"] for t in span):
        return None
    start = span.start
    while start < span.end - 1 and span.doc[start].pos_ in {"ADJ", "VERB", "ADV", "DET"}:
        start += 1
    return span.doc[start : span.end]


def _known_spans(doc: Doc) -> list[tuple[Span, Entry]]:
    """Gazetteer matches, except states inside a person's or another body's name ("Chad Smith")."""
    table = entries()
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc.vocab)(doc)])
    blockers = [strip_title(ent)[0] for ent in doc.ents if ent.label_ == "PERSON"]
    blockers += [own for own in map(_own_org, doc.ents) if own is not None]
    states = [span for span in spans if table[span.text].actor.type == "country"]
    kept = []
    for span in spans:
        entry = table[span.text]
        inside = [b for b in blockers if b.start <= span.start and span.end <= b.end and len(b) > len(span)]
        if entry.actor.type != "country":  # "Red Cross" yields only to "Burundi Red Cross"
            inside = [b for b in inside if any(b.start <= s.start and s.end <= b.end for s in states)]
        if not inside:
            kept.append((span, entry))
    return kept


def _agency(span: Span, entry: Entry, dateline: int) -> bool:
    """Seats and organs act unless they are places ("at the Kremlin"); other forms per ``roles``."""
    if entry.actor.type != "country":
        return roles.group_has_agency(span, entry.actor.type)
    if entry.form in {"seat", "organ"}:
        return not roles.is_located(span)
    return roles.has_agency(span, entry.form, dateline)


def _organ(span: Span, entry: Entry, starts: set[int]) -> Span | None:
    """The organ a state mention starts, unless it runs into another known actor ("Libya's GNA")."""
    if entry.actor.type != "country" or entry.form == "organ":
        return None
    organ = roles.organ_span(span)
    if organ is None or any(i in starts for i in range(span.end, organ.end)):
        return None
    return organ


def _inside_place_name(span: Span) -> bool:
    """The name is the end of a longer place name ("Gulf of Guinea", "Sea of Japan")."""
    ent = next((e for e in span.doc.ents if e.start <= span.start and span.end <= e.end), None)
    if ent is None or ent.label_ not in ("LOC", "FAC") or len(ent) <= len(span):
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before is not None and before.lower_ == "of" and before.i > ent.start


def known_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """States, international bodies and armed groups the gazetteer knows."""
    dateline, found = roles.dateline_end(doc), []
    spans = _known_spans(doc)
    starts = {span.start for span, _ in spans}
    inside = {i for span, _ in spans for i in range(span.start, span.end)}
    for span, entry in spans:
        if not is_free(span, taken):
            continue
        if entry.actor.type == "country" and _inside_place_name(span):
            continue  # "the Gulf of Guinea", "the Gulf of Aden": a sea, not the state
        actor = entry.actor
        organ = _organ(span, entry, starts)
        surface = organ or span
        taken.update(range(surface.start, surface.end))
        # "Libya's Tripoli-based Government of National Accord": the state only qualifies another actor
        qualifies = span.root.dep_ in roles.MODIFIER_DEPS and span.root.head.i in inside
        agentive = _agency(span, entry, dateline) and not (qualifies and span.root.head.i >= span.end)
        key = "actor:" + actor.name
        found.append(
            Mention(surface.start, surface.end, clean(surface), key, actor.type, agentive, id=actor.id)
        )
        if organ is not None:
            found += appositions(organ, key, actor, taken)
    return found


def appositions(organ: Span, key: str, actor: Actor, taken: set[int]) -> list[Mention]:
    """The name given to an organ in apposition: "Turkey's disaster management agency, AFAD"."""
    found = []
    for child in organ.root.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i not in taken:
            taken.add(child.i)
            found.append(Mention(child.i, child.i + 1, child.text, key, actor.type, id=actor.id))
    return found
