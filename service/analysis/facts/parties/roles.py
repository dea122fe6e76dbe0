"""Whether a mention acts in the story (an organ, a speaker, an attacker) or only places or labels it.

A state is a party when at least one of its mentions has agency: "Russia fired", "the Kremlin said",
"Ukraine's defence ministry", "Russian missiles". "in southern Russia", "the southern Ukrainian
city", "KABUL, Afghanistan —" and "10 Thai citizens" only locate the event or name victims; an
"al Qaeda-linked group" or "al Qaeda's affiliate" only describes another actor.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from service.analysis.facts.parties.gazetteer import words

MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "nummod", "npadvmod"})


def dateline_end(doc: Doc) -> int:
    """Token index where a wire dateline ("KABUL, Afghanistan —", "KYIV (Reuters) -", "LAGOS, NIGERIA:")
    ends; 0 without one.

    The dateline opens the text or one of its first lines (after a byline or a headline).
    """
    starts = [0, *(t.i + 1 for t in doc[:80] if "\n" in t.text)]
    for start in starts:
        while start < len(doc) and doc[start].is_space:
            start += 1
        if start >= len(doc):
            continue
        stamped = _stamped_dateline_end(doc, start)
        if stamped:
            return stamped
        if not (doc[start].is_upper and len(doc[start]) > 1):
            continue
        for token in doc[start : start + 12]:
            if token.text in {"—", "–", "--"} or (token.text == "-" and token.whitespace_):
                return token.i + 1
            if token.text == ":" and all(t.is_upper or t.is_punct for t in doc[start : token.i]):
                return token.i + 1  # "KARACHI, PAKISTAN: ", all in capitals
            if "\n" in token.text:
                break
    return 0


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE = r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
# "Cairo, June 29 (EFE).- ", "KESSA, May 2 (IANS) ", "Lagos, 3 March (Reuters) - ": a place with a
# date and an agency's name in brackets, with or without a dash after it
_STAMPED = re.compile(
    rf"{_PLACE}(?:, {_PLACE})?,? (?:{_MONTH} \d{{1,2}}|\d{{1,2}} {_MONTH})(?:, \d{{4}})?"
    rf" ?\([A-Za-z][\w .&/-]{{1,24}}\)\s*(?:\.?\s*[-\u2013\u2014]+\s*|:\s*)?"
)


def _stamped_dateline_end(doc: Doc, start: int) -> int:
    """The token after a dateline stamped with a date and an agency, at token ``start``; 0 if none."""
    head = doc[start : start + 40]  # (doc.text would rebuild the whole text on every call)
    found = _STAMPED.match(head.text)
    if found is None:
        return 0
    end = head.start_char + found.end()
    return next((t.i for t in head if t.idx >= end), 0)


def first_conjunct(token: Token) -> Token:
    """The first of coordinated words ("Russia" in "in Russia and Belarus")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _preposition(span: Span) -> Token | None:
    """The preposition governing a mention, directly, through the first conjunct, or across the
    modifiers before it ("in neighbouring Kyrgyzstan and Uzbekistan")."""
    anchor = first_conjunct(span.root)
    if anchor.dep_ == "pobj":
        return anchor.head
    i = (anchor.left_edge.i if anchor.i != span.root.i else span.start) - 1
    while i >= 0 and (span.doc[i].pos_ in {"ADJ", "DET", "ADV"} or span.doc[i].tag_ == "VBG"):
        i -= 1
    previous = span.doc[i] if i >= 0 else None
    return previous if previous is not None and previous.pos_ == "ADP" else None


def is_located(span: Span, preps: str = "location_preps") -> bool:
    """True when the span is the object of a place preposition ("in Russia", "west of Kathmandu")."""
    prep = _preposition(span)
    if prep is None:
        return False
    if prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "according":
        return False
    if prep.lower_ in ("from", "by") and prep.head.lemma_.lower() in words()["source_nouns"]:
        return False  # "figures from the United Nations": the body gives the figure
    if prep.lower_ == "in" and _authorities_of_the_place(prep.head):
        return False  # "authorities in Sudan freed 30": Sudan acts through them
    if prep.lower_ in words()[preps]:
        return True
    return prep.head.lower_ in words()["place_words"]


def _authorities_of_the_place(noun: Token) -> bool:
    """ "authorities in Sudan" are Sudan's; "UNHCR officials in Nairobi" are another body's."""
    if noun.lemma_.lower() not in words()["authorities_of"]:
        return False
    return not any(c.dep_ in ("compound", "poss") for c in noun.children)


def head_chain(span: Span) -> list[Token]:
    """The nouns a mention modifies, nearest first ("Russian" → "Defence", "Ministry")."""
    chain, token = [], first_conjunct(span.root)
    while token.dep_ in MODIFIER_DEPS and token.head.i >= span.end and token.head.i - span.end < 6:
        token = token.head
        chain.append(token)
    return chain


def is_hyphen_compound(span: Span) -> bool:
    """ "Iran-aligned", "United Nations-brokered": the name only qualifies something else."""
    after = span.end
    return after + 1 < len(span.doc) and span.doc[after].text == "-" and not span.doc[after].whitespace_


def organ_span(span: Span) -> Span | None:
    """The organ phrase a place name starts ("Ukraine's defence ministry"), if it names one."""
    heads = words()["organ_heads"] - words()["person_nouns"]
    organs = [t for t in head_chain(span) if t.lower_ in heads]
    if not organs:
        return None
    phrase = span.doc[span.start : organs[-1].i + 1]
    if any(_breaks_organ(token) for token in phrase):
        return None
    return phrase


