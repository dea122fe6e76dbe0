"""Reads the figures a headline states in headline grammar ("7 Shot, 3 Dead", "4 Women, Man Shot").

Headlines drop the words a parser leans on ("were", "people", articles) and capitalise every word,
so the sentence parse misreads them ("Police: 2 Dead, 1 Hurt" read as two hurt). Their grammar is
small instead: groups of people, each a count or a singular person word, joined by commas or "and",
then a casualty word; "N fatally" after a figure of people shot. This reader scans the words for
that shape; the parse stays the fallback for headlines written as sentences.
"""

from __future__ import annotations

import re
from functools import cache

from service.analysis.facts.casualties.syntax import triggers
from service.analysis.facts.casualties.victims import ORDINAL_ENDINGS, ORDINALS
from service.analysis.facts.numbers import AGE_UNITS, scan, words_of

# Words that end a group of people on its left: another clause, a verb of saying, a preposition.
_BOUNDARIES = {":", ";", "|", "says", "say", "said", "in", "at", "after", "on", "as",
               "near", "during", "from", "by", "with", "of", "for", "to", "when", "while", "among",
               "including"}  # fmt: skip
_JOINERS = {",", "and", "&"}
_MAX_GROUP_WORDS = 4  # "3 off-duty police officers": a count and a few words before the casualty word


def read_title(title: str) -> dict[str, list[int]]:
    """The figures per kind (killed, injured, missing, shot) a headline states in headline grammar."""
    words = words_of(title)
    kinds = [_kind_of(word) for word in words]
    out: dict[str, list[int]] = {}
    active = triggers()["headline_active_verbs"]
    for i, kind in enumerate(kinds):
        if words[i] == "toll" and (count := _toll_count(words, i)) is not None:
            out.setdefault("killed", []).append(count)  # "Massacre Toll Rises To 57"
            continue
        if kind is None:
            count = _object_count(words, i) if words[i] in active else None
            if count:  # "Strike Kills 12, Injures 60"
                out.setdefault(active[words[i]], []).append(count)
            continue
        if kind == "fatal":  # "9 shot, 1 fatally": the number just before is the dead
            found = scan(words, i - 1) if i > 0 and kinds[i - 1] is None else None
            if found is not None and found[0].count is not None:
                out.setdefault("killed", []).append(found[0].count)
            continue
        if i + 1 < len(words) and scan(words, i + 1) is not None:
            continue  # an active verb ("Gunman killed three"): its object is the parse's to read
        if i > 0 and kinds[i - 1] == "fatal" or words[i + 1 : i + 3] == ["to", "death"]:
            kind = "killed"  # "Man Fatally Shot", "3 Found Shot To Death"
        left = i  # "Shot And Killed", "Fatally Shot": the people are before the first casualty word
        while left > 0 and (
            kinds[left - 1] is not None or (left > 1 and words[left - 1] in _JOINERS and kinds[left - 2])
        ):
            left -= 1
        count = _people_before(words, kinds, left)
        if count and _ordinal_before(words, kinds, left):
            count -= sum(counts[-1] for other, counts in out.items() if other not in (kind, "shot"))
        if count and count > 0:
            out.setdefault(kind, []).append(count)
    return out


def _ordinal_before(words: list[str], kinds: list, end: int) -> bool:
    """ "3 Dead, 4th Person Hurt", "2 Killed, Third Victim Wounded": an ordinal counts everyone so
    far, so the people of the other kinds before it are not of this one (one hurt here, not four)."""
    group = words[_groups_start(words, kinds, end) : end]
    numbered = any(w in ORDINAL_ENDINGS and i and group[i - 1].isdigit() for i, w in enumerate(group))
    return numbered or any(w in ORDINALS for w in group)


_TOLL_VERB_WORDS = 5  # "Toll In Kabul Blast Rises To 80": the update verb a few words after "toll"
_TOLL_PREPOSITIONS = ("in", "from", "of", "after")  # the only words between a toll and its verb


