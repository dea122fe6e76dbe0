"""Places a casualty statement: its scope (event, background, cumulative), who gives it, where and when."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from service.analysis.facts.casualties.mentions import triggers
from service.analysis.facts.clauses import dated_by_distance
from service.analysis.model import Context
from service.analysis.nlp.entities import entities_in, entity_at

try:  # the dates step exposes this helper once it lands
    from service.analysis.facts.dates import date_in_span, period_end, reference_date
except ImportError:  # pragma: no cover - depends on which steps exist
    date_in_span = period_end = reference_date = None

QUANTIFIERS = ("least", "most", "fewest")  # "at least 12", "most of them": counts, not comparisons
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _after_the_event(text: str, cue: re.Match) -> bool:
    """ "Several hours after the crush, the toll stood at 74": "after the" points back at the
    story's own event; "days after a gunman killed two" tells another."""
    return cue.group(0).endswith(("after", "before")) and text[cue.end() :].startswith(" the ")


def scope_of(sent: Span, context: Context, *, lede: bool = False, captives: bool = False) -> str:
    """``cumulative`` for running totals, ``background`` for earlier incidents, else ``event``.

    The lede tells the story's own event whatever earlier times it names ("two days after a gunman
    killed two", a trial over a 2015 shooting), unless it says the incident is a separate one. In a
    story about captives (``captives``: its headline names captives and no casualty), deaths "last
    week" are what led to the captures or releases, not the story's event."""
    text = " " + sent.text.lower() + " "
    # "so far" is no cue: "six bodies have been recovered so far" counts the event to now, while
    # "so far this year" has its period
    own = _without_since_clauses(sent, _before_superlative(sent))
    own = " " + _without_descriptions(sent, own).lower() + " "
    if _any_cue("cumulative_cues").search(_NEWS_WINDOW.sub(" ", own)):
        return "cumulative"
    if _any_cue("separate_cues").search(text):
        return "background"
    cues = [m for m in _any_cue("background_cues").finditer(text) if not _after_the_event(text, m)]
    earlier = bool(cues) or _earlier_year(sent.text, context)
    earlier = earlier or (
        captives and (_any_cue("recent_past_cues").search(text) is not None or _dated_before(sent, context))
    )
    return "background" if earlier and not lede else "event"


CAPTIVES_NEWS_DAYS = 2  # in a story about captives, a date this many days before publication is the past


def _dated_before(sent: Span, context: Context) -> bool:
    """A date the sentence names ends days before the story's publication ("on July 25", "last
    April", "in March" in an August story): in a story about captives, the deaths it dates are what
    led to the captures or releases."""
    today = reference_date(context.published_at) if reference_date is not None else None
    if today is None:
        return False
    for mention in context.dates or ():
        if mention.type != "DATE" or not sent.start_char <= mention.start < sent.end_char:
            continue
        end = period_end(mention.value)
        if end is not None and (today - end).days > CAPTIVES_NEWS_DAYS:
            return True
    return False


# "over the past 24 hours", "in the last two days": the window of a daily report is the news itself,
# where "over the past three months" sums many events
_NEWS_WINDOW = re.compile(
    r" (?:over|in|during|within) the (?:past|last|previous) (?:(?:24|48|twenty-four|forty-eight|few) hours"
    r"|(?:day|night)|(?:two|2) days)\b"
)


def _without_since_clauses(sent: Span, text: str) -> str:
    """The text without the "since" that opens a clause: "40 are still missing since the dam burst"
    counts from the story's own event; "since January", "since 2011" and "since its campaign began"
    count over a period of many events."""
    for tok in sent:
        verb = _since_clause_verb(tok) if tok.lower_ == "since" else None
        if verb is None or verb.lemma_.lower() in triggers()["period_verbs"]:
            continue
        at = tok.idx - sent.start_char
        if at + 5 <= len(text):
            text = text[:at] + " " * 5 + text[at + 5 :]
    return text


def _without_descriptions(sent: Span, text: str) -> str:
    """The text without relative clauses that count nobody: "the monitor, which tracks the war,
    said the strike killed 10" describes its source; the war is not the figure's period."""
    for verb in sent:
        if verb.dep_ != "relcl" or verb.head.dep_ not in ("nsubj", "appos", "pobj"):
            continue
        words = list(verb.subtree)
        if any(t.like_num or t.lemma_.lower() in _casualty_words() for t in words):
            continue
        start, end = words[0].idx - sent.start_char, words[-1].idx + len(words[-1]) - sent.start_char
        if end <= len(text):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


@cache
def _casualty_words() -> frozenset[str]:
    data = triggers()
    return frozenset([*data["verbs"], *data["states"]])


def _since_clause_verb(since: Token) -> Token | None:
    """The verb of the clause "since" opens: its head as a mark, or, parsed as a preposition, the
    verb hung on its object ("missing since a wooden boat capsized": "boat" ← "capsized")."""
    if since.dep_ == "mark":
        return since.head
    if since.dep_ != "prep":
        return None
    objects = [c for c in since.children if c.dep_ == "pobj"]
    verbs = [v for o in objects for v in o.children if v.dep_ in ("acl", "relcl") and v.pos_ == "VERB"]
    return verbs[0] if verbs else None


