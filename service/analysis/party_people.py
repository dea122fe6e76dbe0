"""People in a story: names without their titles, the title and the state or body they speak for.

"Russian President Vladimir Putin" → name "Vladimir Putin", title "President", affiliation from
"Russian"; later "Putin" alone is the same person (see ``same_person``).
"""

from __future__ import annotations

from spacy.tokens import Span

from service.analysis.party_gazetteer import words


def strip_title(span: Span) -> tuple[Span, list[str]]:
    """The name part of a PERSON span and the title words it started with."""
    start = span.start
    titles = words()["titles"]
    while start < span.end - 1 and span.doc[start].lower_ in titles:
        start += 1
    end = span.end
    while end > start and span.doc[end - 1].text in {"'s", "'", "’s", "’"}:
        end -= 1
    return span.doc[start:end], [t.text for t in span.doc[span.start : start]]


def title_before(span: Span) -> tuple[list[str], int]:
    """Title words right before a name ("German Chancellor" → ["Chancellor"]) and where they begin."""
    doc, titles = span.doc, words()["titles"]
    start = span.start
    while start > 0 and doc[start - 1].lower_ in titles and not doc[start - 1].is_sent_end:
        if doc[start - 1].is_lower and doc[start - 1].lower_ not in {"spokesman", "spokeswoman"}:
            break
        start -= 1
    return [t.text for t in doc[start : span.start]], start


def is_plausible_name(span: Span) -> bool:
    """A name starts with a capital; lower-case words are only particles ("al-", "bin") or follow a hyphen."""
    tokens = [t for t in span if t.is_alpha]
    if not tokens or not tokens[0].text[:1].isupper() or all(t.is_stop for t in tokens):
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