def _toll_count(words: list[str], toll: int) -> int | None:
    """The figure a headline's toll is updated to ("Stampede Toll Rises To 145", "Quake Toll Climbs
    To 300", "Flood Toll Hits 40"): a headline's toll, whatever event names it, counts the dead."""
    forms = _update_forms()
    end = min(toll + 1 + _TOLL_VERB_WORDS, len(words))
    verb = next((i for i in range(toll + 1, end) if words[i] in forms), None)
    between = words[toll + 1 : verb] if verb is not None else []
    if verb is None or (between and between[0] not in _TOLL_PREPOSITIONS):  # "Toll Road Fees Rise 5%"
        return None
    at = verb + 2 if words[verb + 1 : verb + 2] in (["to"], ["at"]) else verb + 1
    found = scan(words, at) if at < len(words) else None
    if found is None or found[0].count is None or words[found[1] : found[1] + 1] in (["%"], ["percent"]):
        return None
    return found[0].count


@cache
def _update_forms() -> frozenset[str]:
    """The forms a headline writes the update verbs in ("rises", "climbed", "rose", "hits")."""
    irregular = {"rise": ("rose", "risen"), "stand": ("stood",), "bring": ("brought",), "grow": ("grew",)}
    forms = set()
    for verb in triggers()["update_verbs"]:
        forms |= {verb, f"{verb}s", f"{verb}es", f"{verb}d", f"{verb}ed", *irregular.get(verb, ())}
    return frozenset(forms)


def _object_count(words: list[str], verb: int) -> int | None:
    """The people an active headline verb ("kills", "wounds") counts in the number after it: one for
    an age ("kills 12-year-old"), none for an ordinal or an infinitive ("trying to kill 5th")."""
    if verb == 0 or words[verb - 1] == "to" or verb + 1 >= len(words):
        return None
    found = scan(words, verb + 1)
    if found is None or found[0].count is None:
        return None
    after = words[found[1] : found[1] + 3]
    if after[:1] and after[0] in ORDINAL_ENDINGS:
        return None
    count = 1 if any(w.rstrip("s") in AGE_UNITS for w in after) else found[0].count
    rest = words[found[1] : found[1] + 8]
    if any(w in ("self", "himself", "herself") for w in rest):  # "kills 6-year-old brother, self"
        count += 1
    return count


def _kind_of(word: str) -> str | None:
    data = triggers()
    if word in data["fatal_adverbs"]:
        return "fatal"
    return data["headline_words"].get(word) or data["states"].get(word)


def _groups_start(words: list[str], kinds: list, end: int) -> int:
    """Where the groups of people before ``words[end]`` begin: after a boundary or a casualty word."""
    start = end
    while start > 0 and words[start - 1] not in _BOUNDARIES and kinds[start - 1] is None:
        start -= 1
    return start


def _people_before(words: list[str], kinds: list, end: int) -> int | None:
    """How many people the groups just before ``words[end]`` name; None unless every group is counted."""
    groups, current = [], []
    for word in words[_groups_start(words, kinds, end) : end]:
        if word in _JOINERS:
            groups.append(current)
            current = []
        else:
            current.append(word)
    groups.append(current)
    groups = [g for g in groups if g]
    # "Boy, 17, Shot": a bare number after a person is his age
    counts = [_group_count(g) for i, g in enumerate(groups) if not (i and len(g) == 1 and g[0].isdigit())]
    if not counts or any(c is None for c in counts):
        return None
    return sum(counts)


def _group_count(group: list[str]) -> int | None:
    """A group's count: its number ("3 teens"), or one for a singular person word ("Man")."""
    group = _without_ages([word for word in group if word != "-"])  # "off-duty" reads "off - duty"
    if not group:
        return 1  # "14-Year-Old Shot": an age standing for a person
    if len(group) > _MAX_GROUP_WORDS:
        return None
    if group[0] in ORDINALS:  # "Third Victim Dies": three so far
        return ORDINALS[group[0]]
    if group[0].isdigit() and group[1:2] and group[1] in ORDINAL_ENDINGS:  # "4th Victim Dies"
        return int(group[0])
    for i in range(len(group)):
        found = scan(group, i)
        if found is not None:
            return found[0].count
    people = triggers()["victim_set"]
    last = group[-1]
    if last in people and not _plural(last):
        return 1
    return None


def _without_ages(group: list[str]) -> list[str]:
    """The group without its ages ("14-year-old girl" → "girl"): an age is not a count."""
    out, i = [], 0
    while i < len(group):
        if group[i].isdigit() and group[i + 1 : i + 2] and group[i + 1].rstrip("s") in AGE_UNITS:
            i += 3 if group[i + 2 : i + 3] == ["old"] else 2
            continue
        out.append(group[i])
        i += 1
    return out


def _plural(word: str) -> bool:
    return bool(re.search(r"(?:[^s]s|men|people|children|police|troops|youth)$", word))
