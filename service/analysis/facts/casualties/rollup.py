"""Rolls a story's casualty statements up into headline figures: which figure is the story's, per kind."""

from __future__ import annotations

from dataclasses import dataclass, replace

from service.analysis.facts.casualties.mentions import triggers
from service.analysis.facts.casualties.syntax import has_any
from service.analysis.model import Casualty

KINDS = ("killed", "injured", "missing")
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr"}


@dataclass(frozen=True)
class Statement:
    """A casualty figure of one sentence, with what the roll-up needs to know about it."""

    item: Casualty
    running: bool  # "the toll rose to 31", "a fourth victim died": replaces the figures before it
    perpetrator: bool  # the attacker, counted once on top of the victims
    names: tuple[str, ...] = ()  # named victims, one each
    alive: bool = False  # people shot whom the sentence says survived ("was also shot but survived")
    living: int | None = None  # of those, how many: "the man and three others" (None: all of them)


def totals(casualties) -> dict:
    """The headline figure per kind: the ``main`` figure plus the attackers, else the largest event figure."""
    out: dict[str, int | None] = {}
    for kind in KINDS:
        mine = [c for c in casualties if c.kind == kind and c.scope == "event" and c.count is not None]
        main = [c.count for c in mine if c.role == "main"]
        attackers = [c.count for c in mine if c.role == "perpetrator"]
        if main or attackers:
            out[kind] = (main[0] if main else 0) + max(attackers, default=0)
        else:  # a figure the story replaced ("earlier") is no figure of it
            out[kind] = max((c.count for c in mine if c.role != "earlier"), default=None)
    return out


def rollup(statements: list[Statement], shot: list[Statement]) -> list[Casualty]:
    """The statements as Casualty items with their roles, plus the injured derived from people shot."""
    items = _wounded_who_died(_still_missing(_found_dead(_with_roles(_ordinals_after_the_hurt(statements)))))
    derived = _derived_injured(items, shot)
    if derived:  # more people were shot and lived than any injured figure written
        items = [replace(c, role="earlier") if c.kind == "injured" and c.role == "main" else c for c in items]
    return items + derived


def _ordinals_after_the_hurt(statements: list[Statement]) -> list[Statement]:
    """ "Two people were wounded. A third victim died": an ordinal counts everyone so far, the hurt too,
    so the dead it adds are the ordinal less the people hurt before it (one here, not three)."""
    out, killed, injured = [], 0, 0
    for statement in statements:
        item = statement.item
        if item.scope == "event" and item.count is not None and not statement.perpetrator:
            if item.kind == "killed" and statement.running and injured and killed + injured == item.count - 1:
                n = item.count - injured
                statement = replace(statement, item=replace(item, count=n, min=n, max=n))
            if item.kind == "killed":
                killed = max(killed, statement.item.count)
            elif item.kind == "injured":
                injured = max(injured, item.count)
        out.append(statement)
    return out


def _with_roles(statements: list[Statement]) -> list[Casualty]:
    """Mark each kind's headline ``main``, what it replaced ``earlier``, the attackers ``perpetrator``."""
    roles: dict[int, str] = {}
    extra: list[Casualty] = []
    for kind in KINDS:
        event = [(i, s) for i, s in enumerate(statements)
                 if s.item.kind == kind and s.item.scope == "event" and s.item.count is not None]  # fmt: skip
        victims = [(i, s) for i, s in event if not s.perpetrator]
        attackers = [(i, s) for i, s in event if s.perpetrator]
        best_i = _headline(victims, roles) if victims else None
        if attackers and (best_i is None or not _complete(statements[best_i])):
            roles[max(attackers, key=lambda pair: pair[1].item.count)[0]] = "perpetrator"
        if best_i is None:
            continue
        best = statements[best_i]
        named = _distinct_names(s for _, s in victims)
        if len(named) > (best.item.count or 0):
            roles[best_i] = "earlier"
            n = len(named)
            extra.append(
                replace(best.item, count=n, min=n, max=n, qualifier="exact", victims="person", role="main")
            )
        else:
            roles[best_i] = "main"
    return [replace(s.item, role=roles.get(i)) for i, s in enumerate(statements)] + extra


def _found_dead(items: list[Casualty]) -> list[Casualty]:
    """ "Six miners who were trapped underground were confirmed dead": when the story's dead are
    the people it says were trapped or missing, its figure of that many trapped ("six were trapped
    behind fallen rock") tells the same people before they were found, not people still missing."""
    dead = next((c for c in items if c.kind == "killed" and c.role == "main" and c.count), None)
    missing_words = [word for word, kind in triggers()["states"].items() if kind == "missing"]
    if dead is None or not has_any(dead.evidence.text, missing_words):
        return items
    same = [c for c in items if c.kind == "missing" and c.count == dead.count and c.scope == "event"]
    if not same:
        return items
    # an interim count that split the same people into dead and missing ("65 confirmed dead, with
    # 101 unaccounted for", before all 166 were declared dead)
    killed = {c.count for c in items if c.kind == "killed" and c.scope == "event" and c.count}
    same += [
        c for c in items
        if c.kind == "missing" and c.scope == "event" and c.count and dead.count - c.count in killed
    ]  # fmt: skip
    return [replace(c, role="earlier") if c in same else c for c in items]


