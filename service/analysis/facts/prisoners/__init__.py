"""Prisoner facts: people captured, held, released or exchanged in a conflict, with sides and evidence.

The steps, each small: find the counts of each sentence that are the patient of a prisoner trigger
(``mentions``), keep the story's own figures (not running totals, earlier years, arrests or
sub-groups), tell done from planned or demanded, split "each side freed N" into one figure per side,
name the sides, and drop repeats.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Span

from service.analysis.facts.figures import figure_span, inside
from service.analysis.facts.prisoners.context import (
    date_of,
    day_of,
    is_furniture,
    is_story_event,
    reference_day,
    said_before,
    status_of,
    told_as_earlier,
    victims_of,
)
from service.analysis.facts.prisoners.mentions import CAPTIVE_TITLE, Mention, find_mentions
from service.analysis.facts.prisoners.sides import sides_of
from service.analysis.facts.prisoners.triggers import HEADLINE
from service.analysis.facts.prisoners.words import country_rows, lexicon
from service.analysis.model import Context, Evidence, Prisoners, TitleEvidence
from service.analysis.nlp import parse

TITLE_CHARS = 300  # as much of a title as the pipeline parses
RECENT_DAYS = 7  # a figure dated this close to publication is the story's own
EARLIER_DAYS = 14  # a figure of the same kind dated before this is an earlier event the story recalls


def extract(doc: Doc, context: Context) -> list[Prisoners]:
    """Every prisoner figure of the article's own event, in reading order, without repeats."""
    found: list[Prisoners] = []
    doc.user_data[CAPTIVE_TITLE] = _captive_title(context.title)
    recalled: set[int] = set()  # the id() of each figure told as an earlier one
    for sent, mention in _story_mentions(doc, context):
        if mention.kind == "held" and said_before(mention):
            continue  # "had said in November that Baku was holding 55": not who is held now
        earlier = list(found)  # the per-side figures of one mention are never repeats of each other
        items = [item for item in _facts(mention, sent, context) if not any(_same(item, e) for e in earlier)]
        recalled |= {id(item) for item in items if told_as_earlier(mention.trigger)}
        found += items
    found = _without_recalled(found, recalled)
    found = [p for p in found if p.kind != "held" or p.status == "done"]  # "may be holding 10,000"
    found += [p for p in _title_facts(found, context) if p.kind != "held" or p.status == "done"]
    found = _realised_over_plans(_without_captures_of_the_freed(found))
    return _swap_totals(_without_earlier_events(found, reference_day(context.published_at)))


def _without_recalled(found: list[Prisoners], recalled: set[int]) -> list[Prisoners]:
    """A figure told as an earlier one ("11 captives released earlier", "freed seven of the crew
    earlier this month") is left out where the story states another figure of its kind that
    happened: that one is the news. Alone, it stays."""
    news = {p.kind for p in found if id(p) not in recalled and p.status == "done" and p.count is not None}
    return [p for p in found if id(p) not in recalled or p.kind not in news]


def _captive_title(title: str | None) -> bool:
    """Whether the headline speaks of captives ("Pirates free Greek tanker and its crew")."""
    words = re.findall(r"[a-z]+", (title or "").lower())
    return any(word in lexicon()["cues"] for word in words)


def _title_facts(found: list[Prisoners], context: Context) -> list[Prisoners]:
    """The headline's figures of the kinds the body states no figure of: a headline may say what
    the body leaves out or words past the rules ("21 students freed, six still held" over a body
    that breaks the 21 down and never counts the six), and a page may be only a headline and a
    line. Their evidence is the title (``TitleEvidence``, offsets into the title)."""
    if not context.title or not context.title.strip():
        return []
    doc = context.title_doc if context.title_doc is not None else parse(context.title[:TITLE_CHARS])
    doc.user_data[HEADLINE] = True
    stated = {p.kind for p in found if p.count is not None}
    out = []
    for sent, mention in _story_mentions(doc, context):
        evidence = _evidence(sent, doc.text)
        items = [replace(item, evidence=_in_title(evidence, item)) for item in _facts(mention, sent, context)]
        out += [item for item in items if item.kind not in stated and not any(_same(item, o) for o in out)]
    return out


def _in_title(evidence: Evidence, item: Prisoners) -> TitleEvidence:
    """The title's sentence as the evidence, keeping the figure's words (token offsets of the title's
    doc, so already offsets into the title)."""
    figure = inside(item.evidence.figure, evidence.start, evidence.end)
    return TitleEvidence(text=evidence.text, start=evidence.start, end=evidence.end, figure=figure)


def _story_mentions(doc: Doc, context: Context):
    """(sentence, mention) for each figure-bearing mention of the story's own event, outside page
    furniture, in reading order."""
    in_text = not doc.user_data.get(HEADLINE)  # a title's offsets are not the text's
    for sent in doc.sents:
        if is_furniture(sent) or (in_text and context.furniture_at(sent.start_char) is not None):
            continue  # a label line, or a caption, credit, related or timeline line (article/blocks.py)
        for mention in find_mentions(sent):
            if not _no_figure(mention) and is_story_event(mention, context):
                yield sent, mention


def _without_captures_of_the_freed(found: list[Prisoners]) -> list[Prisoners]:
    """ "21 students seized from a bus were freed": the seizure says who the freed are, and a capture
    figure equal to a release the story reports is those same people taken earlier, not a second
    event of the story. Left out, as the shared rules' gold leaves it out."""
    freed = {p.count for p in found if p.kind == "released" and p.status == "done"}
    return [p for p in found if p.kind != "captured" or p.count not in freed]


