"""Finds the casualty statements of one sentence: the trigger, its victims and how many they are."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from service.analysis.model import Count
from service.analysis.victims import subject_of, victim_groups, victim_label

DATA = Path(__file__).parent / "data" / "casualty_triggers.json"
_ZERO = Count(0, 0, 0, "exact")
_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")


@dataclass(frozen=True)
class Mention:
    """One statement of people killed, injured, missing or shot (``shot``: hit, alive unless stated)."""

    kind: str
    count: Count
    victims: str | None
    head: int  # token index of the victim noun (or the trigger when there is none)
    running: bool = False  # "a fourth victim died", "the toll rose to 31": a running total, not an addend
    perpetrator: bool = False  # the attacker, counted once on top of the victims
    name: str | None = None  # a named victim, told apart from other named victims across sentences
    trigger: int = -1  # token index of the word that states it


@cache
def triggers() -> dict:
    """The trigger words of ``data/casualty_triggers.json``, loaded once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["victim_set"] = {w.lower() for w in data["victim_nouns"]}
    return data


def mentions_in(sent: Span) -> list[Mention]:
    """Every casualty statement in ``sent``, one per (kind, victim group)."""
    found: dict[tuple[str, int], Mention] = {}
    for tok in sent:
        for mention in _token_mentions(tok):
            found.setdefault((mention.kind, mention.head), mention)
    for mention in _toll_mentions(sent) + _phrase_mentions(sent):
        found.setdefault((mention.kind, mention.head), mention)
    mentions = list(found.values())
    if any(cue in sent.text.lower() for cue in triggers()["perpetrator_cues"]):
        # "He died of a self-inflicted wound after killing X and Y": he, not X and Y, is the attacker
        return [
            replace(m, perpetrator=True, victims="perpetrator") if m.victims is None or len(mentions) == 1 else m
            for m in mentions
        ]
    return mentions


def _token_mentions(tok: Token) -> list[Mention]:
    """The statements a single trigger word makes (a verb, a state adjective, a zero noun, "fatally")."""
    data = triggers()
    if any(c.dep_ == "neg" for c in tok.children) or _under_subgroup(tok):
        return []
    if any(c.dep_ in ("prt", "advmod") and c.lower_ == "down" for c in tok.children):
        return []  # drones "shot down", not people
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in data["verbs"]:
        kind = data["verbs"][tok.lemma_.lower()]
        if kind in ("shot", "injured") and _fatal(tok):
            kind = "killed"
        gapped = _gapped_subject(tok)
        if gapped is not None:
            return _build(kind, [gapped], trigger=tok.i, by_police=_by_police(tok), alone=True)
        found = _build(kind, _verb_victims(tok), trigger=tok.i, by_police=_by_police(tok))
        if found or tok.lower_ not in data["states"]:
            return found
    if tok.lower_ in data["states"] and tok.pos_ in ("ADJ", "NOUN", "VERB", "ADV"):
        alone = tok.dep_ == "amod"  # "found X dead and another man wounded": dead describes X only
        return _build(data["states"][tok.lower_], _state_victims(tok), trigger=tok.i, alone=alone)
    if tok.lower_ in data["zero_nouns"] and _negated_noun(tok):
        return [Mention(kind, _ZERO, None, tok.i) for kind in data["zero_nouns"][tok.lower_]]
    if tok.lower_ in data["fatal_adverbs"] and tok.head.pos_ == "NUM":
        return _build("killed", [tok.head])
    if tok.lemma_.lower() in data["injury_nouns"]:
        return _injury_mentions(tok)
    if tok.lemma_.lower() in data["hospital_verbs"] and tok.pos_ == "VERB" and _to_hospital(tok):
        return _build("shot", _verb_victims(tok), trigger=tok.i)
    if tok.lemma_.lower() in data["death_nouns"]:
        return _build("killed", _of_objects(tok))
    return []


