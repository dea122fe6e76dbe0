"""People in a story: names without their titles, the title and the state or body they speak for.

"Russian President Vladimir Putin" → name "Vladimir Putin", title "President", affiliation from
"Russian"; later "Putin" alone is the same person (see ``same_person``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from service.analysis.actors.gazetteer import lookup, words
from service.analysis.actors.mention import POSSESSIVES, Mention, is_free
from service.analysis.actors.roles import is_place

NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})


def strip_title(span: Span) -> tuple[Span, list[str]]:
    """The name part of a PERSON span and the title words it started with."""
    start = span.start
    titles = words()["titles"]
    while start < span.end - 1 and span.doc[start].lower_ in titles:
        start += 1
    end = next((t.i for t in span.doc[start : span.end] if "\n" in t.text), span.end)
    while end > start and (span.doc[end - 1].text in POSSESSIVES or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end], [t.text for t in span.doc[span.start : start]]


def _is_title_word(doc, i: int) -> bool:
    """A word of a title: a title word, or "of"/"-" inside one ("Secretary of State", "Secretary-General")."""
    token, titles = doc[i], words()["titles"]
    if token.text in {"of", "-"}:
        return 0 < i and doc[i - 1].lower_ in titles and not doc[i - 1].is_lower
    return token.lower_ in titles or (token.is_lower and token.lower_ in words()["person_nouns"])


def title_before(span: Span) -> tuple[list[str], int]:
    """Title words right before a name ("German Chancellor" → ["Chancellor"]) and where they begin."""
    doc, start = span.doc, span.start
    while start > 0 and _is_title_word(doc, start - 1) and not doc[start - 1].is_sent_end:
        start -= 1
    while start < span.start and doc[start].text in {"of", "-"}:
        start += 1
    title = "".join(t.text_with_ws for t in doc[start : span.start]).strip()
    return ([title] if title else []), start


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
    """Whether ``short`` ("Putin", "Dela Cruz", "Somchai") is a part of the full name ``full``."""
    part, whole = name_tokens(short), name_tokens(full)
    if not part or len(part) >= len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def is_named_person(span: Span) -> bool:
    """An entity the model did not call PERSON that the text presents as one.

    "Chancellor Olaf Scholz" (a person title before it) or "Lenka Horakova, a spokeswoman" (a role
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


def extend_left(span: Span) -> Span:
    """Add given names the model left out ("Dil" before "Kumar Thapa")."""
    start, doc = span.start, span.doc
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
        if doc[start - 1].lower_ in words()["titles"] or doc[start - 1].ent_type_ not in ("", "PERSON"):
            break
        start -= 1
    return doc[start : span.end]


def acts(name: Span) -> bool:
    """A one-word name counts as a person when it speaks or acts, not when it only sits in a phrase."""
    if len(name) > 1:
        return not is_place(name, strict=True)
    return name.root.dep_ in {"nsubj", "nsubjpass", "poss"} or is_named_person(name)


def _affiliation(doc: Doc, start: int, by_end: dict[int, Mention]) -> str | None:
    """The state or body named right before a title ("German" in "German Chancellor")."""
    if start > 0 and doc[start - 1].text in POSSESSIVES:
        start -= 1
    before = by_end.get(start)
    return before.key.removeprefix("actor:") if before is not None else None


def _candidates(doc: Doc, taken: set[int]):
    """PERSON entities, and other entities the text presents as people, with given names added."""
    for ent in doc.ents:
        if not is_free(ent, taken):
            continue
        if ent.label_ == "PERSON" or (ent.label_ in NAME_LABELS and is_named_person(ent)):
            ent = extend_left(ent)
            if is_free(ent, taken):
                yield ent


def person_mentions(doc: Doc, taken: set[int], known: list[Mention]) -> list[Mention]:
    """Named people, with the titles and affiliations their names carry."""
    by_end = {m.end: m for m in known}
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    found = []
    for ent in _candidates(doc, taken):
        name, inner = strip_title(ent)
        if not len(name) or not is_plausible_name(name) or lookup(name.text) or is_byline(name):
            continue
        outer, title_start = title_before(ent)
        title = " ".join(outer + inner) or None
        affiliation = _affiliation(doc, title_start, by_end) if title else None
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
