"""Casualty facts: people killed, injured and missing, with count, qualifier, scope, source and evidence.

The steps: find the casualty statements of each sentence (``mentions``), add up the victim
groups a sentence names, place each statement (``context``), derive the injured from people
shot when no injured figure is written, and roll up the headline figures in ``totals``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from service.analysis.facts.casualties.context import (
    date_of,
    earlier_clause,
    location_of,
    running_total_start,
    scope_of,
    source_of,
)
from service.analysis.facts.casualties.headline import choose_totals, cue_counts
from service.analysis.facts.casualties.mentions import Mention, anchor, mentions_in, triggers
from service.analysis.facts.casualties.rollup import KINDS, Statement, rollup, totals
from service.analysis.facts.casualties.syntax import names_others, says_alive
from service.analysis.facts.figures import inside, merge
from service.analysis.model import Casualty, Context, Count, Evidence
from service.analysis.nlp import get_nlp
from service.analysis.nlp.entities import entities_in

__all__ = ["KINDS", "extract", "headline_figures", "totals"]
_LEDE_CHARS = 500  # a story's first casualty statement is its lede when it comes this early
# "PORT MORESBY, Papua New Guinea — ", "WILKES-BARRE, Pa. (AP) – ": a dateline the parser reads as a subject.
_NAME = r"[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,3}"
_DATELINE = re.compile(rf"\s*{_NAME}(?:, {_NAME})?(?: \([^)]{{1,20}}\))? ?[\u2014\u2013-]{{1,2}} ")


def extract(doc: Doc, context: Context) -> list[Casualty]:
    """One Casualty per sentence, kind and victim side (victims or perpetrator) that states a figure."""
    statements: list[Statement] = []
    shot: list[Statement] = []
    about_casualties = _about_casualties(context.title)
    lede = about_casualties
    for sent in doc.sents:
        clause = _without_dateline(sent)
        mentions = _before_running_total(mentions_in(clause), clause)
        if not about_casualties:  # freed captives "taken to a hospital for checks" are not hurt;
            # "convicted of the murder of a child" tells a crime, not the story's casualties
            mentions = [m for m in mentions if not _to_hospital(m, clause) and not _death_noun(m, clause)]
        if not mentions:
            continue
        opening = lede and sent.start_char < _LEDE_CHARS
        place = _placement(sent, clause, doc, context, lede=opening, captives=not about_casualties)
        lede = False
        earlier = earlier_clause(clause)
        own = [m for m in mentions if anchor(m) not in earlier]
        recalled = [m for m in mentions if anchor(m) in earlier]
        # "the court stayed closed, two days after a gunman killed two": a follow-up's lede
        if not own and opening:
            own, recalled = recalled, []
        offset = _doc_offset(sent, clause)
        found = _statements(own, place, offset, doc)
        found += _statements(recalled, {**place, "scope": "background"}, offset, doc)
        for statement in found:
            (shot if statement.item.kind == "shot" else statements).append(statement)
    context.people_shot = [s.item.count for s in shot if s.item.scope == "event" and s.item.count]
    return rollup(statements, shot)


def _about_casualties(title: str | None) -> bool:
    """Whether the story's lede may tell its own casualty event whatever earlier time it names: not
    when the headline is about captives and names no casualty ("Gunmen free seven abducted
    policemen"), where a lede's "attacks in 2011 that killed seven" is background."""
    if title is None or any(n for key, n in cue_counts(title, "").items() if key.endswith(" title")):
        return True
    words = set(re.findall(r"[a-z]+", title.lower()))
    return not words & set(triggers()["captivity_title_words"])


def _to_hospital(mention: Mention, clause: Span) -> bool:
    """People hit because they were taken to a hospital (no wound, no casualty verb)."""
    trigger = clause.doc[mention.trigger] if mention.trigger >= 0 else None
    return (
        mention.kind == "shot"
        and trigger is not None
        and trigger.lemma_.lower() in triggers()["hospital_verbs"]
    )


def _death_noun(mention: Mention, clause: Span) -> bool:
    """A death told by a noun ("the murder of a child", "leading to the death of a person")."""
    if mention.trigger >= 0:
        word = clause.doc[mention.trigger]
        return word.pos_ == "NOUN" and word.lemma_.lower() in triggers()["death_nouns"]
    victim = clause.doc[mention.head]  # "the murder of | a child": the victim after "of"
    of = victim.head if victim.dep_ == "pobj" and victim.head.lower_ == "of" else None
    return of is not None and of.head.lemma_.lower() in triggers()["death_nouns"]


def _before_running_total(mentions: list[Mention], clause: Span) -> list[Mention]:
    """The mentions before a running-total clause ("killed 19, bringing this year's toll to 240"):
    the total after it counts other events too."""
    start = running_total_start(clause)
    return mentions if start is None else [m for m in mentions if m.head < start]


def headline_figures(items: list[Casualty], context: Context) -> tuple[list[Casualty], dict, dict]:
    """The items rated, the story's totals per kind and their confidences: the trained model picks
    each total among the figures the rules found (``headline.py``); the rules' roll-up is its input."""
    rated, chosen, confidence = choose_totals(
        items, totals(items), context.title, context.text, context.people_shot, context.title_doc
    )
    return rated, _with_the_attacker(rated, chosen), confidence


def _with_the_attacker(items: list[Casualty], chosen: dict) -> dict:
    """ "A man shot and killed his wife and son before turning the gun on himself": the attacker who
    dies in the sentence that counts his victims is one more dead (the shared rules count him), when
    the total chosen is the victims' figure alone."""
    killed = chosen.get("killed")
    victims = [c for c in items if c.kind == "killed" and c.role == "main" and c.count == killed]
    attackers = [c for c in items if c.kind == "killed" and c.role == "perpetrator" and c.scope == "event"]
    for victim in victims:
        same = [a for a in attackers if a.evidence.start == victim.evidence.start and a.count]
        if victim.victims != "perpetrator" and victim.scope == "event" and same:
            return {**chosen, "killed": killed + same[0].count}
    return chosen


def _without_dateline(sent: Span) -> Span:
    """The sentence re-parsed without its dateline, which would otherwise be read as its subject.

    The entities are the whole document's (found with more context, and no second NER run).
    """
    if sent.start_char > 300:
        return sent
    found = _DATELINE.match(sent.text)
    if found is None:
        return sent
    offset = sent.start_char + found.end()
    clause = get_nlp()(sent.text[found.end() :], disable=["ner"])
    entities = [
        clause.char_span(ent.start_char - offset, ent.end_char - offset, label=ent.label_)
        for ent in entities_in(sent)
        if ent.start_char >= offset
    ]
    clause.set_ents([span for span in entities if span is not None], default="outside")
    return clause[:]


def _doc_offset(sent: Span, clause: Span) -> int:
    """Where the clause's doc starts in the article text: 0 for the article's own doc, else the
    sentence's end less the re-parsed clause (the sentence without its dateline)."""
    return 0 if clause.doc is sent.doc else sent.end_char - len(clause.doc.text)


def _placement(sent: Span, clause: Span, doc: Doc, context: Context, *, lede: bool, captives: bool) -> dict:
    """Evidence, scope, source, place and date shared by every statement of one sentence."""
    evidence = _evidence(sent, context)
    return {
        "evidence": evidence,
        "scope": "background"
        if context.furniture_at(sent.start_char)
        else scope_of(sent, context, lede=lede, captives=captives),
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


def _statements(mentions: list[Mention], place: dict, offset: int, doc: Doc) -> list[Statement]:
    """Add up the victim groups of each kind in one sentence ("a man and two women" → 3); each
    statement's evidence marks the words of its groups (``offset``: where their doc starts)."""
    out = []
    for kind in ("killed", "injured", "missing", "shot"):
        for perpetrator in (False, True):
            group = _distinct([m for m in mentions if m.kind == kind and m.perpetrator == perpetrator])
            if not group:
                continue
            group = [m for m in group if not m.part] or group  # "60 missing, 20 of them trapped": 60
            count = _sum(group) if kind != "shot" else _largest_per_trigger(group)
            item = Casualty(kind=kind, count=count.count, min=count.min, max=count.max,
                            qualifier=count.qualifier, victims=group[0].victims, **place)  # fmt: skip
            item = replace(item, evidence=_with_figure(place["evidence"], group, offset))
            names = tuple(m.name for m in group if m.name and m.count.count == 1)
            others = any(m.victims in ("others", "other") for m in group)
            running = any(m.running for m in group)
            said = others or any(m.alive for m in group) or says_alive(place["evidence"].text)
            alive = kind == "shot" and not running and said
            living = _besides(group, doc) if alive else None
            out.append(Statement(item, any(m.running for m in group), perpetrator, names, alive, living))
    return out


def _besides(group: list[Mention], doc: Doc) -> int | None:
    """ "Gunfire struck the man and three others": of a group that names someone told of before and
    the others besides him, the others are the ones said to live (three; the man may be the dead)."""
    others = [m for m in group if names_others(doc[m.head])]
    if not others or len(others) == len(group) or any(m.count.count is None for m in others):
        return None
    return sum(m.count.count for m in others)


def _with_figure(evidence: Evidence, group: list[Mention], offset: int) -> Evidence:
    """The sentence's evidence with the span of the words these mentions were read from."""
    span = merge(m.figure for m in group)
    if span is not None:
        span = inside((span[0] + offset, span[1] + offset), evidence.start, evidence.end)
    return replace(evidence, figure=span)


def _distinct(group: list[Mention]) -> list[Mention]:
    """One mention per single victim called the same by two words ("a girl was shot ... shot the
    girl"), and one for a victim a participle clause restates ("a stray round grazed a boy, hitting
    the boy in the hand"). Victims of one word joined by "and" are different people ("wounded a
    woman of 40 and a woman of 19")."""
    seen: dict[str, int] = {}  # victim word → the trigger that first counted it
    out = []
    for m in group:
        if m.restates >= 0 and any(o.trigger == m.restates and o.count.count == 1 for o in out):
            continue
        key = m.victims if m.count.count == 1 and m.victims not in (None, "person") else None
        if key is None or seen.setdefault(key, m.trigger) == m.trigger:
            out.append(m)
    return out


def _largest_per_trigger(group: list[Mention]) -> Count:
    """People shot: verbs whose victims include a noun add up; verbs with pronouns only may repeat
    them ("shot him ... rushed him to hospital"), so only the largest of those counts."""
    triggers_ = {m.trigger for m in group}
    with_noun = [m for m in group if any(n.trigger == m.trigger and n.victims is not None for n in group)]
    if with_noun:
        return _sum(with_noun)
    per_trigger = [_sum([m for m in group if m.trigger == t]) for t in triggers_]
    return max(per_trigger, key=lambda c: c.count or 0)


def _sum(group: list[Mention]) -> Count:
    """The total of several victim groups; an ordinal ("a fourth victim") is a running total already."""
    if len(group) == 1:
        return group[0].count
    addends = [m.count for m in group if not m.running]
    ordinals = [m.count.count for m in group if m.running and m.count.count is not None]
    if len(addends) == 1 and not ordinals:
        return addends[0]
    known = [c for c in addends if c.count is not None]
    total = sum(c.count for c in known)
    if ordinals and max(ordinals) >= total:
        n = max(ordinals)
        return Count(n, n, n, "exact")
    if not known:
        return (addends or [group[0].count])[0]
    exact = all(c.qualifier == "exact" for c in known)
    return Count(total, total, total if exact else None, "exact" if exact else known[0].qualifier)
