"""The sides of a prisoner figure: who captures, holds or frees, and whose people they are."""

from __future__ import annotations

from spacy.tokens import Token

from service.analysis.facts.prisoners.mentions import Mention
from service.analysis.facts.prisoners.words import dateline_end, lemma, lexicon
from service.analysis.nlp.entities import entity_at


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
    names, skip = [], dateline_end(trigger.doc)
    for head in heads:
        if head.i < skip:  # "ISTANBUL — Russia and Ukraine …" parses the dateline as the subject
            head = next((c for c in head.subtree if c.i >= skip and c.dep_ == "appos"), None)
            if head is None:
                continue
        for member in [head, *(c for c in head.conjuncts)]:
            names += _names_in(member)
    return names


def _names_in(head: Token) -> list[str]:
    """The place, nationality or organisation names in a noun phrase ("Ukrainian troops" → Ukrainian)."""
    nouns = lexicon()["person_nouns"]
    if {head.lower_, head.lower_.removesuffix("s"), lemma(head)} & nouns:
        head = next((c for c in head.children if c.dep_ in ("amod", "compound", "poss")), None)
        if head is None:  # "Gunmen", "Kidnappers": capitalised at the start, not a name
            return []
    if head.ent_type_ in ("GPE", "NORP", "ORG") and head.pos_ == "PROPN":
        ent = entity_at(head)
        return [ent.text if ent is not None else head.text]
    for child in head.children:
        if child.dep_ in ("poss", "amod", "compound") and child.ent_type_ in ("GPE", "NORP", "ORG"):
            ent = entity_at(child)
            return [ent.text if ent is not None else child.text]
    return []


def _nationality(noun: Token | None) -> list[str]:
    """'62 Russian servicemen' → Russian; '84 Ukrainians' → Ukrainians."""
    if noun is None:
        return []
    if noun.ent_type_ == "NORP" and noun.pos_ in ("PROPN", "NOUN"):
        return [noun.text]
    return [
        _entity_text(c)
        for c in noun.children
        if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
    ]


def _recipients(trigger: Token) -> list[str]:
    """'returned 62 servicemen to Russia' → Russia; '… to the United States' → United States."""
    return [
        _entity_text(o)
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for o in c.children
        if o.ent_type_ == "GPE"
    ]


def _entity_text(token: Token) -> str:
    """The whole name a token is the head of ("States" → "United States")."""
    ent = entity_at(token)
    return ent.text if ent is not None else token.text


def _nationality_of_main(trigger: Token) -> list[str]:
    """For 'in exchange for N', the side that gets the main figure's people is the one freeing N."""
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            return _nationality(child)
    return []
