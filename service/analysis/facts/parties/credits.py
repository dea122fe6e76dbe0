"""Parties named only in page furniture (bylines, photo credits, agency tags, date lines,
boilerplate, related-story lines) are not actors of the story: "By Jane Doe", "(AP Photo/John Roe)",
"— Reuters" credit the page, not the events."""

from __future__ import annotations

import re

from service.analysis.model import Context, Party

NOT_STORY = frozenset({"byline", "credit", "agency", "date", "boilerplate", "related"})


def story_parties(parties: list[Party], context: Context) -> list[Party]:
    """The parties named at least once outside the page furniture (all of them without blocks)."""
    if not any(block.kind in NOT_STORY for block in context.blocks):
        return parties
    return [party for party in parties if _named_in_story(party, context)]


def _named_in_story(party: Party, context: Context) -> bool:
    for form in (party.name, *party.aliases):
        if not form.strip():
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", context.text):
            if context.furniture_at(match.start()) not in NOT_STORY:
                return True
    return False