def _to_hospital(verb: Token) -> bool:
    """ "were taken to a hospital", "sent a juvenile to the hospital": people hurt badly enough for care."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    hosts = [verb, *objects, *(c for o in objects for c in o.children if c.dep_ == "conj")]
    for prep in (c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ in ("to", "into")):
        if any(t.lemma_.lower() in ("hospital", "clinic") for t in prep.subtree):
            return True
    return False


def _of_objects(noun: Token) -> list[Token]:
    """ "the deaths of Deziyah Davis and Denise Couplin": whose death the noun names."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return [c for c in of.children if c.dep_ == "pobj"] if of is not None else []


def _injury_mentions(injury: Token) -> list[Mention]:
    """ "Four people suffered non-life-threatening injuries", "three others with gunshot wounds"."""
    modifiers = " ".join(t.lower_ for t in injury.subtree if t.i < injury.i)
    if any(word in modifiers for word in ("fatal", "mortal", "life-ending")):
        kind = "killed"
    elif any(word in modifiers for word in ("non", "minor", "serious", "critical", "life-threatening")):
        kind = "injured"
    else:
        kind = "shot"
    head = injury.head
    if injury.dep_ == "dobj" and head.lemma_.lower() in triggers()["injury_verbs"]:
        subject = subject_of(head)
        return _build(kind, [subject]) if subject is not None else []
    hosts = [head, injury] if injury.dep_ == "dobj" else []
    on = [c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "on"]
    if on:  # "inflicted a fatal gunshot wound on their son"
        return _build(kind, [c for c in on[0].children if c.dep_ == "pobj"])
    if injury.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ in _NOMINAL:
        return _build(kind, [head.head])
    if injury.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "VERB":
        return _build(kind, _verb_victims(head.head) or [s for s in [subject_of(head.head)] if s is not None])
    return []


def _fatal(verb: Token) -> bool:
    """ "fatally shot", "shot to death", "stabbed to death": a wounding verb that killed."""
    for child in verb.children:
        if child.lower_ in triggers()["fatal_adverbs"]:
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(c.lower_ == "death" for c in child.children):
            return True
    return False


def _build(
    kind: str, victims: list[Token], *, trigger: int = -1, by_police: bool = False, alone: bool = False
) -> list[Mention]:
    """Mentions for the victim nouns of one trigger; nouns that are not people are dropped."""
    out = []
    for noun in victims:
        for g in victim_groups(_through_quantity(noun), triggers(), by_police=by_police, alone=alone):
            label = "perpetrator" if g.perpetrator else victim_label(g.token)
            if g.running and kind != "killed":  # "a second man was wounded": two people hit so far
                out.append(Mention("shot", g.count, label, g.token.i, True, g.perpetrator, g.name, trigger))
                g = replace(g, count=Count(1, 1, 1, "exact"), running=False)
            out.append(Mention(kind, g.count, label, g.token.i, g.running, g.perpetrator, g.name, trigger))
    return out


def _by_police(verb: Token) -> bool:
    """ "Police fired back, killing Pitts": whom the police shoot is the attacker."""
    subject = subject_of(verb)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    agent = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    nouns = triggers()["police_nouns"]

    def police(token: Token | None) -> bool:
        return token is not None and (
            token.lemma_.lower() in nouns or token.lower_.removesuffix("s") in nouns
        )

    return (verb.tag_ != "VBN" and police(subject)) or police(agent)


def _through_quantity(noun: Token) -> Token:
    """ "A total of 50 people": the people, not the total."""
    if noun.lemma_.lower() not in triggers()["quantity_nouns"]:
        return noun
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    return objects[0] if objects else noun


def _gapped_subject(verb: Token) -> Token | None:
    """ "A man died and three others were wounded": the parser joins both subjects; give each verb its own."""
    own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None:
        later = [c for c in own.children if c.dep_ == "conj" and c.i > verb.i]
        later += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in _NOMINAL]
        bare = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and subject_of(c) is own]
        return own if later and bare else None
    if verb.dep_ != "conj":
        return None
    first = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    later = [c for c in first.children if c.dep_ == "conj" and c.i > verb.head.i] if first is not None else []
    stray = [c for c in verb.head.children if c.dep_ == "conj" and c.pos_ in _NOMINAL and c.i < verb.i]
    return (later or stray)[-1] if later or stray else None


