"""Where a casualty word's victims sit in the parse: object or subject, coordination, gapping, hospitals."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from service.analysis.facts.casualties.victims import an_age, first_of_list, is_person, subject_of
from service.analysis.facts.numbers import APPROXIMATORS, find_counts
from service.analysis.facts.people import people_nouns

DATA = Path(__file__).parent / "casualty_triggers.json"
NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")
_CLOCK = ("a.m", "am", "p.m", "pm", "o'clock", ":", "hours", "gmt", "local")
SUBJECT_DIES = ("die", "perish", "drown", "succumb")  # intransitive: the subject is the one who died


@cache
def triggers() -> dict:
    """The trigger words of ``casualty_triggers.json``, loaded once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    # attackers and police are people too ("an intruder was shot", "15 assailants were killed"):
    # those of their nouns WordNet names as people (not "swat" or "agent")
    sides = [w for w in data["perpetrator_nouns"] + data["police_nouns"] if w in people_nouns()]
    data["victim_set"] = {w.lower() for w in data["victim_nouns"] + sides}
    return data


def to_hospital(verb: Token) -> bool:
    """ "were taken to a hospital", "sent a juvenile to the hospital", "was treated at a hospital", "was
    treated and released": people hurt badly enough for care."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    hosts = [verb, *objects, *(c for o in objects for c in o.children if c.dep_ == "conj")]
    cared_for = verb.lemma_.lower() in ("treat", "admit")
    if cared_for and any(c.dep_ == "conj" and c.lower_ == "released" for c in verb.children):
        return True  # "treated and released" (from a hospital, said or not)
    words = ("to", "into", "in", "at") if cared_for else ("to", "into")
    for prep in (c for h in hosts for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in words):
        if any(t.lemma_.lower() in ("hospital", "clinic") for t in prep.subtree):
            return True
    return False


def of_objects(noun: Token) -> list[Token]:
    """ "the deaths of Tamika Rowe and Gloria Fenwick": whose death the noun names."""
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return [c for c in of.children if c.dep_ == "pobj"] if of is not None else []


def fatal(verb: Token) -> bool:
    """ "fatally shot", "shot to death", "stabbed to death": a wounding verb that killed."""
    for child in verb.children:
        if child.lower_ in triggers()["fatal_adverbs"] and counted_fatally(child) is None:
            return True  # (not "16 were shot, three fatally": only the three died)
        if to_death(child):
            return True
        if child.lower_ == "dead" and 0 < child.i - verb.i <= 3 and _has_object(verb):
            return True  # "rebels shot dead a pilot": the parser hangs "dead" on the verb, not the pilot
    return False


def to_death(prep: Token) -> bool:
    """ "(shot) to death", "(fell) to their deaths": the prepositional phrase of a verb that killed."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ == "to"
        and any(c.lemma_.lower() == "death" for c in prep.children)
    )


def _has_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def counted_fatally(adverb: Token) -> Token | None:
    """The number that says how many of those hit died: "shot, one fatally", parsed with the number
    as the head of the adverb or as its modifier."""
    if adverb.head.pos_ == "NUM":
        return adverb.head
    return next((c for c in adverb.children if c.pos_ == "NUM"), None)


def clause_says_alive(trigger: Token) -> bool:
    """Whether the trigger's own clause says its victims lived, whatever other clauses say."""
    return says_alive(_clause_text(trigger))


def clause_says_died(trigger: Token) -> bool:
    """Whether the trigger's own clause tells a death ("was shot and later died")."""
    return has_any(_clause_text(trigger), triggers()["death_cues"])


def _clause_text(trigger: Token) -> str:
    return " ".join(t.lower_ for t in trigger.subtree)


def names_others(noun: Token) -> bool:
    """ "Three others", "another teen", "the other three people": people besides those told of
    before them, not a restatement of them."""
    return noun.lower_ in ("others", "another") or any(
        c.dep_ in ("amod", "det") and c.lower_ in ("other", "another") for c in noun.children
    )


def says_alive(text: str) -> bool:
    """Whether ``text`` says people lived ("also shot but survived", "stable") and no one died."""
    data = triggers()
    if has_any(text, data["death_cues"]) and not has_any(text, ["survived"]):
        return False
    return has_any(text, data["alive_cues"])


def has_any(text: str, cues: list[str]) -> bool:
    """Whether any cue occurs in ``text`` as whole words ("dies" is not in "bodies")."""
    return bool(cues) and _cue_pattern(tuple(cues)).search(text.lower()) is not None