def _realised_over_plans(found: list[Prisoners]) -> list[Prisoners]:
    """Where the story reports a figure that happened, a planned or demanded figure of the same kind
    ("the deal provides for 500 to go free", "demanded the release of 1,000") is left out: readers
    and totals take the realised figure, and a larger plan would pass for it. A plan alone stays,
    marked ``planned`` or ``demanded``."""
    done = {p.kind for p in found if p.status == "done" and p.count is not None}
    return [p for p in found if p.status == "done" or p.kind not in done]


def _swap_totals(found: list[Prisoners]) -> list[Prisoners]:
    """Per-side figures and the stated total as one exchange: a release figure with no single side
    that equals the sum of two other release figures of the story ("each side freed 7 … the 14
    people were handed over") is the exchange's total."""
    done = [p for p in found if p.kind == "released" and p.status == "done" and p.count is not None]
    out = []
    for item in found:
        if item in done and len(item.parties) != 1:
            others = [p for p in done if p is not item and p.count < item.count]
            pairs = any(
                a.count + b.count == item.count for i, a in enumerate(others) for b in others[i + 1 :]
            )
            if pairs:
                item = replace(item, kind="exchanged")
        out.append(item)
    return out


def _without_earlier_events(found: list[Prisoners], published) -> list[Prisoners]:
    """'On March 3, the two sides traded 60 each' recalls an earlier swap when this week's is reported too."""
    if published is None:
        return found

    def age(item: Prisoners) -> int | None:
        day = day_of(item.date)
        return None if day is None else (published - day).days

    recent = {
        p.kind
        for p in found
        if p.status == "done" and p.count is not None and (age(p) is None or age(p) <= RECENT_DAYS)
    }
    return [p for p in found if not (p.kind in recent and (age(p) or 0) > EARLIER_DAYS)]


def _facts(mention: Mention, sent: Span, context: Context) -> list[Prisoners]:
    """One fact, or one per side for "each freed 103" / "six from each side"."""
    agents, others = (_canonical(names, context) for names in sides_of(mention))
    kind, day = mention.kind, date_of(mention, context)
    own_text = sent.doc.text if sent.doc.user_data.get(HEADLINE) else context.text  # a title may be longer
    base = {
        "evidence": _with_figure(_evidence(sent, own_text), sent, mention),
        "status": _status(mention, day, context),
        "victims": victims_of(mention),
        "date": day,
        **_bounds(mention),
    }
    if mention.each and kind in ("released", "exchanged"):
        sides = agents if len(agents) >= 2 else (agents + others)[:2]
        if len(sides) < 2:
            return [Prisoners(kind="released", parties=tuple(sides), **base) for _ in range(2)]
        return [Prisoners(kind="released", parties=(s, *(o for o in sides if o != s)), **base) for s in sides]
    return [Prisoners(kind=kind, parties=_unique(agents + others), **base)]


def _status(mention: Mention, day: str | None, context: Context) -> str:
    """A plan dated on the day of publication ("calls for the release of 477 inmates Tuesday") is news."""
    status = status_of(mention)
    published = reference_day(context.published_at)
    if status == "planned" and day and published is not None and day == published.isoformat():
        return "done"
    return status


def _no_figure(mention: Mention) -> bool:
    """'a few', 'several', 'many' say nothing a reader can use: no count and no bound."""
    count = mention.phrase.count
    return count.count is None and count.min is None and count.max is None


def _bounds(mention: Mention) -> dict:
    count = mention.phrase.count
    return {"count": count.count, "min": count.min, "max": count.max, "qualifier": count.qualifier}


def _evidence(sent: Span, text: str) -> Evidence:
    """The sentence without surrounding whitespace; offsets index the article text."""
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(text=text[start:end], start=start, end=end)


def _with_figure(evidence: Evidence, sent: Span, mention: Mention) -> Evidence:
    """The sentence's evidence with the span of the count, the noun it counts and its trigger
    (offsets into the sentence's doc: the text's, or the title's for a title fact)."""
    doc = sent.doc
    words = figure_span(doc[mention.phrase.start : mention.phrase.end], [mention.noun], mention.trigger)
    return replace(evidence, figure=inside(words, sent.start_char, sent.end_char))


def _same(a: Prisoners, b: Prisoners) -> bool:
    """A repeat: the same figure of the same kind, status and sides (the evidence may differ)."""
    keys = ("kind", "count", "min", "max", "qualifier", "status")
    if any(getattr(a, k) != getattr(b, k) for k in keys) or a.count is None or a.evidence == b.evidence:
        return False  # two figures of one sentence are two statements ("freed five … for five …")
    return set(a.parties) <= set(b.parties) or set(b.parties) <= set(a.parties)


def _canonical(names: list[str], context: Context) -> list[str]:
    """Canonical party names: the parties step's, else a country from a name, demonym or capital."""
    out = []
    for name in names:
        surface = name.removesuffix("'s").removesuffix("\u2019s").strip()
        canonical = context.canonical_party(surface) or _countries().get(surface.casefold()) or surface
        out.append(canonical.removeprefix("the ").removeprefix("The "))
    return list(_unique(out))


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


@cache
def _countries() -> dict[str, str]:
    """Names, demonyms and capitals → country, from the parties step's table when it is installed."""
    table = {}
    for cells in country_rows():
        name = cells[1]
        for cell in cells[1:4] + cells[5:6]:
            for form in cell.split("|"):
                if form.strip():
                    table.setdefault(form.strip().casefold(), name)
    return table
