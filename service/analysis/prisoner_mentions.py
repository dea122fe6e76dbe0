"""Finds the counts of a sentence that are prisoner figures, with the word that gives their kind.

A count is a prisoner figure when it counts people and is the patient of a trigger: the object of
"freed"/"captured", the subject of "were released"/"remain in detention", or the complement of an
event noun ("the release of 477 inmates"). Everything else a sentence counts is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from service.analysis.model import Count
from service.analysis.numbers import NumberPhrase, find_counts
from service.analysis.prisoner_filters import excluded, quoted
from service.analysis.prisoner_words import (
    has_cue,
    homecoming_kind,
    is_military_noun,
    is_person_noun,
    is_prisoner_noun,
    lemma,
    lexicon,
    noun_kind,
    state_kind,
    through_dateline,
    verb_kind,
)

NOT_COUNTS = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
PATIENT_DEPS = ("dobj", "nsubjpass", "oprd")
CAPTIVE_WORDS = ("hostage", "hostages", "captive", "captives", "prisoner", "prisoners")
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)$", re.I)


@dataclass(frozen=True)
class Mention:
    """A prisoner figure in a sentence: its count, the counted word, the trigger and the kind."""

    phrase: NumberPhrase
    arg: Token  # the token that fills the trigger's slot (the counted noun, or the number itself)
    noun: Token | None  # the noun that says who is counted, when there is one
    trigger: Token
    kind: str
    each: bool = False  # "each freed 103", "six from each side": one figure per side
    counter: bool = False  # "in exchange for 84 Ukrainians": freed by the other side


def find_mentions(sent: Span) -> list[Mention]:
    """Every prisoner figure of one sentence, in reading order."""
    found = []
    for phrase in find_counts(sent):
        if phrase.count.count == 0 or not _is_count(sent.doc, phrase):
            continue
        mention = _mention(sent, phrase)
        if mention is not None:
            found.append(mention)
    return found + _implicit_mentions(sent)


def _implicit_mentions(sent: Span) -> list[Mention]:
    """'A Czech aid worker and her driver … have been freed': two people, counted by their names."""
    found = []
    for token in sent:
        slot = through_dateline(token)
        members = [token, *(c for c in token.conjuncts if c.i > token.i)]
        if any(c.dep_ == "cc" for c in token.children):  # "A and B" parsed as two subjects
            members += [c for c in token.head.children if c.dep_ == token.dep_ and c.i > token.i]
        if slot.dep_ not in ("nsubjpass", "dobj") or len(members) < 2:
            continue
        if not all(_one_person(m) for m in members):
            continue
        trigger = _verb_trigger(slot, slot.head) if slot.head.pos_ == "VERB" else None
        if trigger is None or trigger[2] and not has_cue(_window(sent)):
            continue
        phrase = NumberPhrase(Count(len(members), len(members), len(members), "exact"), token.i, token.i + 1)
        if not excluded(sent, token, token, trigger[0], trigger[1]):
            found.append(Mention(phrase, token, token, trigger[0], trigger[1]))
    return found


def _one_person(token: Token) -> bool:
    """A singular person: a named one, or 'a/her/the … worker' with no number of its own."""
    if any(c.like_num for c in token.children):
        return False
    if token.ent_type_ == "PERSON" and token.pos_ == "PROPN":
        return True
    return token.tag_ == "NN" and is_person_noun(token)


def _is_count(doc, phrase: NumberPhrase) -> bool:
    """Dates, money, percentages, distances and ordinals ("68th exchange") are not counts of people."""
    tokens = doc[phrase.start : phrase.end]
    return not any(t.ent_type_ in NOT_COUNTS or _ORDINAL.match(t.text) for t in tokens)


def _mention(sent: Span, phrase: NumberPhrase) -> Mention | None:
    arg, noun = _argument(sent.doc[phrase.end - 1])
    if noun is not None and not is_person_noun(noun):
        return None
    found = _governing_trigger(arg) or (_modifier_trigger(noun) if noun is arg else None)
    if found is None or quoted(sent.doc, phrase):
        return None
    trigger, kind, weak, counter = found
    if weak and not _weak_verb_fits(sent, noun, trigger):
        return None
    if excluded(sent, arg, noun, trigger, kind):
        return None
    return Mention(phrase, arg, noun, trigger, kind, each=_is_each(trigger, arg), counter=counter)


def _weak_verb_fits(sent: Span, noun: Token | None, trigger: Token) -> bool:
    """'released', 'returned', 'held' count prisoners only with prisoners, soldiers, a state or a cue."""
    if noun is not None and (is_prisoner_noun(noun) or is_military_noun(noun)):
        return True
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    if any(t.ent_type_ in ("GPE", "NORP") for s in subjects for t in s.subtree):
        return True
    return has_cue(_window(sent))


def _window(sent: Span) -> Span:
    """The sentence with the two before it: where a weak verb's prisoner context is looked for."""
    doc = sent.doc
    start = sent.start
    for _ in range(2):
        if start > 0:
            start = doc[start - 1].sent.start
    return doc[start : sent.end]


