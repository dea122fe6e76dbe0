"""Parties: the actors of a story, one merged entry per real-world actor, ordered by salience.

Mentions come from the modules beside it (gazetteer, people, organisations); this one merges them
(surnames into full names, abbreviations into their expansion, every form of a state into the state),
drops states that only locate the events, and builds ``Party`` values.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from service.analysis.facts.parties import people, roles
from service.analysis.facts.parties.gazetteer import lookup, words
from service.analysis.facts.parties.known import known_mentions
from service.analysis.facts.parties.mention import Mention
from service.analysis.facts.parties.organizations import collective_mentions, org_mentions
from service.analysis.facts.parties.relabel import relabel
from service.analysis.facts.parties.state_organs import state_organs
from service.analysis.model import Context, Party

ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9.&-]*[A-Z0-9.]$")


def collect(doc: Doc) -> list[Mention]:
    """All mentions of possible parties in document order; each token belongs to one mention at most."""
    taken: set[int] = set(range(roles.dateline_end(doc)))
    known = known_mentions(doc, taken)
    persons = people.person_mentions(doc, taken, known)
    found = known + persons + people.surname_mentions(doc, taken, persons)
    found += state_organs(doc, taken, known) + org_mentions(doc, taken) + collective_mentions(doc, taken)
    return sorted(found, key=lambda m: m.start)


def _is_corroborated(group: list[Mention], doc: Doc) -> bool:
    """A state named only by an ambiguous name ("Georgia", "Jordan", "Chad") needs another of its forms
    (a demonym, a capital, an organ) before it counts: those names are also US states and people.
    So does a body named only by a short name that is also a common word ("Amnesty")."""
    name = group[0].key.removeprefix("actor:")
    if all(m.surface.lower() in words()["ambiguous_aliases"] for m in group):
        # "Amnesty comes on the national day" is the word; "Amnesty said" is Amnesty International
        return any(_speaks(doc[m.start]) for m in group)
    if name not in words()["ambiguous_country_names"]:
        return True
    return any(m.surface != name and (lookup(m.surface) or name in m.surface) for m in group)


def _speaks(token) -> bool:
    """The subject of a verb of saying ("Amnesty said", "Amnesty urged the junta")."""
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in words()["speech_verbs"]


def _is_party(group: list[Mention], places: set[str], doc: Doc) -> bool:
    """Some mention acts, none is a place; an unknown organisation the model also calls a place is one."""
    if not any(m.agentive for m in group) or any(m.place for m in group) or not _is_corroborated(group, doc):
        return False
    return not (group[0].key.startswith("org:") and any(m.surface in places for m in group))


def _link_people(mentions: list[Mention]) -> None:
    """Point a partial name ("Putin") at the one full name that contains it ("Vladimir Putin")."""
    names = {m.surface for m in mentions if m.type == "person"}
    for mention in mentions:
        if mention.type != "person":
            continue
        longer = [n for n in names if people.same_person(mention.surface, n)]
        fullest = {n for n in longer if not any(people.same_person(n, other) for other in longer)}
        if len(fullest) == 1:
            mention.key = "person:" + fullest.pop()


def _abbreviation_after(doc: Doc, mention: Mention) -> str | None:
    """The "(LNA)" written right after a name, if any."""
    end = mention.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        return text if ABBREVIATION.match(text) else None
    return None


def _link_organizations(doc: Doc, mentions: list[Mention]) -> None:
    """Merge abbreviations into their expansion and longer names into the shorter one they extend.

    A place is never the shorter one: "Sumy regional military administration" is not "Sumy".
    """
    places = {m.key for m in mentions if m.place}
    alias_of: dict[str, str] = {}
    for mention in mentions:
        abbreviation = _abbreviation_after(doc, mention)
        if abbreviation and mention.type != "person":
            alias_of["org:" + abbreviation.casefold()] = mention.key
    _link_acronyms(mentions, alias_of)
    orgs = sorted({m.key for m in mentions if m.key.startswith("org:")}, key=len)
    for i, short in enumerate(orgs):
        for long in orgs[i + 1 :]:
            if long.startswith(short + " ") and long not in alias_of and short not in places:
                alias_of[long] = short
    for mention in mentions:
        seen = set()
        while mention.key in alias_of and mention.key not in seen:
            seen.add(mention.key)
            mention.key = alias_of[mention.key]


def _initials(name: str) -> str:
    """'Kachin Independence Army' → 'KIA': the first letters of its capitalised words."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def _link_acronyms(mentions: list[Mention], alias_of: dict[str, str]) -> None:
    """An acronym used alone ("the NOC said") is the body whose initials it spells, when only one does."""
    names = {m.key: m.surface for m in mentions if m.type != "person" and " " in m.surface}
    for mention in mentions:
        surface = mention.surface
        if mention.type == "person" or not ABBREVIATION.match(surface) or not 2 <= len(surface) <= 6:
            continue
        letters = surface.replace(".", "").replace("-", "")
        spelled = {key for key, name in names.items() if _initials(name) == letters}
        if len(spelled) == 1 and mention.key not in alias_of:
            alias_of[mention.key] = spelled.pop()


def _single_word_person(group: list[Mention]) -> bool:
    """A 'person' named by one word only, without a title or a fuller name ("Kidnappings", a town):
    a word the model took for a name; the story's people have full names."""
    return group[0].type == "person" and all(" " not in m.surface and not m.title for m in group)


def _name(group: list[Mention]) -> str:
    """The canonical name: the gazetteer's or the full person name, else the longest form seen."""
    key = group[0].key
    if key.startswith(("actor:", "person:")):
        return key.split(":", 1)[1]
    return max((m.surface for m in group), key=len)


POSSESSIVE_BEFORE_NOUN = re.compile(r"^(\w[\w .-]*?)['’]s (?=[a-z])")


def _without_possessive(form: str) -> str:
    """ "Gaza's civil defence agency" → "Gaza civil defence agency", as a name is written without its
    possessive; not inside a proper name ("People's Liberation Army")."""
    return POSSESSIVE_BEFORE_NOUN.sub(r"\1 ", form)


def _party(group: list[Mention]) -> Party:
    """One Party from the mentions of one actor; aliases are the other forms seen, once each."""
    bare = _without_possessive if group[0].type in ("organization", "group") else str
    name = bare(_name(group))
    aliases: dict[str, str] = {}
    for surface in (form for m in group for form in dict.fromkeys((m.surface, bare(m.surface)))):
        folded = surface.casefold()
        if folded != name.casefold() and folded not in aliases:
            aliases[folded] = surface
    return Party(
        name=name,
        type=group[0].type,
        aliases=tuple(aliases.values()),
        mentions=len(group),
        id=next((m.id for m in group if m.id), None),
        title=next((m.title for m in group if m.title), None),
        affiliation=next((m.affiliation for m in group if m.affiliation), None),
    )


def extract(doc: Doc, context: Context) -> list[Party]:
    """The story's actors, most salient first (most mentions, then earliest).

    Also corrects ``doc.ents`` for the actors' mentions (see ``actors.relabel``) for the later steps.
    """
    mentions = collect(doc)
    _link_people(mentions)
    _link_organizations(doc, mentions)
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.key, []).append(mention)
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") and lookup(e.text) is None}
    acting = [
        g
        for g in groups.values()
        if _is_party(g, places, doc) and not _single_word_person(g) and not roles.only_recalled(doc, g)
    ]
    acting.sort(key=lambda g: (-len(g), g[0].start))
    relabel(doc, acting)
    return [_party(group) for group in acting]
