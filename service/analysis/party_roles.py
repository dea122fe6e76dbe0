"""Whether a mention of a state acts in the story (an organ, a speaker, an attacker) or only places it.

A state is a party when at least one of its mentions has agency: "Russia fired", "the Kremlin said",
"Ukraine's defence ministry", "Russian missiles". "in southern Russia", "the southern Ukrainian
city", "KABUL, Afghanistan —" and "10 Thai citizens" only locate the event or name victims.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from service.analysis.party_gazetteer import words

MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "nummod", "npadvmod"})


def dateline_end(doc: Doc) -> int:
    """Token index where a wire dateline ("KABUL, Afghanistan —") ends; 0 without one."""
    for token in doc[:12]:
        if token.text in {"—", "–", "--"} or (token.text == "-" and token.whitespace_):
            return token.i + 1
        if token.is_sent_end or token.text == "\n":
            break
    return 0


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def is_located(span: Span) -> bool:
    """True when the span is the object of a place preposition ("in Russia", "west of Kathmandu")."""
    root = _first_conjunct(span.root)
    if root.dep_ == "pobj":
        prep = root.head
        if prep.lower_ in words()["location_preps"]:
            return True
        if prep.lower_ == "of":
            return prep.head.lower_ not in words()["organ_heads"]
        if prep.head.lower_ in words()["place_words"]:
            return True
    previous = span.doc[span.start - 1] if span.start > 0 else None
    return previous is not None and previous.lower_ in words()["location_preps"]


def head_chain(span: Span) -> list[Token]:
    """The nouns a mention modifies, nearest first ("Russian" → "Defence", "Ministry")."""
    chain, token = [], span.root
    while token.dep_ in MODIFIER_DEPS and token.head.i >= span.end and token.head.i - span.end < 6:
        token = token.head
        chain.append(token)
    return chain


def modified_head(span: Span) -> Token | None:
    """The noun a mention modifies ("Russian" → "missiles"; "Iran-aligned" → "aligned")."""
    after = span.end
    if after + 1 < len(span.doc) and span.doc[after].text == "-":
        return span.doc[after + 1]
    chain = head_chain(span)
    return chain[-1] if chain else None


def organ_span(span: Span) -> Span | None:
    """The organ phrase a state mention starts ("Ukraine's defence ministry"), if it names one."""
    organs = [t for t in head_chain(span) if t.lower_ in words()["organ_heads"]]
    if not organs:
        return None
    phrase = span.doc[span.start : organs[-1].i + 1]
    if any(token.lower_ in words()["non_state_words"] for token in phrase):
        return None
    return phrase


def has_agency(span: Span, form: str, dateline: int) -> bool:
    """Whether this mention of a state makes it an actor rather than a place or a nationality."""
    if span.start < dateline or is_located(span):
        return False
    if organ_span(span) is not None:
        return True
    head = modified_head(span)
    if head is not None:
        if span.end < len(span.doc) and span.doc[span.end].text == "-":
            return False
        titles = words()["person_titles"]
        return any(t.lower_ in titles and t.text[:1].isupper() for t in head_chain(span))
    if form == "demonym":
        return span.root.dep_ in {"nsubj", "nsubjpass"} and not any(
            child.dep_ == "nummod" for child in span.root.children
        )
    return True


def is_place(span: Span) -> bool:
    """Whether an unknown name is used as a place ("near the town of Lachin", "in Khan Younis")."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in words()["place_preps"]:
        return True
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in words()["place_words"]:
        return True
    heads = head_chain(span)
    return bool(heads) and heads[0].lower_ in words()["place_words"]