@cache
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern:
    """One regex for a cue list: the alternation matches wherever one cue alone would."""
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?![a-z])")


def by_police(verb: Token) -> bool:
    """ "Police fired back, killing Pitts": whom the police shoot is the attacker."""
    subject = subject_of(verb)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    agent = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    nouns = triggers()["police_nouns"]

    def police(token: Token | None) -> bool:
        """Whether ``token`` names the police or soldiers."""
        return token is not None and (
            token.lemma_.lower() in nouns or token.lower_.removesuffix("s") in nouns
        )

    # "Two soldiers died": the subject of a verb of dying is its victim, never the one who shot
    active = verb.tag_ != "VBN" and verb.lemma_.lower() not in SUBJECT_DIES
    return (active and police(subject)) or police(agent)


def through_quantity(noun: Token) -> Token:
    """ "A total of 50 people": the people, not the total."""
    if noun.lemma_.lower() not in triggers()["quantity_nouns"]:
        return noun
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
    return objects[0] if objects else noun


def gapped_subject(verb: Token) -> Token | None:
    """ "A man died and three others were wounded": the parser joins both subjects; give each verb its own."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # a verb with a subject of its own keeps it
    first = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    later = [c for c in first.children if c.dep_ == "conj" and c.i > verb.head.i] if first is not None else []
    stray = [c for c in verb.head.children if c.dep_ == "conj" and c.pos_ in NOMINAL and c.i < verb.i]
    return (later or stray)[-1] if later or stray else None


def _hyphen_word_end(token: Token) -> Token:
    """ "his ex-wife" parsed as three objects "ex", "-", "wife": the hyphenated word ends at its last part.
    Where the first part holds the number ("two co-workers"), it stands for the word (victims.py)."""
    doc = token.doc
    while (
        not any(c.dep_ == "nummod" for c in token.children)
        and token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and doc[token.i + 2].head.i == token.head.i
        and doc[token.i + 2].dep_ == token.dep_
    ):
        token = doc[token.i + 2]
    return token


def verb_victims(verb: Token) -> list[Token]:
    """Who a casualty verb happened to: its object when active, its subject when passive or intransitive."""
    kids: dict[str, Token] = {}
    for child in verb.children:  # two of one kind (misparses): the subject nearest the verb, the first
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < verb.i:  # object ("killing 11 people,
            if not an_age(child):  # the charity that ran it said"); not "Li Wu, 32" made a subject
                kids[child.dep_] = child
        else:
            kids.setdefault(child.dep_, child)
    if "dobj" in kids:
        kids["dobj"] = _hyphen_word_end(kids["dobj"])
    if "nsubjpass" in kids:
        if kids["nsubjpass"].lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            return [verb.head]  # "a man who was shot in the back"
        return [first_of_list(kids["nsubjpass"])]
    fronted = _fronted_victim(verb)
    if fronted is not None:
        return [fronted]
    if "dobj" in kids and (verb.tag_ != "VBN" or verb.dep_ == "acl"):
        # "Israeli airstrikes killed 30 people" parsed as a noun with a participle: a participle that
        # has an object is an active verb
        return [kids["dobj"]]
    if (left := left_object(verb)) is not None:
        return [left]
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return [verb.head]
    if "dobj" in kids:
        return [kids["dobj"]]
    approximate = _approximate_object(verb)
    if approximate is not None:
        return [approximate]
    stray = [d for c in verb.children if c.dep_ == "npadvmod" for d in c.children if d.lower_ == "another"]
    if stray:  # "killed three and injured another early Sunday", parsed as "another early Sunday"
        return stray[:1]
    numbers = [c for c in verb.children if c.dep_ == "nummod" and c.i < verb.i]
    if numbers:  # "85 were killed and 160 hurt", parsed as a number on the participle: the people hurt
        return numbers[:1]
    if verb.lemma_.lower() in SUBJECT_DIES or verb.tag_ == "VBN" or any(to_death(c) for c in verb.children):
        # "died", "were killed", "burned to death", "fell to their deaths": the subject is the one who died
        subject = lost_passive_subject(verb) or subject_of(verb)
        return [subject] if subject is not None else []
    return []


def _fronted_victim(verb: Token) -> Token | None:
    """ "Injured in the gunfire were a boy and a woman", "Killed was a 19-year-old": a participle put
    before its "be" names its victims after it (the parser makes them the attribute of "be")."""
    if verb.tag_ != "VBN":
        return None
    be = next((c for c in verb.children if c.dep_ == "auxpass" and c.i > verb.i), None)
    if be is None and verb.dep_ in ("nsubj", "nsubjpass", "csubj") and verb.head.lemma_ == "be":
        be = verb.head if verb.head.i > verb.i else None
    if be is None:
        return None
    return next((c for c in be.children if c.dep_ == "attr" and c.i > be.i), None)


def _approximate_object(verb: Token) -> Token | None:
    """ "killed 16 people and injured over 50", parsed as "injured | over 50": the number after an
    approximator the parser took for a preposition is the object (not a time: "shot around 10 p.m.")."""
    if verb.tag_ == "VBN" and verb.dep_ not in ("conj", "acl"):
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in APPROXIMATORS):
        number = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NUM"), None)
        after = verb.doc[number.i + 1] if number is not None and number.i + 1 < len(verb.doc) else None
        if number is not None and not (after is not None and after.lower_.rstrip(".") in _CLOCK):
            return number
    return None


def lost_passive_subject(verb: Token) -> Token | None:
    """ "A sergeant confirmed to WXYZ three teens, ages 15 and 16, were hurt": without "that" the parser
    may hang the passive verb's subject on the reporting verb; it is the noun just before "were".

    Only for a passive with its own auxiliary and no subject: borrowing the reporting verb's
    subject would make the officer who confirmed the deaths the victim.
    """
    aux = next((c for c in verb.children if c.dep_ == "auxpass"), None)
    if aux is None or aux.i > verb.i or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in aux.children):
        return None  # "three others, including two teens, were wounded": the subject hangs on "were"
    before = [t for t in verb.doc[verb.sent.start : aux.i] if not t.is_punct]
    if before and _after_according_to(before[-1]):
        return before[-1]
    if not before or before[-1].pos_ not in NOMINAL:
        return None
    noun = before[-1]
    while noun.dep_ in ("appos", "conj", "nummod", "compound") and noun.head.i < noun.i:
        noun = noun.head  # "two girls, ages 4 and 5," → girls
    if noun.pos_ not in ("NOUN", "PROPN", "PRON") or noun.dep_ in ("nsubj", "nsubjpass"):
        return None
    return noun


def _after_according_to(word: Token) -> bool:
    """ "According to the Police Chief, a 16-year-old was shot": the parser may hang the subject on
    the source's name as its apposition."""
    source = word.head
    return (
        word.dep_ == "appos"
        and source.dep_ == "pobj"
        and source.head.lower_ == "to"
        and source.head.head.lower_ == "according"
    )