RUNNING_CLAUSE_VERBS = ("bring", "raise", "push", "take", "lift")


def _before_superlative(sent: Span) -> str:
    """The sentence up to a superlative or a running-total clause: "the deadliest attack since the
    war began" and "one of the heaviest strikes this year" compare the event with a period, and in
    "killed 19 people, bringing this year's toll to 240" the period belongs to the total after
    "bringing"; neither makes the event's own figure a running total."""
    cut = next((tok for tok in sent if _starts_comparison(tok, sent.start)), None)
    return sent.text if cut is None else sent.doc[sent.start : cut.i].text_with_ws


def earlier_clause(sent: Span) -> set[int]:
    """The token indices of a clause dated before or after the sentence's own news by a distance
    ("two men were shot, a week after a boy was shot dead two streets away"; "came two days after a
    teenager was killed"): a casualty there is another, earlier incident."""
    out: set[int] = set()
    for verb in sent:
        if verb.dep_ != "advcl" or verb.head.i == verb.i:
            continue
        if dated_by_distance(verb):
            out |= {t.i for t in verb.subtree}
    return out


def running_total_start(sent: Span) -> int | None:
    """Where a running-total clause begins (", bringing this year's toll to 240"), when its words mark
    a running total: the figures after it are that total, not the event's."""
    cut = next((tok for tok in sent if tok.tag_ == "VBG" and _starts_comparison(tok, sent.start)), None)
    if cut is None or not _any_cue("cumulative_cues").search(
        " " + sent.doc[cut.i : sent.end].text.lower() + " "
    ):
        return None
    return cut.i


def _starts_comparison(tok, start: int) -> bool:
    """A superlative, or a running-total clause after a comma (``start``: the sentence's first token)."""
    superlative = tok.tag_ in ("JJS", "RBS") or tok.lower_ in triggers()["superlatives"]  # also as NN
    if superlative and tok.lower_ not in QUANTIFIERS:
        return True
    if tok.tag_ != "VBG" or tok.i <= start or tok.doc[tok.i - 1].text != ",":
        return False
    return tok.lemma_.lower() in RUNNING_CLAUSE_VERBS


@cache
def _any_cue(name: str) -> re.Pattern:
    """A regex finding any of the trigger list ``name``'s cues as whole words."""
    cues = "|".join(re.escape(cue) for cue in triggers()[name])
    return re.compile(rf"(?<![a-z])(?:{cues})(?![a-z])" if cues else r"(?!)")


def _earlier_year(text: str, context: Context) -> bool:
    """A year before the story's own ("an earthquake in 2018 killed about 160") marks another incident."""
    published = context.published_at
    if published is None:
        return False
    return any(int(y) < published.year for y in _YEAR.findall(text))


def _giver_of(noun):
    """ "figures from the United Nations", "a tally by the ministry": the body behind the figures."""
    if noun.lemma_.lower() not in triggers()["source_nouns"]:
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return noun


def source_of(sent: Span, context: Context) -> str | None:
    """Who gives the figure: "according to X", or the subject of "said"/"told"/"reported"."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 2 <= sent.end and tok.nbor().lower_ == "to":
            objects = [c for c in tok.nbor().children if c.dep_ == "pobj" and c.pos_ != "PRON"]
            if objects:
                giver = _giver_of(objects[0])
                return _party_name(sent.doc[giver.left_edge.i : giver.i + 1], context)
    verbs = triggers()["attribution_verbs"]
    for tok in sent:
        if tok.lemma_.lower() in verbs and tok.pos_ == "VERB":
            subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return _party_name(sent.doc[subject.left_edge.i : subject.i + 1], context)
    return None


def _party_name(span: Span, context: Context) -> str:
    """The canonical party a source phrase names, when the parties step found it, else the phrase."""
    surface = span.text.strip()
    for candidate in (surface, *(ent.text for ent in entities_in(span))):
        name = context.canonical_party(candidate)
        if name is not None:
            return name
    return surface


def location_of(sent: Span, doc: Doc) -> str | None:
    """The first place named in the sentence, else the story's dateline place."""
    for ent in entities_in(sent):
        if ent.label_ in ("GPE", "LOC", "FAC"):
            return ent.text
    for ent in entities_in(_opening(doc, 80)):
        if ent.label_ in ("GPE", "LOC"):
            return ent.text
    return None


def _opening(doc: Doc, chars: int) -> Span:
    """The tokens that start within the first ``chars`` characters, and the rest of an entity begun there."""
    end = 0
    while end < len(doc) and doc[end].idx <= chars:
        end += 1
    last = entity_at(doc[end - 1]) if end else None
    return doc[: max(end, last.end) if last is not None else end]


def date_of(context: Context, start: int, end: int) -> str | None:
    """The normalised date stated in ``text[start:end]``, when the dates step can tell."""
    if date_in_span is None:
        return None
    found = date_in_span(context, start, end)
    value = getattr(found, "value", found)
    return value if isinstance(value, str) else None
