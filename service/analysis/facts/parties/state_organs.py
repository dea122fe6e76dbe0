"""Organs of the story's state named without the state: "the coast guard said", "the Interior Ministry".

In "KABUL, Afghanistan — ... the Interior Ministry said" the ministry is Afghanistan's; national
agencies ("National Disaster Management Organisation", "Ministry of Public Security") likewise.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from service.analysis.facts.parties import roles
from service.analysis.facts.parties.gazetteer import Actor, entries, matcher, words
from service.analysis.facts.parties.known import appositions
from service.analysis.facts.parties.mention import Mention, clean, is_free

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "pobj"})


def story_state(doc: Doc, known: list[Mention]) -> Actor | None:
    """The state whose organs the story names without naming it.

    The dateline's state ("KABUL, Afghanistan —") when the body names it too, else the state the body
    names most often: a Nairobi dateline on floods in Burundi speaks of Burundi's government. A body
    that names no state at all speaks of the dateline's.
    """
    end = roles.dateline_end(doc)
    counts: dict[str, int] = {}
    for mention in known:
        if mention.type == "country" and mention.start >= end and mention.key.startswith("actor:"):
            counts[mention.key] = counts.get(mention.key, 0) + 1
    dateline = None
    for _, start, stop in matcher(doc.vocab)(doc[:end]):
        actor = entries()[doc[start:stop].text].actor
        if actor.type == "country" and counts.get("actor:" + actor.name):
            return actor
        if actor.type == "country" and dateline is None:
            dateline = actor
    if not counts:  # "MANILA, Philippines — ... police said": the body names no state but the dateline's
        return dateline
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


def _is_organ_name(ent: Span, places: set[str]) -> bool:
    """An ORG entity made of organ words ("Navy"), or a national agency's name ("National Disaster
    Centre", "Ministry of Public Security") with no place, person or non-state word in it."""
    if ent.label_ != "ORG":
        return False
    allowed = words()["organ_qualifiers"] | words()["organ_heads"]
    if all(t.lower_ in allowed for t in ent):
        return True
    if not any(t.lower_ in words()["national_body_heads"] for t in ent):
        return False
    first = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
    if first.lower_ not in allowed | words()["national_body_heads"]:
        return False  # "Gaza Health Ministry", "Borno State Emergency Management Agency": a place's body
    return not any(
        t.lower_ in words()["non_state_words"]
        or t.ent_type_ == "PERSON"
        or (t.pos_ == "PROPN" and t.text in places)
        for t in ent
    )


def state_organs(doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
    """Organs of the story's state that it names without the state ("the coast guard said")."""
    state = story_state(doc, known)
    if state is None:
        return []
    found, key = [], "actor:" + state.name
    places = {t.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") for t in e}
    names = [ent for ent in doc.ents if _is_organ_name(ent, places)]
    for chunk in sorted([*doc.noun_chunks, *names], key=lambda c: c.start):
        if not is_free(chunk, taken):  # the dateline's tokens are taken already
            continue
        if chunk in names or _is_national_organ(chunk):
            taken.update(range(chunk.start, chunk.end))
            found.append(Mention(chunk.start, chunk.end, clean(chunk), key, state.type, id=state.id))
            found += appositions(chunk, key, state, taken)
    return found