def left_object(word: Token) -> Token | None:
    """ "a shooting that left three others wounded", parsed with "wounded" on "shooting" or on the
    main verb: the object of "left" just before the state word is the people it describes."""
    before = word.doc[word.i - 1] if word.i > 0 else None
    if before is None or before.dep_ != "dobj" or before.head.lemma_ != "leave" or word.head == before.head:
        return None  # (parsed right, "left" holds the state word and the state word reads it)
    return before if before.head.i < before.i else None


def state_victims(word: Token) -> list[Token]:
    """Who is dead, wounded or missing: the noun described, or the subject/object of the clause."""
    if (left := left_object(word)) is not None:
        return [left]
    if word.dep_ in ("amod", "acl") and word.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return [word.head]
    if word.dep_ in ("pcomp", "pobj") and word.head.lower_ == "as" and word.head.head.pos_ == "VERB":
        return _listed_as(word.head.head)  # "300 others were listed as missing"
    objects = [c for c in word.children if c.dep_ == "dobj"]
    active = (
        word.tag_ in ("VBD", "VBN") and word.dep_ != "amod" and word.lemma_.lower() not in triggers()["verbs"]
    )
    if objects and active:  # "the blast trapped nine miners" (casualty verbs read their objects themselves)
        return objects[:1]
    numbers = [c for c in word.children if c.dep_ == "nummod"]
    if numbers:  # "left 10 dead": the state word names the people; "and five hurt": the number does
        return [word] if is_person(word, triggers()) else numbers[:1]
    own = subject_of(word)
    if own is not None and own.head == word:
        return [own]
    if word.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl", "conj"):
        head = word.head
        # "left 22 dead, among them 3 police officers" (two objects, misparsed): the one before the state
        objects = sorted((c for c in head.children if c.dep_ == "dobj"), key=lambda c: (c.i > word.i, -c.i))
        obj = objects[0] if objects else None
        if obj is not None and head.lemma_ in ("leave", "find", "report", "declare", "pronounce"):
            return [obj]
        if obj is not None and word.dep_ in ("acomp", "oprd") and word.lower_ == "dead":
            return [obj]  # "gunmen shot dead 12 villagers": the object is dead, not the gunmen
        if head.dep_ == "acl" and head.head.pos_ in ("NUM", "NOUN"):  # "left 730 | confirmed dead"
            return [head.head]
        above = [c for c in head.head.children if c.dep_ == "dobj"] if head.dep_ == "advcl" else []
        if above and head.head.lemma_ == "leave":  # the same, with "confirmed" parsed as a clause of "left"
            return above[:1]
        subject = subject_of(head) if word.dep_ != "conj" else subject_of(word)
        return [subject] if subject is not None else []
    if word.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "ROOT") and any(
        c.pos_ == "NUM" for c in word.children
    ):
        return [word]
    return []


