"""Organisations the gazetteer does not know, sub-national bodies and named collectives.

"the Sumy regional military administration", "Deep South Watch", "European leaders"; reporting
media ("told Reuters") and places the model took for organisations are left out.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from service.analysis.facts.parties import roles
from service.analysis.facts.parties.gazetteer import lookup, words
from service.analysis.facts.parties.mention import Mention, clean, is_free

GROUP_WORDS = frozenset(
    {
        "rebels",
        "militia",
        "militants",
        "gang",
        "cartel",
        "front",
        "brigade",
        "brigades",
        "movement",
        "fighters",
        "insurgents",
        "army",
    }
)


def _trim(span: Span) -> Span:
    """Drop words the model swept into a name at a sentence start ("Suspected Allied Democratic Forces");
    a capitalised adjective inside the sentence is the name's own ("the Democratic Front of …")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].pos_ in {"ADJ", "VERB", "ADV", "DET"}:
        token = span.doc[start]
        if token.pos_ != "DET" and token.text[:1].isupper() and not token.is_sent_start:
            break
        start += 1
    return span.doc[start : span.end]


def _is_name(span: Span) -> bool:
    """A name has a proper noun or an acronym, no quotation marks and no lower-case content word.

    "Mariupol and border guards" is two things the model ran together, not a name.
    """
    has_name = any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span)
    connectors = words()["name_connectors"]
    lower = [t for t in span if t.is_alpha and t.is_lower and t.lower_ not in connectors]
    return has_name and not lower and not any(t.is_quote and t.tag_ != "POS" for t in span)


def _introduced_as_org(ent: Span) -> bool:
    """ "Deep South Watch, an independent monitoring group": an apposition says what the name is."""
    return any(c.dep_ == "appos" and c.lower_ in words()["org_nouns"] for c in ent.root.children)


def _is_media(span: Span, surface: str) -> bool:
    """News outlets and social accounts report, they do not act ("told Reuters", "WMBF News", "@user")."""
    if surface.rstrip(".") in words()["media"] or surface.startswith("@"):
        return True
    if len(span) > 1 and span[0].lower_ in ("radio", "television", "tv"):
        return True  # "Radio Liberty", "Television Nacional": a broadcaster by its first word
    if len(span) > 2 and span[-1].lower_ in ("agency", "service", "network"):
        return span[-2].lower_ in words()["media_words"]  # "Xinhua News Agency", "Central News Agency"
    return len(span) > 1 and span[-1].lower_ in words()["media_words"]


def _news_agencies(doc: Doc) -> set[str]:
    """Names written next to "news agency" ("state news agency Dalta", "the Dalta news agency"):
    they report wherever the story names them."""
    found = set()
    for token in doc[1:-1]:
        if token.lower_ != "agency" or doc[token.i - 1].lower_ != "news":
            continue
        after, before = doc[token.i + 1], doc[token.i - 2] if token.i >= 2 else None
        for name in (after, before):
            if name is not None and name.pos_ == "PROPN":
                found.add(name.text)
    return found


def _body(ent: Span) -> Span | None:
    """The organisation an entity names: a sub-national organ it starts, or the ORG itself."""
    organ = roles.organ_span(ent)
    if organ is not None:
        return organ
    if ent.label_ == "ORG" or _introduced_as_org(ent):
        body = _trim(_whole_name(ent)) if ent.label_ == "ORG" else _trim(ent)
        return body if _is_name(body) else None
    return None


def _capitalised(token) -> bool:
    """A capitalised word inside a sentence, not a place or a date, not after a line break."""
    if not token.is_alpha or not token.text[:1].isupper() or token.is_sent_start:
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    joined = before is not None and before.whitespace_ in ("", " ") and not before.is_space
    return joined and token.ent_type_ not in ("GPE", "DATE", "NORP", "PERSON")


def _whole_name(ent: Span) -> Span:
    """The whole name when the model cut it: "Christian | Aid Ministries", "Seafarers' | Assistance
    Programme", "Commission on Human Rights and | National Reconciliation", "Office | for Yazidi
    Abductee Affairs": capitalised words beside it, joined by a connector or a possessive mark."""
    doc, start, end = ent.doc, ent.start, ent.end
    while (
        start > 0
        and _capitalised(doc[start - 1])
        and doc[start - 1].pos_ in ("PROPN", "ADJ")
        and ent.start - start < 3
    ):
        start -= 1
    connectors = words()["name_connectors"]
    for _ in range(6):
        if doc[end - 1].is_space or "\n" in doc[end - 1].whitespace_:
            break
        if end < len(doc) and _capitalised(doc[end]) and doc[end].pos_ == "PROPN":
            end += 1
        elif (
            end + 1 < len(doc)
            and (doc[end].lower_ in connectors or doc[end].tag_ == "POS")
            and _capitalised(doc[end + 1])
            and doc[end + 1].pos_ == "PROPN"
        ):
            end += 2
        else:
            break
    while end > ent.end and (doc[end - 1].lower_ in connectors or doc[end - 1].tag_ == "POS"):
        end -= 1
    return doc[start:end]


def _names_a_day(span: Span) -> bool:
    """ "Armed Forces Day", "Independence Day", "Earth Week": a day or week named for something, a
    date and no actor."""
    return len(span) > 1 and span[-1].lower_ in ("day", "week") and span[-1].text[:1].isupper()


def _mention(span: Span, surface: str) -> Mention:
    entry = lookup(surface)
    if entry is not None:
        actor = entry.actor
        return Mention(span.start, span.end, surface, "actor:" + actor.name, actor.type, id=actor.id)
    kind = "group" if any(t.lower_ in GROUP_WORDS for t in span) else "organization"
    key = "org:" + surface.casefold()
    # a group's name after "to" is no place ("belonging to the rebel Sudan Liberation Movement"):
    # only prepositions of place make it one
    place = roles.is_place(span, strict=kind == "group")
    return Mention(span.start, span.end, surface, key, kind, not roles.is_located(span), place=place)


def org_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Organisations from ORG entities and organs of places the gazetteer does not know."""
    found, agencies = [], _news_agencies(doc)
    for ent in doc.ents:
        if ent.label_ not in {"ORG", "GPE", "LOC", "FAC", "WORK_OF_ART"} or not is_free(ent, taken):
            continue
        span = _body(ent)
        surface = clean(span) if span is not None else ""
        if (
            not surface
            or _is_media(span, surface)
            or roles.names_a_thing(span)
            or _names_a_day(span)
            or surface in agencies
            or surface in words()["not_parties"]
        ):
            continue
        taken.update(range(span.start, span.end))
        found.append(_mention(span, surface))
    return found


def collective_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Named collectives that act together ("European leaders voiced concern")."""
    found = []
    for token in doc[:-1]:
        if token.i in taken or token.text not in words()["collective_regions"]:
            continue
        after = doc[token.i + 1]
        if after.lower_ in words()["collective_nouns"] and after.dep_ in {"nsubj", "nsubjpass"}:
            surface = f"{token.text} {after.lower_}"
            taken.update({token.i, after.i})
            found.append(Mention(token.i, after.i + 1, surface, "org:" + surface.casefold(), "group"))
    return found