def _argument(number: Token) -> tuple[Token, Token | None]:
    """The token that fills a slot for this number, and the noun that says who is counted."""
    if number.dep_ in ("nummod", "quantmod", "amod", "compound") and number.head.pos_ in ("NOUN", "PROPN"):
        noun = number.head
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":  # "eight workers hostage"
            return noun.head, noun
        return noun, noun
    for prep in number.children:  # "six of them", "dozens of people"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                return number, objs[0]
    return number, None


def _governing_trigger(arg: Token) -> tuple[Token, str, bool, bool] | None:
    """The verb or event noun whose patient ``arg`` is: (trigger, kind, weak, counter)."""
    arg = through_dateline(arg)
    while arg.dep_ == "conj":
        arg = arg.head
    head = arg.head
    if head.lower_ in CAPTIVE_WORDS and head.head.pos_ == "VERB":  # misparse: "holding six guards | hostage"
        return _verb_trigger(head, head.head, forced=True)
    if head.pos_ in ("VERB", "AUX"):
        for verb in _sharing_subject(arg, head):
            found = _verb_trigger(arg, verb)
            if found is not None:
                return found
        return None
    if arg.dep_ == "pobj":
        return _noun_trigger(head)
    return None


def _sharing_subject(arg: Token, verb: Token) -> list[Token]:
    """The verb, and for a subject the conjoined verbs without their own ("were charged and received …")."""
    verbs = [verb]
    if arg.dep_ in ("nsubj", "nsubjpass"):
        for conj in verb.conjuncts:
            if conj.pos_ == "VERB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                verbs.append(conj)
    return verbs


def _verb_trigger(arg: Token, verb: Token, *, forced: bool = False) -> tuple[Token, str, bool, bool] | None:
    kind, weak = verb_kind(verb)
    if kind is not None and (forced or _is_patient(arg, verb, kind)):
        if kind == "exchanged" and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
            kind = "released"  # "exchange 33 hostages for 1,900 prisoners": one side's figure
        return verb, kind, weak, False
    state = state_kind(verb)
    if state is not None and arg.dep_ == "nsubj":
        return verb, state, False, False
    if arg.dep_ == "nsubj" and homecoming_kind(verb):
        return verb, homecoming_kind(verb), True, False
    return None


def _is_patient(arg: Token, verb: Token, kind: str) -> bool:
    """Object of an active verb or subject of a passive one ("Seven Iranians received clemency" too)."""
    if arg.dep_ in PATIENT_DEPS:
        return True
    if arg.dep_ == "nsubj":
        if lemma(verb) in ("receive", "grant") or (lemma(verb) == "hold" and verb.tag_ == "VBN"):
            return True
        # "Two hostages were killed and 18 freed": the passive auxiliary is left out
        elided = verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children)
        return verb.tag_ == "VBN" and elided and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return arg.dep_ == "npadvmod" and kind == "exchanged"


def _noun_trigger(prep: Token) -> tuple[Token, str, bool, bool] | None:
    """'the release of 477 inmates', 'an amnesty for 2,600 prisoners', 'in exchange for 84 Ukrainians'."""
    owner = prep.head
    if prep.lower_ == "for" and lemma(owner) in lexicon()["exchange_for"] and owner.head.lower_ == "in":
        main = owner.head.head
        return main, "released", False, True
    if prep.lower_ == "for" and owner.pos_ == "VERB" and verb_kind(owner)[0] in ("exchanged", "released"):
        return owner, "released", False, True  # "freed five Americans for five Iranians"
    if prep.lower_ in ("of", "for") and noun_kind(owner):
        return owner, noun_kind(owner), False, False
    if prep.lower_ == "for" and owner.pos_ == "VERB":  # misparse: "approved an amnesty | for 2,600"
        for obj in owner.children:
            if obj.dep_ == "dobj" and noun_kind(obj):
                return obj, noun_kind(obj), False, False
    return None


def _modifier_trigger(noun: Token | None) -> tuple[Token, str, bool, bool] | None:
    """'34 travellers abducted by militants', '42 men they abducted': participle or relative clause."""
    if noun is None:
        return None
    for verb in noun.children:
        if verb.dep_ not in ("acl", "relcl"):
            continue
        kind, weak = verb_kind(verb)
        subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        passive = verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(c.dep_ == "nsubjpass" for c in subject))
        if kind == "held" and verb.dep_ == "acl":  # "five Americans held in Iran" describes, does not count
            continue
        if kind is not None and (passive or (subject and subject[0].lower_ not in ("who", "that"))):
            return verb, kind, weak, False
    return None


def _is_each(trigger: Token, arg: Token) -> bool:
    """'each freed 103', 'released 25 detainees each', 'six from each side', 'apiece'."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    near = [*trigger.children, *arg.children, *(c for s in subjects for c in s.children)]
    if arg.i + 1 < len(arg.doc):
        near.append(arg.doc[arg.i + 1])  # "free 50 prisoners each next month" (misparsed "each")
    for tok in near:
        if tok.lower_ in ("each", "apiece"):
            return True
        if tok.dep_ == "prep" and any(o.lemma_ == "side" for o in tok.children):
            side = next(o for o in tok.children if o.lemma_ == "side")
            if any(d.lower_ in ("each", "either") for d in side.children):
                return True
    return False
