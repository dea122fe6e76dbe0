"""What surrounds a prisoner figure: planned or done, the story's event or not, the sides, the victims."""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Token

from service.analysis.prisoner_mentions import Mention
from service.analysis.prisoner_words import lemma, lexicon

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
CLAUSE_STOP = ("relcl", "acl", "ccomp", "advcl", "parataxis")


def status_of(mention: Mention) -> str:
    """'done', or 'planned' ("will free", "expected to release") or 'demanded' ("demanded the release of")."""
    status = lexicon()["status"]
    trigger = mention.trigger
    if any(c.dep_ == "aux" and c.lower_ in status["planned_aux"] for c in trigger.children):
        return "planned"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and trigger.head.lemma_ == "be":
        return "planned"  # "is to free 50"
    for governor in _governors(trigger):
        word = lemma(governor)
        if word in status["demanded_governors"]:
            return "planned" if _deal_subject(governor) else "demanded"
        if word in status["planned_governors"]:
            return "planned"
        if governor.pos_ == "VERB" and any(c.lower_ in status["planned_aux"] for c in governor.children):
            return "planned"
    return "done"


def _governors(trigger: Token) -> list[Token]:
    """The words a trigger hangs from within its clause ("expected to release", "demanded the release")."""
    chain, token = [], trigger
    while token.dep_ in ("xcomp", "dobj", "pobj", "prep", "nsubjpass", "acomp", "attr") and len(chain) < 4:
        token = token.head
        chain.append(token)
    return chain


def _deal_subject(verb: Token) -> bool:
    """'The exchange calls for the release of …' plans; 'the group called for the release of …' demands."""
    words = lexicon()["status"]["deal_subjects"]
    return any(c.dep_ == "nsubj" and lemma(c) in words for c in verb.children)


def is_story_event(mention: Mention, published: date | datetime | None) -> bool:
    """False for running totals ("since 2022", "so far") and figures dated in an earlier year."""
    clause = [t for top in (mention.trigger, *_governors(mention.trigger)) for t in _clause(top)]
    text = " ".join(t.lower_ for t in clause)
    words = lexicon()["scope"]["cumulative_words"]
    if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
        return False
    if published is None:
        return True
    years = [int(y) for t in clause if t.ent_type_ == "DATE" for y in _YEAR.findall(t.text)]
    return not any(year < published.year for year in years)


def _clause(trigger: Token) -> list[Token]:
    """The trigger's clause without the clauses nested in it (a relative clause has its own time)."""
    out, stack = [], [trigger]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ not in CLAUSE_STOP and not _nested_verb(child):
                stack.append(child)
            elif child.dep_ == "advcl":  # keep "since" of "since the war began"
                out.extend(m for m in child.children if m.dep_ == "mark")
    return sorted(out, key=lambda t: t.i)


def _nested_verb(token: Token) -> bool:
    """A verb below the trigger heads its own clause, with its own time ("convicted … in 2020")."""
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")


def sides_of(mention: Mention) -> tuple[list[str], list[str]]:
    """Surface names of who acts (captures, holds, frees) and of the other side, from the parse."""
    agents = _agents(mention.trigger)
    if mention.counter:  # freed by the side that receives the main figure's people
        receivers = _nationality_of_main(mention.trigger) + _recipients(mention.trigger)
        return receivers, _nationality(mention.noun) + agents
    return agents, _nationality(mention.noun) + _recipients(mention.trigger)


def _agents(trigger: Token) -> list[str]:
    """Named subjects of an active trigger or 'by' agents of a passive or nominal one."""
    heads = [c for c in trigger.children if c.dep_ == "nsubj"]
    heads += [
        o for c in trigger.children if c.dep_ in ("agent", "prep") and c.lower_ == "by" for o in c.children
    ]
    heads += [c for c in trigger.children if c.dep_ == "poss"]
    names, skip = [], _dateline_end(trigger.doc)
    for head in heads:
        if head.i < skip:  # "ISTANBUL — Russia and Ukraine …" parses the dateline as the subject
            head = next((c for c in head.subtree if c.i >= skip and c.dep_ == "appos"), None)
            if head is None:
                continue
        for member in [head, *(c for c in head.conjuncts)]:
            names += _names_in(member)
    return names


def _dateline_end(doc) -> int:
    """Index after a wire dateline ("KYIV, Ukraine —"), whose place names are not the subject."""
    for token in doc[:10]:
        if token.text in ("\u2014", "\u2013", "--"):
            before = doc[: token.i]
            if all(t.is_punct or t.is_space or t.is_upper or t.pos_ == "PROPN" for t in before):
                return token.i + 1
            return 0
    return 0


def _names_in(head: Token) -> list[str]:
    """The place, nationality or organisation names in a noun phrase ("Ukrainian troops" → Ukrainian)."""
    if head.ent_type_ in ("GPE", "NORP", "ORG") and head.pos_ == "PROPN":
        ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        return [ent.text if ent is not None else head.text]
    for child in head.children:
        if child.dep_ in ("poss", "amod", "compound") and child.ent_type_ in ("GPE", "NORP", "ORG"):
            ent = next((e for e in head.doc.ents if e.start <= child.i < e.end), None)
            return [ent.text if ent is not None else child.text]
    return []


def _nationality(noun: Token | None) -> list[str]:
    """'62 Russian servicemen' → Russian; '84 Ukrainians' → Ukrainians."""
    if noun is None:
        return []
    if noun.ent_type_ == "NORP" and noun.pos_ in ("PROPN", "NOUN"):
        return [noun.text]
    return [
        c.text for c in noun.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
    ]


def _recipients(trigger: Token) -> list[str]:
    """'returned 62 servicemen to Russia' → Russia."""
    return [
        o.text
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for o in c.children
        if o.ent_type_ == "GPE"
    ]


def _nationality_of_main(trigger: Token) -> list[str]:
    """For 'in exchange for N', the side that gets the main figure's people is the one freeing N."""
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return _nationality(child)
    return []


def victims_of(mention: Mention) -> str | None:
    """Who the figure counts, as written: 'prisoners of war', 'Russian servicemen', 'hostages'."""
    noun = mention.noun
    if noun is None or noun.pos_ == "PRON":
        return None
    words = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.i > mention.phrase.end - 1]
    text = " ".join([*(w.text for w in words), noun.text])
    tail = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"]
    if tail and any(o.lower_ == "war" for o in tail[0].children):
        text += " of war"
    return text
