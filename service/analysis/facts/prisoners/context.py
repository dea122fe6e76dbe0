"""What surrounds a prisoner figure: planned or done, the story's event or not, the sides, the victims."""

from __future__ import annotations

import re
from datetime import date, datetime

from spacy.tokens import Span, Token

from service.analysis.facts.clauses import after_a_distance, dated_by_distance
from service.analysis.facts.prisoners.mentions import Mention
from service.analysis.facts.prisoners.words import lemma, lexicon, verb_kind
from service.analysis.model import Context
from service.analysis.nlp.entities import entities_in

try:  # the dates step may not be installed
    from service.analysis.facts.dates import date_in_span, names_a_period
except ImportError:  # pragma: no cover - depends on which steps are installed
    date_in_span = names_a_period = None

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
CLAUSE_STOP = ("relcl", "acl", "ccomp", "advcl", "parataxis")


def status_of(mention: Mention) -> str:
    """'done', or 'planned' ("will free", "expected to release") or 'demanded' ("demanded the release of")."""
    status = lexicon()["status"]
    trigger = mention.trigger
    if _conditional(trigger, status["condition_marks"]):
        return "demanded"  # "threatened to kill them unless the two were freed"
    # "the rest will stay on board", "600 would still be held after the releases": a state that lasts
    lasting = mention.kind == "held" and (
        lemma(trigger) in ("remain", "stay") or any(c.lower_ == "still" for c in trigger.children)
    )
    if not lasting and any(c.dep_ == "aux" and c.lower_ in status["planned_aux"] for c in trigger.children):
        return "planned"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and (
        trigger.head.lemma_ == "be" or trigger.dep_ == "ROOT"
    ):
        return "planned"  # "is to free 50"; a headline's "Israel to release 110 prisoners"
    if mention.kind != "held" and _infinitive_of_intent(trigger):  # not "believed to hold 30"
        return "planned"
    for governor in _governors(trigger):
        word = lemma(governor)
        if governor.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in governor.children):
            return "planned"  # "gave no date for releasing 29 others": not done
        if (
            any(c.dep_ == "aux" and c.lower_ == "to" for c in governor.children)
            and governor.head.lemma_ == "be"
        ):
            return "planned"  # "the truce is to see 50 hostages freed"
        if word in status["demanded_governors"]:
            return "planned" if _deal_subject(governor) else "demanded"
        if word in status["planned_governors"] and verb_kind(governor)[0] is None:
            return "planned"  # (not "set" of "were set free": a release that happened)
        if governor.pos_ == "VERB" and any(c.lower_ in status["planned_aux"] for c in governor.children):
            return "planned"
        if word in status["aim_subjects"] or any(
            c.dep_ == "nsubj" and lemma(c) in status["aim_subjects"] for c in governor.children
        ):
            return "planned"  # "efforts were continuing to free the remaining 13"
    return "done"


def _conditional(trigger: Token, marks: list[str]) -> bool:
    """Whether the trigger's clause is a condition ("unless the two were freed", "if 40 are released")."""
    return trigger.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in trigger.children)


def _infinitive_of_intent(trigger: Token) -> bool:
    """ "is supposed to release", "committed to free": an infinitive says what someone means or is
    bound to do, unless its verb says it happened ("began to release", "managed to free") or it is
    perfect ("claimed to have released")."""
    if trigger.dep_ not in ("xcomp", "advcl") or trigger.head.pos_ not in ("VERB", "ADJ", "AUX"):
        return False
    marked = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
    perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in trigger.children)
    return marked and not perfect and lemma(trigger.head) not in lexicon()["status"]["realised_governors"]