def _breaks_organ(token: Token) -> bool:
    """Words that make a phrase something other than an organ of the state: a body of its own
    ("Syrian Observatory"), a coordination, or a person ("Israeli Prime Minister X's office")."""
    if token.lower_ == "civil" and token.i + 1 < len(token.doc):  # "civil defence" is the state's own,
        return token.doc[token.i + 1].lower_ not in words()["organ_qualifiers"]  # "civil society" is not
    if token.lower_ in words()["non_state_words"] or token.pos_ == "CCONJ" or token.ent_type_ == "PERSON":
        return True
    return token.text[:1].isupper() and token.lower_ in words()["person_titles"]


def has_agency(span: Span, form: str, dateline: int) -> bool:
    """Whether this mention of a state makes it an actor rather than a place or a nationality."""
    if span.start < dateline or is_located(span) or is_hyphen_compound(span):
        return False
    if organ_span(span) is not None:
        return True
    chain = head_chain(span)
    if chain:
        if _counted_people(chain[0]):
            return False  # "15 Ukrainian soldiers were freed", "a Danish citizen": whose people, not who acts
        acting = words()["person_titles"] | words()["person_nouns"] | words()["agent_actions"]
        return any(t.lower_ in acting for t in chain[:2])
    root = first_conjunct(span.root)
    if root.dep_ == "dobj" and root.head.lemma_ in words()["motion_verbs"]:
        return False  # "leave Libya": a destination
    if root.dep_ == "nsubj" and root.head.lemma_ in words()["stative_verbs"]:
        return False  # "Nepal lies on a fault line": described, not acting
    if form == "demonym":
        return span.root.dep_ == "nsubj" and not any(child.dep_ == "nummod" for child in span.root.children)
    return True


def _counted_people(noun: Token) -> bool:
    """People counted or singled out ("15 … soldiers", "a … doctor") who undergo the event
    (object, passive subject, object of a preposition): the victims or captives of the story."""
    if noun.lower_ not in words()["person_nouns"] and noun.lemma_.lower() not in words()["person_nouns"]:
        return False
    singled = ("a", "an", "its", "their", "his", "her")
    counted = any(
        c.dep_ == "nummod" or (c.dep_ in ("det", "poss") and c.lower_ in singled) for c in noun.children
    )
    top = first_conjunct(noun)
    return counted and top.dep_ in ("dobj", "nsubjpass", "pobj", "appos")


def group_has_agency(span: Span, kind: str) -> bool:
    """Whether a known organisation or armed group acts here, not only qualifies another actor."""
    if is_hyphen_compound(span):
        return False
    if is_located(span):
        return _members_from(span)  # "fighters from al-Shabaab attacked": its members act
    chain = head_chain(span)
    if kind != "group" or not chain:
        return True
    return chain[0].lower_ in words()["group_agent_heads"]


def _members_from(span: Span) -> bool:
    """ "fighters from al-Shabaab", "monitors from the OSCE", "a statement from the group": a body is no
    place its members or words come from (but "a group of dissidents from the former FARC" broke away
    from it)."""
    prep = _preposition(span)
    if prep is None or prep.lower_ != "from":
        return False
    return prep.head.lower_ in words()["group_agent_heads"] - words()["breakaway_heads"]


def is_place(span: Span, *, strict: bool = False) -> bool:
    """Whether an unknown name is used as a place ("near the town of Lachin", "in Khan Younis").

    ``strict`` (for people) counts only prepositions of place, so "loyal to Khalifa Haftar" stays a person.
    """
    if is_located(span, "place_preps" if strict else "location_preps"):
        return True
    root = first_conjunct(span.root)
    if root.dep_ == "appos" and root.head.lower_ in words()["place_words"]:
        return True
    if root.dep_ == "dobj" and root.head.lemma_ in words()["motion_verbs"] | words()["attack_verbs"]:
        return True  # "fled Rafah", "shelled Stepanakert"
    if root.dep_ == "pobj" and root.head.lower_ in ("to", "from"):
        if root.head.head.lemma_ in words()["motion_verbs"] | words()["carry_verbs"]:
            return True  # "taken to Wad Madani", "flown from Muscat"
    if span[-1].lower_ in words()["place_words"]:
        return True
    heads = head_chain(span)
    return bool(heads) and heads[0].lower_ in words()["place_words"]


def only_recalled(doc: Doc, group: list) -> bool:
    """A person every mention of whom is the victim of an earlier event the story recalls ("since the
    fall of X", "the uprising that toppled X"): no actor of this story."""
    if group[0].type != "person":
        return False
    return all(_recalled(doc[m.start : m.end].root) for m in group)


def _recalled(token: Token) -> bool:
    token = first_conjunct(token)
    while token.dep_ in ("appos", "compound") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head.lemma_.lower() in words()["background_event_nouns"]
    return (
        token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in words()["background_event_verbs"]
    )


def names_a_thing(span: Span) -> bool:
    """ "the tanker Stena Impero", "the newspaper El Tiempo", "Cyclone Hikka", "the Kanchanjunga
    Express": a name given to a vessel, an aircraft, a train, a storm or a publication (written right
    after the noun, in apposition to it, or as a word of the name) is no actor."""
    before = span.doc[span.start - 1] if span.start > 0 else None
    head = span.root.head if span.root.dep_ in ("appos", "compound") else None
    inside = tuple(span) if len(span) > 1 else ()  # "Cyclone Hikka", "Tropical Storm Washi", "the … Express"
    return any(t is not None and t.lemma_.lower() in words()["thing_nouns"] for t in (before, head, *inside))
