"""Mentions of the actors the gazetteer knows: states and their organs, international bodies, groups.

Also the unnamed organs of the dateline's state: in "KABUL, Afghanistan — ... the Interior Ministry
said", the ministry is Afghanistan's.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from service.analysis.actors import roles
from service.analysis.actors.gazetteer import Actor, Entry, entries, matcher, words
from service.analysis.actors.mention import Mention, clean, is_free
from service.analysis.actors.people import strip_title

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "pobj"})


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


def known_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """States, international bodies and armed groups the gazetteer knows."""
    dateline, found = roles.dateline_end(doc), []
    spans = _known_spans(doc)
    starts = {span.start for span, _ in spans}
    inside = {i for span, _ in spans for i in range(span.start, span.end)}
    for span, entry in spans:
        if not is_free(span, taken):
            continue
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
    return found


def story_state(doc: Doc, known: list[Mention]) -> Actor | None:
    """The state whose organs the story names without naming it.

    The dateline's state ("KABUL, Afghanistan —") when the body names it too, else the state the body
    names most often: a Nairobi dateline on floods in Burundi speaks of Burundi's government.
    """
    end = roles.dateline_end(doc)
    counts: dict[str, int] = {}
    for mention in known:
        if mention.type == "country" and mention.start >= end and mention.key.startswith("actor:"):
            counts[mention.key] = counts.get(mention.key, 0) + 1
    for _, start, stop in matcher(doc.vocab)(doc[:end]):
        actor = entries()[doc[start:stop].text].actor
        if actor.type == "country" and counts.get("actor:" + actor.name):
            return actor
    if not counts:
        return None
    best = max(counts, key=lambda key: counts[key])
    return _actor(best, known)


def _actor(key: str, known: list[Mention]) -> Actor:
    mention = next(m for m in known if m.key == key)
    return Actor(name=key.removeprefix("actor:"), type=mention.type, id=mention.id)


def _is_national_organ(chunk: Span) -> bool:
    """ "the coast guard", "the Interior Ministry", "the military": an organ named without its state."""
    root, allowed = chunk.root, words()["organ_qualifiers"] | words()["organ_heads"]
    if root.lower_ not in words()["national_organs"] or root.dep_ not in SUBJECT_DEPS:
        return False
    if root.dep_ == "pobj" and root.head.lower_ != "by" and root.head.head.lower_ != "according":
        return False
    if any(child.dep_ in {"prep", "acl", "relcl"} or child.lower_ == "loyal" for child in root.children):
        return False
    phrase = chunk.doc[min(chunk.start, root.left_edge.i) : root.i + 1]
    qualified = any(t.pos_ != "DET" for t in phrase[:-1])
    if not qualified and root.lower_ not in words()["bare_organs"]:
        return False  # "the office said" points back to a body named earlier
    return all(t.lower_ in allowed and t.lower_ not in words()["local_words"] for t in phrase)


def _is_organ_name(ent: Span) -> bool:
    """An ORG entity made only of organ words ("Navy", "the Coast Guard")."""
    allowed = words()["organ_qualifiers"] | words()["organ_heads"]
    return ent.label_ == "ORG" and all(t.lower_ in allowed for t in ent)


def state_organs(doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
    """Organs of the story's state that it names without the state ("the coast guard said")."""
    state = story_state(doc, known)
    if state is None:
        return []
    found, key = [], "actor:" + state.name
    chunks = [*doc.noun_chunks, *(ent for ent in doc.ents if _is_organ_name(ent))]
    for chunk in sorted(chunks, key=lambda c: c.start):
        if not is_free(chunk, taken) or chunk.start < roles.dateline_end(doc):
            continue
        if _is_organ_name(chunk) or _is_national_organ(chunk):
            taken.update(range(chunk.start, chunk.end))
            found.append(Mention(chunk.start, chunk.end, clean(chunk), key, state.type, id=state.id))
            for child in chunk.root.children:
                if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i not in taken:
                    taken.add(child.i)
                    found.append(Mention(child.i, child.i + 1, child.text, key, state.type, id=state.id))
    return found