def _verb_victims(verb: Token) -> list[Token]:
    """Who a casualty verb happened to: its object when active, its subject when passive or intransitive."""
    kids = {c.dep_: c for c in verb.children}
    if "nsubjpass" in kids:
        return [kids["nsubjpass"]]
    if "dobj" in kids and verb.tag_ != "VBN":
        return [kids["dobj"]]
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return [verb.head]
    if "dobj" in kids:
        return [kids["dobj"]]
    if verb.lemma_.lower() in ("die", "perish", "drown") or verb.tag_ == "VBN":
        subject = subject_of(verb)
        return [subject] if subject is not None else []
    return []


def _state_victims(word: Token) -> list[Token]:
    """Who is dead, wounded or missing: the noun described, or the subject/object of the clause."""
    if word.dep_ in ("amod", "acl") and word.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return [word.head]
    own = subject_of(word)
    if own is not None and own.head == word:
        return [own]
    if word.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl", "conj"):
        head = word.head
        kids = {c.dep_: c for c in head.children}
        obj = kids.get("dobj")
        if obj is not None and head.lemma_ in ("leave", "find", "report", "declare", "pronounce"):
            return [obj]
        subject = subject_of(head) if word.dep_ != "conj" else subject_of(word)
        return [subject] if subject is not None else []
    if word.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT") and any(
        c.pos_ == "NUM" for c in word.children
    ):
        return [word]
    return []


def _under_subgroup(tok: Token) -> bool:
    """ "Among the dead were four children", "including two wounded": a part of the toll, not the toll."""
    preps = triggers()["subgroup_preps"][:2]
    return tok.dep_ == "pobj" and tok.head.lower_ in preps


def _negated_noun(noun: Token) -> bool:
    """ "no casualties", "no reports of injuries": a noun under the determiner "no"."""
    for host in (noun, noun.head.head if noun.head.lower_ == "of" else None):
        if host is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in host.children):
            return True
    return False


def _toll_mentions(sent: Span) -> list[Mention]:
    """ "The death toll rose to 31 from 18" → killed 31: the figure after to/at, or the toll's attribute."""
    data = triggers()
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in data["toll_nouns"] or not _is_death_toll(tok):
            continue
        number = _toll_figure(tok)
        if number is not None:
            for g in victim_groups(number, data)[:1]:
                out.append(Mention("killed", g.count, None, number.i, running=True))
    return out


def _is_death_toll(tok: Token) -> bool:
    """ "death toll", "casualty toll", "the toll" after a death word: not a road toll or a vote count."""
    heads = triggers()["toll_heads"]
    return any(c.lemma_.lower() in heads for c in tok.children) or tok.lower_ == "toll"


def _toll_figure(toll: Token) -> Token | None:
    """The number a death toll is given as: "rose to 31", "stands at 12", "raising the toll to 31"."""
    verb = toll.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "at"):
            numbers = [t for t in child.children if t.pos_ == "NUM" or t.like_num]
            if numbers:
                return numbers[0]
        if child.dep_ in ("attr", "dobj") and child.i != toll.i and (child.pos_ == "NUM" or child.like_num):
            return child
    return None


def _phrase_mentions(sent: Span) -> list[Mention]:
    """Fixed phrases: "turned the gun on himself" (one more dead), "lost their lives" (the subject)."""
    text = sent.text.lower()
    out = []
    for phrase, kind in triggers()["phrases"].items():
        at = text.find(phrase)
        if at < 0:
            continue
        first = sent.char_span(at, at + len(phrase), alignment_mode="expand")
        if first is None:
            continue
        if kind == "suicide":
            out.append(
                Mention("killed", Count(1, 1, 1, "exact"), "perpetrator", first.end - 1, perpetrator=True)
            )
        elif kind == "killed":
            out.extend(_build("killed", [s for s in [subject_of(first.root)] if s is not None]))
    return out