def _governors(trigger: Token) -> list[Token]:
    """The words a trigger hangs from within its clause ("expected to release", "demanded the release")."""
    chain, token = [], trigger
    while (
        token.dep_ in ("xcomp", "dobj", "pobj", "prep", "nsubjpass", "acomp", "attr", "acl")
        or (token.dep_ == "pcomp" and token.tag_ == "VBG")  # "no date for releasing", not "with 35 released"
        or (
            token.dep_ in ("advcl", "relcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        )
    ) and len(chain) < 4:  # "promised … to free six", the infinitive parsed as an adverbial clause
        token = token.head
        chain.append(token)
    return chain


def _deal_subject(verb: Token) -> bool:
    """'The exchange calls for the release of …' plans; 'the group called for the release of …' demands."""
    words = lexicon()["status"]["deal_subjects"]
    return any(c.dep_ == "nsubj" and lemma(c) in words for c in verb.children)


def is_furniture(sent) -> bool:
    """A line of page furniture ("Related: …", "Photo: …", "Read more: …"), not a sentence of the story."""
    doc, start = sent.doc, sent.start
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:  # back to the line's first token
        start -= 1  # (doc.text would rebuild the whole text on every call)
    line = doc[start : start + 12].text[:40].lower().lstrip()
    return any(
        line.startswith(label) and line[len(label) :].lstrip()[:1] == ":"
        for label in lexicon()["furniture_labels"]
    )


def said_before(mention: Mention) -> bool:
    """A figure in the past perfect, or reported in it ("had said that … was holding 55", "they had
    held for weeks"): a state of affairs before the story's news."""
    token = mention.trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children) and token.tag_ == "VBN":
            return True
        if token.dep_ not in ("ccomp", "xcomp", "relcl") or token.head.i == token.i:
            return False
        token = token.head
    return False


def is_story_event(mention: Mention, context: Context) -> bool:
    """False for running totals ("since 2022"), war-origin background, and figures dated long before."""
    scope = lexicon()["scope"]
    clause = clause_of(mention)
    text = " ".join(t.lower_ for t in clause if not _comparing_since(t))
    # a held figure is a state at the time of writing: "arrested since the coup, still in detention"
    cumulative = _says_any(text, scope["cumulative_words"]) or (
        _perfect(mention.trigger) and _says_any(text, scope["perfect_total_words"])
    )
    if cumulative and mention.kind != "held":
        return False
    if mention.kind != "held" and _over_a_period(mention, context):
        return False
    if any(_cumulative_plural(t) for t in clause):
        return False
    if (
        _in_background_frame(mention.trigger)
        or _separate_event(mention)
        or dated_by_distance(mention.trigger, on_the_mark=True)
        or _inside_dated_clause(mention.trigger)
        or after_a_distance(mention.trigger)
    ):
        return False
    published = reference_day(context.published_at)
    if published is None:
        return True
    years = [int(y) for t in clause if t.ent_type_ == "DATE" for y in _YEAR.findall(t.text)]
    if any(year < published.year for year in years):
        return False
    day = day_of(date_of(mention, context))
    return day is None or (published - day).days <= scope["background_days"]


def told_as_earlier(trigger: Token) -> bool:
    """ "11 captives released earlier", "Iran freed seven of the crew earlier this month", "had
    previously freed 20": the verb is told as before the news. Not "earlier today", "earlier on
    Sunday" or "earlier in the day", which date the news itself."""
    for adverb in trigger.children:
        if adverb.dep_ != "advmod" or adverb.lower_ not in ("earlier", "previously"):
            continue
        after = " ".join(t.lower_ for t in trigger.doc[adverb.i + 1 : adverb.i + 4])
        return not after.startswith(_SAME_DAY)
    return False


_SAME_DAY = ("today", "tonight", "on ", "in the day", "this morning", "this afternoon", "this evening")


def _inside_dated_clause(trigger: Token) -> bool:
    """ "a week after police said bandits had seized 80 girls": the trigger sits in a clause below an
    adverbial clause dated by its distance from the news."""
    return any(t.dep_ == "advcl" and dated_by_distance(t, on_the_mark=True) for t in trigger.ancestors)


def _separate_event(mention: Mention) -> bool:
    """'Separately, …', 'In a separate case, …', 'In another incident, …': a story beside the story."""
    scope = lexicon()["scope"]
    words = [t.lower_ for t in mention.trigger.sent if not t.is_space][:6]
    if words and words[0] in scope["separate_openers"]:
        return True
    return any(words[: len(p)] == p for p in scope["separate_phrases"])


def _cumulative_plural(token: Token) -> bool:
    """'freed in exchanges since 2022' sums many events; 'outside the regular exchanges' does not."""
    scope = lexicon()["scope"]
    return token.lower_ in scope["cumulative_plurals"] and (
        token.dep_ == "pobj" and token.head.lower_ in scope["cumulative_plural_preps"]
    )


def _in_background_frame(trigger: Token) -> bool:
    """'The war began when militants … took 250 hostages': how the conflict started, not today's news."""
    scope = lexicon()["scope"]
    for verb in trigger.ancestors:
        if lemma(verb) in scope["background_verbs"]:
            if any(c.dep_ == "nsubj" and lemma(c) in scope["background_subjects"] for c in verb.children):
                return True
    return False


def _says_any(text: str, words: list[str]) -> bool:
    """Whether ``text`` holds one of ``words`` as whole words."""
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def _comparing_since(token: Token) -> bool:
    """The 'since' of a comparison ("the largest exchange since the war began", "the first … since
    2019") or of a series ("the seventh such move since the summer"): it dates the record or the
    series, not a running total."""
    if token.lower_ != "since":
        return False
    before = token.doc[max(token.sent.start, token.i - 8) : token.i]
    return any(
        t.tag_ in ("JJS", "RBS") or t.lower_ in ("first", "only") or t.ent_type_ == "ORDINAL" for t in before
    )


def _perfect(verb: Token) -> bool:
    """'have been freed', 'has released': a figure that runs up to now."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def clause_of(mention: Mention) -> list[Token]:
    """The trigger's clause and those of the words it hangs from ("agreed in 2018 to exchange …")."""
    return [t for top in (mention.trigger, *_governors(mention.trigger)) for t in _clause(top)]


def date_of(mention: Mention, context: Context) -> str | None:
    """The TIMEX3 value of the figure's clause date (a numbered one first), from the dates step."""
    if date_in_span is None:
        return None
    numbered_first = sorted(_clause_dates(mention), key=lambda e: not any(t.like_num for t in e))
    for ent in numbered_first:  # "Feb. 13" before "a Sunday"
        value = date_in_span(context, ent.start_char, ent.end_char)
        if value:
            return value
    return None


def _over_a_period(mention: Mention, context: Context) -> bool:
    """ "kidnapped in the first three months of the year", "over the past six months": a figure
    framed by a period of weeks or more sums many events. Not "after three months in captivity" or
    "within a week of their capture", which say how long, not when."""
    if names_a_period is None:
        return False
    return any(
        ent.root.head.lower_ in ("in", "over", "during", "throughout")
        and names_a_period(context, ent.start_char, ent.end_char)
        for ent in _clause_dates(mention)
    )


def _clause_dates(mention: Mention) -> list[Span]:
    """The DATE entities of the figure's sentence that hang in its clause (``clause_of``)."""
    roots = {t.i for t in clause_of(mention)}
    return [e for e in entities_in(mention.trigger.sent) if e.label_ == "DATE" and e.root.i in roots]


def reference_day(published: date | datetime | None) -> date | None:
    return published.date() if isinstance(published, datetime) else published


def day_of(value: str | None) -> date | None:
    """A calendar day from a TIMEX3 date value (a month or year counts from its first day)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if match is None:
        return None
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clause(trigger: Token) -> list[Token]:
    """The trigger's clause without the clauses nested in it (a relative clause has its own time)
    nor the record a superlative compares it with."""
    out, stack = [], [trigger]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if _comparing_since(child):  # "the largest release since the uprising of 2011": the
                continue  # record's time, not the figure's
            if child.dep_ not in CLAUSE_STOP and not _nested_verb(child):
                stack.append(child)
            elif child.dep_ == "advcl":  # keep "since" of "since the war began"
                out.extend(m for m in child.children if m.dep_ == "mark")
    return sorted(out, key=lambda t: t.i)


def _nested_verb(token: Token) -> bool:
    """A verb below the trigger heads its own clause, with its own time ("convicted … in 2020")."""
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")


def victims_of(mention: Mention) -> str | None:
    """Who the figure counts, as written: 'prisoners of war', 'Russian servicemen', 'hostages'."""
    noun = mention.noun
    if noun is None or noun.pos_ == "PRON":
        return None
    words = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.i > mention.phrase.end - 1]
    text = " ".join([*(w.text for w in words), noun.text])
    tail = [c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"]
    if tail and any(o.lower_ == "war" for o in tail[0].children):
        text += " of war"
    return text
