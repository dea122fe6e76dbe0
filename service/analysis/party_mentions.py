"""Every mention of a possible party in one document: known actors, people, other organisations.

The gazetteer's phrase matcher finds states (names, demonyms, capitals, seats, organs), international
bodies and armed groups; the model's entities add people and organisations it does not know. Each
token belongs to at most one mention; later steps (``parties.py``) merge mentions into actors.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from service.analysis import party_people as people
from service.analysis.party_gazetteer import Entry, entries, lookup, matcher, words
from service.analysis.party_roles import dateline_end, has_agency, is_located, is_place, organ_span

NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})
GROUP_WORDS = frozenset(
    {
        "rebels",
        "militia",
        "militants",
        "gang",
        "cartel",
        "front",
        "brigade",
        "brigades",
        "movement",
        "fighters",
        "insurgents",
        "army",
    }
)


@dataclass
class Mention:
    """One surface form of an actor; ``key`` groups mentions of the same actor."""

    start: int
    end: int
    surface: str
    key: str
    type: str
    agentive: bool = True
    id: str | None = None
    title: str | None = None
    affiliation: str | None = None
    place: bool = False


def _own_org(span: Span) -> Span | None:
    """An ORG entity that names a body of its own although it starts with a state ("Burundi Red Cross")."""
    if span.label_ != "ORG" or not any(t.lower_ in words()["non_state_words"] for t in span):
        return None
    start = span.start + (span[0].lower_ == "the")
    return span.doc[start : span.end]


def _known_spans(doc: Doc) -> list[tuple[Span, Entry]]:
    table = entries()
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc.vocab)(doc)])
    blockers = [people.strip_title(ent)[0] for ent in doc.ents if ent.label_ == "PERSON"]
    blockers += [own for own in map(_own_org, doc.ents) if own is not None]
    kept = []
    for span in spans:
        inside = [b for b in blockers if b.start <= span.start and span.end <= b.end and len(b) > len(span)]
        if not inside:
            kept.append((span, table[span.text]))
    return kept


def known_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """States, international bodies and armed groups the gazetteer knows."""
    dateline, found = dateline_end(doc), []
    for span, entry in _known_spans(doc):
        if span.start in taken:
            continue
        actor = entry.actor
        organ = organ_span(span) if actor.type == "country" else None
        surface = organ if organ is not None and entry.form != "organ" else span
        if actor.type == "country" and entry.form in {"seat", "organ"}:
            agentive = not is_located(span)
        elif actor.type == "country":
            agentive = has_agency(span, entry.form, dateline)
        else:
            agentive = True
        taken.update(range(surface.start, surface.end))
        found.append(
            Mention(
                surface.start,
                surface.end,
                _clean(surface),
                "actor:" + actor.name,
                actor.type,
                agentive,
                id=actor.id,
            )
        )
    return found


def _clean(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[0].lower_ in {"the", "a", "an"}:
        tokens = tokens[1:]
    while tokens and tokens[-1].text in {"'s", "'", "’s", "’"}:
        tokens = tokens[:-1]
    return "".join(t.text_with_ws for t in tokens).strip()


def _affiliation(doc: Doc, start: int, by_end: dict[int, Mention]) -> str | None:
    """The state or body named right before a title ("German" in "German Chancellor")."""
    if start > 0 and doc[start - 1].text in {"'s", "’s"}:
        start -= 1
    before = by_end.get(start)
    return before.key.removeprefix("actor:") if before is not None else None


def person_mentions(doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
    """Named people from PERSON entities, with the titles and affiliations their names carry."""
    by_end = {m.end: m for m in known}
    found = []
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ != "PERSON" and not (ent.label_ in NAME_LABELS and people.is_named_person(ent)):
            continue
        ent = people.extend_left(ent)
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        name, inner = people.strip_title(ent)
        if not len(name) or not people.is_plausible_name(name) or lookup(name.text):
            continue
        outer, title_start = people.title_before(ent)
        title = " ".join(outer + inner) or None
        affiliation = _affiliation(doc, title_start, by_end) if title else None
        taken.update(range(ent.start, ent.end))
        found.append(
            Mention(
                name.start,
                name.end,
                name.text,
                "person:" + name.text,
                "person",
                title=title,
                affiliation=affiliation,
                place=not title and is_place(name),
            )
        )
    return found


def surname_mentions(doc: Doc, taken: set[int], persons: list[Mention]) -> list[Mention]:
    """Parts of full names used alone, whatever label the model gave them ("Trump" as ORG)."""
    parts = {tok for m in persons if " " in m.surface for tok in people.name_tokens(m.surface)}
    found, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and doc[j].text in parts and doc[j].text[:1].isupper():
            j += 1
        if j > i:
            found.append(
                Mention(i, j, doc[i:j].text, "person:" + doc[i:j].text, "person", place=is_place(doc[i:j]))
            )
            taken.update(range(i, j))
        i = max(j, i + 1)
    return found


def org_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Organisations the gazetteer does not know, and sub-national bodies ("Kaduna state government")."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in {"ORG", "GPE", "FAC"} or any(i in taken for i in range(ent.start, ent.end)):
            continue
        span = organ_span(ent) if ent.label_ != "ORG" else ent
        if span is None:
            continue
        surface = _clean(span)
        if not surface or surface in words()["media"] or surface in words()["not_parties"]:
            continue
        if span.label_ == "ORG" and is_located(span) and len(span) == 1:
            continue
        taken.update(range(span.start, span.end))
        entry = lookup(surface)
        if entry is not None:
            actor = entry.actor
            found.append(
                Mention(span.start, span.end, surface, "actor:" + actor.name, actor.type, id=actor.id)
            )
            continue
        kind = "group" if any(t.lower_ in GROUP_WORDS for t in span) else "organization"
        found.append(
            Mention(
                span.start,
                span.end,
                surface,
                "org:" + surface.casefold(),
                kind,
                place=is_place(span) or ent.label_ in ("GPE", "LOC", "FAC") and span is ent,
            )
        )
    return found


def collective_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Named collectives that act together ("European leaders voiced concern")."""
    found = []
    for token in doc[:-1]:
        after = doc[token.i + 1]
        if token.i in taken or token.text not in words()["collective_regions"]:
            continue
        if after.lower_ in words()["collective_nouns"]:
            surface = f"{token.text} {after.lower_}"
            taken.update({token.i, after.i})
            found.append(Mention(token.i, after.i + 1, surface, "org:" + surface.casefold(), "group"))
    return found


def collect(doc: Doc) -> list[Mention]:
    """All mentions of possible parties in document order."""
    taken: set[int] = set(range(dateline_end(doc)))
    known = known_mentions(doc, taken)
    persons = person_mentions(doc, taken, known)
    found = known + persons + surname_mentions(doc, taken, persons)
    found += org_mentions(doc, taken) + collective_mentions(doc, taken)
    return sorted(found, key=lambda m: m.start)
