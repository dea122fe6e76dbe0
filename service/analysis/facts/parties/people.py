"""People in a story: names without their titles, the title and the state or body they speak for.

"Russian President Vladimir Putin" → name "Vladimir Putin", title "President", affiliation from
"Russian"; later "Putin" alone is the same person (see ``same_person``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from service.analysis.facts.parties.gazetteer import lookup, words
from service.analysis.facts.parties.mention import Mention, is_free
from service.analysis.facts.parties.roles import is_place, names_a_thing
from service.analysis.facts.parties.titles import role, strip_title

NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})


def is_byline(name: Span) -> bool:
    """A journalist's credit ("Reporting by Jane Doe", "By John Smith\n"), not an actor of the story."""
    doc = name.doc
    before = doc[max(name.start - 3, 0) : name.start]
    if not any(t.lower_ == "by" for t in before):
        return "contributed" in name.sent.text
    line_start = name.start < 3 or any("\n" in t.text for t in before)
    return line_start or any(t.lower_ in words()["credit_words"] for t in name.sent)


def is_plausible_name(span: Span) -> bool:
    """A name starts with a capital; lower-case words are only particles ("al-", "bin") or follow a hyphen."""
    tokens = [t for t in span if t.is_alpha]
    if not tokens or not tokens[0].text[:1].isupper() or all(t.is_stop for t in tokens):
        return False
    if any(c.isdigit() or c in "/@" for c in span.text):
        return False
    return all(
        t.text[:1].isupper()
        or t.lower_ in words()["name_particles"]
        or (t.i > 0 and t.doc[t.i - 1].text == "-")
        for t in tokens
    )


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(name.replace("-", " - ").split())


def same_person(short: str, full: str) -> bool:
    """Whether ``short`` ("Putin", "Dos Santos", "Kittisak") is a part of the full name ``full``."""
    part, whole = name_tokens(short), name_tokens(full)
    if not part or len(part) >= len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def is_named_person(span: Span) -> bool:
    """An entity the model did not call PERSON that the text presents as one.

    "Chancellor Olaf Scholz" (a person title before it) or "Radka Pokorna, a spokeswoman" (a role
    noun in apposition).
    """
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in words()["person_titles"] and before.text[:1].isupper():
        return True
    root = span.root
    nouns = words()["person_nouns"]
    if root.dep_ == "appos" and root.head.lower_ in nouns:
        return True
    return any(child.dep_ == "appos" and child.lower_ in nouns for child in root.children)


def extend_name(span: Span) -> Span:
    """Add name words the model left out, before ("Dil" + "Kumar Thapa") or after ("Aung San" + "Suu Kyi")."""
    start, end, doc = span.start, span.end, span.doc

    def is_name_word(token) -> bool:
        return token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_ not in words()["titles"]

    while start > 0 and is_name_word(doc[start - 1]) and doc[start - 1].ent_type_ in ("", "PERSON"):
        start -= 1
    while end < len(doc) and is_name_word(doc[end]) and not doc[end].ent_type_:
        end += 1
    return doc[start:end]


def _qualifies_a_noun(name: Span) -> bool:
    """A name of several words that modifies the noun after it ("Mai Serwa prison", "Jefferson Parish
    Sheriff X"): a place the noun belongs to (a person's name modifies by a possessive), unless the
    noun is a body the name names ("the Jaish al-Nasr faction")."""
    root, bodies = name.root, words()["group_agent_heads"] | words()["org_nouns"]
    if len(name) < 2 or root.dep_ != "compound" or root.head.i < name.end:
        return False
    return root.head.lower_ not in bodies  # "the Jaish al-Nasr faction" names the faction


def acts(name: Span) -> bool:
    """A one-word name counts as a person when it speaks or acts, not when it only sits in a phrase."""
    if len(name) > 1:
        return not is_place(name, strict=True)
    return name.root.dep_ in {"nsubj", "nsubjpass", "poss"} or is_named_person(name)


def _candidates(doc: Doc, taken: set[int]):
    """PERSON entities, and other entities the text presents as people, with given names added."""
    for ent in doc.ents:
        if not is_free(ent, taken):
            continue
        if ent.label_ == "PERSON" or (ent.label_ in NAME_LABELS and is_named_person(ent)):
            ent = extend_name(ent)
            if is_free(ent, taken):
                yield ent


def person_mentions(doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
    """Named people, with the titles and affiliations their names carry."""
    known_at = {i: m for m in known for i in range(m.start, m.end)}
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    found = []
    for ent in _candidates(doc, taken):
        name, inner = strip_title(ent)
        if not len(name) or not is_plausible_name(name) or lookup(name.text) or is_byline(name):
            continue
        if names_a_thing(ent) or _qualifies_a_noun(name):  # "the tanker Orla Marin", a ship the model
            continue  # calls a person; "Jefferson Parish Sheriff …", "Mai Serwa prison": a place's name
        title, affiliation, title_start = role(ent, name, inner, known_at)
        taken.update(range(min(ent.start, title_start), ent.end))
        agentive = bool(title) or acts(name)
        in_places = len(name) == 1 and name.text in places and not is_named_person(name)
        place = not title and (in_places or is_place(name, strict=True))
        key = "person:" + name.text
        found.append(
            Mention(name.start, name.end, name.text, key, "person", agentive, None, title, affiliation, place)
        )
    return found


def surname_mentions(doc: Doc, taken: set[int], persons: list[Mention]) -> list[Mention]:
    """Parts of full names used alone, whatever label the model gave them ("Trump" as ORG)."""
    parts = {tok for m in persons if " " in m.surface for tok in name_tokens(m.surface)}
    found, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and doc[j].text in parts and doc[j].text[:1].isupper():
            j += 1
        if j > i:
            found.append(Mention(i, j, doc[i:j].text, "person:" + doc[i:j].text, "person"))
            taken.update(range(i, j))
        i = max(j, i + 1)
    return found