def _still_missing(items: list[Casualty]) -> list[Casualty]:
    """ "46 workers trapped; 45 bodies brought up and one man still missing": a missing figure that
    equals the dead plus another missing figure counted both; the missing are the ones left."""
    dead = next((c for c in items if c.kind == "killed" and c.role == "main" and c.count), None)
    missing = [c for c in items if c.kind == "missing" and c.scope == "event" and c.count is not None]
    if dead is None:
        return items
    for both in missing:
        left = [c for c in missing if c is not both and c.count and c.count + dead.count == both.count]
        if both.role == "main" and left:
            return [
                replace(c, role="earlier") if c is both else replace(c, role="main") if c is left[0] else c
                for c in items
            ]
    return items


_OF_THE_HURT = ("of the wounded", "of the injured", "of the hurt")


def _wounded_who_died(items: list[Casualty]) -> list[Casualty]:
    """ "Two were killed and three wounded. One of the wounded later died": the dead the story counts
    rise by those of the wounded who died, and the wounded fall by as many (the latest figures)."""
    mains = {c.kind: c for c in items if c.role == "main" and c.scope == "event" and c.count is not None}
    dead, hurt = mains.get("killed"), mains.get("injured")
    if hurt is None:
        return items
    died = [
        c for c in items
        if c.kind == "killed" and c.role in (None, "main") and c.scope == "event" and c.count
        and c.evidence.start > hurt.evidence.start and has_any(c.evidence.text, _OF_THE_HURT)
    ]  # fmt: skip
    n = sum(c.count for c in died)
    if not n or n >= hurt.count:
        return items
    killed = (dead.count if dead is not None and dead not in died else 0) + n
    out = [replace(c, role="earlier") if c is dead or c is hurt else c for c in items]
    last = died[-1]
    out.append(replace(last, count=killed, min=killed, max=killed, qualifier="exact", role="main"))
    left = hurt.count - n
    out.append(replace(hurt, evidence=last.evidence, count=left, min=left, max=left, qualifier="exact"))
    return out


def _complete(statement: Statement) -> bool:
    """ "A total of 50 people", "five dead, including the gunman": the figure already counts the attacker."""
    text = statement.item.evidence.text.lower()
    return any(cue in text for cue in triggers()["complete_cues"])


def _headline(victims: list[tuple[int, Statement]], roles: dict[int, str]) -> int:
    """The index of the story's first figure, unless a later running total raises it ("rose to 31")."""
    sentences = [
        pair for pair in victims if pair[1].item.evidence.text.rstrip("\"'” ").endswith((".", "!", "?"))
    ]
    best_i, best = (sentences or victims)[0]  # a headline line or caption is not the story's lede
    for i, candidate in victims:
        if i <= best_i:
            continue
        if candidate.running and candidate.item.count > best.item.count:
            roles[best_i] = "earlier"
            best_i, best = i, candidate
    return best_i


def _distinct_names(statements) -> list[str]:
    """Named victims across sentences; "Hollis" and "Marcus Hollis" count once."""
    names: list[set[str]] = []
    for statement in statements:
        for name in statement.names:
            words = set(name.lower().replace(".", "").split()) - _HONORIFICS
            if not any(words <= known or known <= words for known in names):
                names.append(words)
    return names


def _derived_injured(items: list[Casualty], shot: list[Statement]) -> list[Casualty]:
    """People shot who did not die are injured ("four people were shot, one fatally" → 3 injured)."""
    event = [c for c in items if c.scope == "event"]
    figures = totals(event)
    hit = [s for s in shot if s.item.scope == "event" and s.item.count is not None]
    if not hit:
        return []
    best, with_attacker = max(_shot_per_sentence(hit), key=lambda pair: pair[0].count)
    main = sum(c.count for c in event if c.kind == "killed" and c.role == "main")
    attackers_dead = sum(c.count for c in event if c.kind == "killed" and c.role == "perpetrator")
    n = best.count - main - (attackers_dead if with_attacker else 0)
    alive = [s for s in hit if s.alive]
    living = max((s.item.count if s.living is None else s.living for s in alive), default=0)
    n = max(n, living, len(_distinct_names(alive)))
    if n <= (figures["injured"] or 0 if with_attacker else _victims_injured(event)):
        return []
    return [replace(best, kind="injured", count=n, min=n, max=n, qualifier="exact", role="main")]


def _victims_injured(event: list[Casualty]) -> int:
    """The injured figure written for the victims alone: "a boy was shot … the suspect was also
    hit in the hand" has one victim hurt besides the attacker, not the attacker as the victim."""
    victims = [c for c in event if c.kind == "injured" and c.role != "perpetrator" and c.count is not None]
    main = [c.count for c in victims if c.role == "main"]
    return main[0] if main else max((c.count for c in victims if c.role != "earlier"), default=0)


def _shot_per_sentence(hit: list[Statement]) -> list[tuple[Casualty, bool]]:
    """People shot per sentence: the victims, plus an attacker who shot himself when the victims are
    named by nouns ("shot a passenger, then himself"); "shot himself or someone shot him" is one."""
    out = []
    for start in {s.item.evidence.start for s in hit}:
        here = [s for s in hit if s.item.evidence.start == start]
        victims = [s.item for s in here if not s.perpetrator]
        attackers = [s.item for s in here if s.perpetrator]
        if victims and attackers and victims[0].victims is not None:
            n = victims[0].count + attackers[0].count
            out.append((replace(victims[0], count=n), True))
        else:
            out.append(((victims or attackers)[0], bool(attackers and not victims)))
    return out