def _listed_as(verb: Token) -> list[Token]:
    """The people a verb puts in a state with "as": its object ("listed 300 people as missing"), or
    its subject ("300 others were listed as missing", "they are counted as dead")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects:
        return objects[:1]
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "NUM"):
        return [verb.head]  # "with 300 others listed as missing"
    subject = subject_of(verb)
    return [subject] if subject is not None else []


def under_subgroup(tok: Token) -> bool:
    """ "Among the dead were four children", "including two wounded": a part of the toll, not the toll."""
    preps = triggers()["subgroup_preps"]
    return tok.dep_ == "pobj" and tok.head.lower_ in preps


def negated_noun(noun: Token) -> bool:
    """ "no casualties", "no reports of injuries": a noun under the determiner "no"."""
    for host in (noun, noun.head.head if noun.head.lower_ == "of" else None):
        if host is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in host.children):
            return True
    return False


def toll_kind(tok: Token) -> str | None:
    """ "the death toll" → killed; "the number of people injured" → injured; a road toll → None."""
    if is_death_toll(tok):
        return "killed"
    data = triggers()
    for word in tok.subtree:  # "the number of people killed", "the total of those injured"
        kind = data["verbs"].get(word.lemma_.lower()) or data["states"].get(word.lower_)
        if kind in ("killed", "injured", "missing"):
            return kind
    return None


def is_death_toll(tok: Token) -> bool:
    """ "death toll", "casualty toll", "the toll": not a vote count."""
    heads = triggers()["toll_heads"]
    return any(c.lemma_.lower() in heads for c in tok.children) or tok.lower_ == "toll"


def _number_after(prep: Token) -> Span | None:
    """ "risen to 21 and 60 others were wounded": the parser gave "to" no object, and the 21 to the
    others; the toll is the number right after it ("to more than 300": with its qualifier)."""
    doc = prep.doc
    end = next((t.i for t in doc[prep.i + 1 : prep.i + 5] if t.like_num), None)
    return doc[prep.i + 1 : end + 1] if end is not None else None


def _with_range_ends(children):
    """The children, and the "to" the parser hangs inside a "from" phrase ("cut the toll from 60 to
    35"; "raising the toll from Monday's massacre of a convoy to 57", "to" on "massacre")."""
    for child in children:
        yield child
        if child.dep_ == "prep" and child.lower_ == "from":
            yield from (c for c in child.subtree if c.dep_ == "prep" and c.lower_ == "to")


def toll_figure(toll: Token) -> Span | None:
    """The words a toll is given in: "rose to 31", "stands at 12", "at between 10 and 15", "is 31"."""
    doc = toll.doc
    particles = [c for c in toll.head.children if c.dep_ in ("prt", "advmod") and c.lower_ in ("up", "down")]
    for child in _with_range_ends([*toll.head.children, *(g for p in particles for g in p.children)]):
        if child.dep_ == "prep" and child.lower_ in ("to", "at") and child.i > toll.i:
            figure = doc[child.i + 1 : child.right_edge.i + 1] or _number_after(child)
            if figure is not None and find_counts(figure):
                return figure
        if child.dep_ in ("attr", "dobj") and child.i != toll.i and (child.pos_ == "NUM" or child.like_num):
            return doc[child.left_edge.i : child.right_edge.i + 1]
    return None
