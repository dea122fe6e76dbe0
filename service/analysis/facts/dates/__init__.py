"""Dates step: every temporal expression of the article with its TIMEX3 type and value.

Recognition and normalisation are rule-driven (timex_rules.jsonl and timex_words.json beside it);
relative expressions are resolved against ``context.published_at`` and stay None without it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Doc

from service.analysis.facts.dates.calendar import period_end as period_end  # for the fact steps
from service.analysis.facts.dates.normalise import NORMS, Situation
from service.analysis.facts.dates.recognise import Match, find
from service.analysis.facts.dates.tense import tense_of
from service.analysis.model import Context, DateMention

ENTITY_LABELS = ("DATE", "TIME")
# Values found by looking back at earlier mentions; they must not become anchors themselves,
# or "a year earlier" would chain 1988-Q3 → 1987-Q3 → ...
ANAPHORIC_NORMS = frozenset({"shift", "year_ago_period", "anaphoric_quarter"})


def reference_date(published_at: date | datetime | str | None) -> date | None:
    """The calendar day relative expressions are resolved against."""
    if published_at is None:
        return None
    if isinstance(published_at, str):
        try:
            published_at = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
        except ValueError:
            return None
    return published_at.date() if isinstance(published_at, datetime) else published_at


def extract(doc: Doc, context: Context) -> list[DateMention]:
    """The article's temporal expressions in reading order."""
    text = context.text
    entities = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ in ENTITY_LABELS]
    situation = Situation(dct=reference_date(context.published_at))
    mentions = []
    for match in find(text, entities):
        mention = _mention(doc, text, match, situation)
        if mention is None:
            continue
        mentions.append(mention)
        if mention.type == "DATE" and mention.value and match.rule.norm not in ANAPHORIC_NORMS:
            situation.previous.append(mention.value)
            if len(mention.value) == 10 and mention.value[0].isdigit():
                situation.last_day = (situation.sentence, mention.value)
    return mentions


def _mention(doc: Doc, text: str, match: Match, situation: Situation) -> DateMention | None:
    surface = text[match.start : match.end]
    span = doc.char_span(match.start, match.end, alignment_mode="expand")
    situation.tense = tense_of(span, text) if span is not None and len(span) else 0
    situation.sentence = span.sent.start_char if span is not None and len(span) else -1
    before = text[max(0, match.start - 16) : match.start].split()
    situation.word_before = before[-1].lower() if before else ""
    groups = dict(match.groups, _text=surface)
    try:
        kind, value = NORMS[match.rule.norm](groups, situation)
    except (ValueError, OverflowError):  # "Feb. 30", "9999 years ago": no calendar value exists
        kind, value = None, None
    return DateMention(
        text=surface, type=kind or match.rule.type, value=value, start=match.start, end=match.end
    )


def date_in_span(context: Context, start: int, end: int) -> str | None:
    """The calendar value of the first DATE (or TIME) mention inside ``[start, end)``.

    For casualty and prisoner facts: "Saturday morning" gives "2024-04-27", not "2024-04-27TMO";
    durations, sets and vague references (PAST_REF) are not dates and are skipped.
    """
    for mention in context.dates:
        if start <= mention.start and mention.end <= end and mention.type in ("DATE", "TIME"):
            value = (mention.value or "").split("T")[0]
            if value[:1].isdigit():
                return value
    return None


def names_a_period(context: Context, start: int, end: int) -> bool:
    """Whether a date or duration inside ``[start, end)`` is a period of a week or more: "the first
    three months" (P3M), "the past six weeks" (P6W), "the first half of the year" (2024-H1).

    For the fact steps: a figure framed by such a period ("kidnapped in the first three months of
    the year") sums many events. A month, a season or a year ("in March", "in 2024") may date one
    event and is not counted."""
    for mention in context.dates:
        if start <= mention.start and mention.end <= end and _WEEKS_OR_MORE.fullmatch(mention.value or ""):
            return True
    return False


_WEEKS_OR_MORE = re.compile(r"P\d+[WMY]|\d{4}-(?:Q[1-4]|H[12])")
