"""What a story calls a person: the title before the name, or in apposition, and whom they speak for.

"Russian President Vladimir Putin" → title "President", affiliation Russia; "Anahit Melkonyan, a
spokeswoman for the Armenian government" → title "spokeswoman", affiliation Armenia.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from service.analysis.facts.parties.gazetteer import words
from service.analysis.facts.parties.mention import POSSESSIVES, Mention
from service.analysis.facts.people import people_nouns


def strip_title(span: Span) -> tuple[Span, list[str]]:
    """The name part of a PERSON span and the title words it started with."""
    start = span.start
    while start < span.end - 1 and _leads_as_title(span.doc[start], span.end - start):
        start += 1
    end = next((t.i for t in span.doc[start : span.end] if "\n" in t.text), span.end)
    while end > start and (span.doc[end - 1].text in POSSESSIVES or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end], [t.text for t in span.doc[span.start : start]]


def _leads_as_title(token: Token, left: int) -> bool:
    """A title at the head of a name, abbreviated or not ("Col.", "Cmdr"), or a word for a kind of
    person before a name of two words or more ("Analyst Ryan Cummings" opening a sentence)."""
    word = token.lower_.removesuffix(".")
    return word in words()["titles"] or (left > 2 and _names_a_kind_of_person(word))


def _names_a_kind_of_person(word: str) -> bool:
    """ "analyst", "archaeologist": our list of people words or WordNet's (facts/people.py). Read only
    where a name opens with it; as a title before a name (title_before), it cost the conflict
    stories' parties F1 0.002."""
    return word in words()["person_nouns"] or word in people_nouns()


def _is_title_word(doc, i: int) -> bool:
    """A word of a title: a title word, or "of"/"-" inside one ("Secretary of State", "Secretary-General")."""
    token, titles = doc[i], words()["titles"]
    if token.text in {"of", "-"}:
        return 0 < i and doc[i - 1].lower_ in titles and not doc[i - 1].is_lower
    word = token.lower_.removesuffix(".")  # "Capt.", "Lt."
    return word in titles or ((token.is_lower or token.is_sent_start) and word in words()["person_nouns"])


def title_before(span: Span) -> tuple[list[str], int]:
    """Title words right before a name ("German Chancellor" → ["Chancellor"]) and where they begin.

    Lower-case words that modify a title noun belong to it: "U.N. human rights chief Volker Turk".
    """
    doc, start = span.doc, span.start
    while start > 0 and _is_title_word(doc, start - 1) and not doc[start - 1].is_sent_end:
        start -= 1
    while start < span.start and start > 0 and _modifies_title(doc[start - 1], start, span.start):
        start -= 1
    while start < span.start and doc[start].text in {"of", "-"}:
        start += 1
    title = "".join(t.text_with_ws for t in doc[start : span.start]).strip()
    return ([title] if title else []), start


def _modifies_title(token: Token, start: int, end: int) -> bool:
    return token.is_lower and token.dep_ in {"amod", "compound"} and start <= token.head.i < end


def _affiliation_before(doc, start: int, known_at: dict[int, Mention]) -> str | None:
    """The state or body named right before a title ("German" in "German Chancellor")."""
    if start > 0 and doc[start - 1].text in POSSESSIVES:
        start -= 1
    before = known_at.get(start - 1) if start > 0 else None
    return before.key.removeprefix("actor:") if before is not None else None


def _apposition(name: Span) -> Token | None:
    """The role noun set beside a name: "Oksana Marchuk, deputy head of ..." → "head"."""
    nouns = words()["person_nouns"] | words()["titles"]
    root = name.root
    if root.dep_ == "appos" and root.head.lower_ in nouns:  # "the group's secretary, Tate Naing"
        return root.head
    return next((c for c in root.children if c.dep_ == "appos" and c.lower_ in nouns), None)


def _apposition_role(name: Span, known_at: dict[int, Mention]) -> tuple[str | None, str | None]:
    """Title and affiliation from an apposition ("a senior ICRC official in Yemen" → official, ICRC)."""
    noun = _apposition(name)
    if noun is None:
        return None, None
    titles = words()["titles"] | words()["person_nouns"]
    modifiers = [t for t in noun.lefts if t.dep_ in {"amod", "compound"} and t.lower_ in titles]
    title = " ".join(t.text for t in [*modifiers, noun])
    owners = (known_at[t.i] for t in noun.subtree if t.i in known_at and not _is_place_of(t, noun))
    owner = next(owners, None)
    return title, owner.key.removeprefix("actor:") if owner is not None else None


def _is_place_of(token: Token, noun: Token) -> bool:
    """ "in Yemen" inside "a senior ICRC official in Yemen" places the person, it is not their employer."""
    while token.i != noun.i and token.dep_ != "pobj":
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in words()["place_preps"]


def role(ent: Span, name: Span, inner: list[str], known_at: dict[int, Mention]) -> tuple:
    """(title, affiliation, index where the title starts) of the person named by ``ent``."""
    outer, start = title_before(ent)
    title = " ".join(outer + inner) or None
    if title:
        return title, _affiliation_before(ent.doc, start, known_at), start
    title, affiliation = _apposition_role(name, known_at)
    return title, affiliation, start
