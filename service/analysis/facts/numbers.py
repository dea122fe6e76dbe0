"""Reads counts as news writes them ("at least 12", "twenty-three", "dozens", "10 to 15") into a Count."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from service.analysis.model import Count

DATA = Path(__file__).parent / "numbers.json"
_WORD = re.compile(r"\d+(?:[,.]\d+)*|[a-z]+|[^\sa-z\d]")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})
AGE_UNITS = ("year", "month", "week")  # "a 15-year-old", "a six-month-old", "two 3-week-old babies"
_AGE_BEFORE = re.compile(r"\bage[sd]?(?:\s|\d|,|and|or|&)*$", re.I)


@dataclass(frozen=True)
class NumberPhrase:
    """A count found in a parsed text: ``start``/``end`` are token indices into the doc (end exclusive)."""

    count: Count
    start: int
    end: int


@cache
def lexicon() -> dict:
    """The number words, qualifiers and vague quantities of ``numbers.json``, loaded once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for key in ("fixed", "vague", "qualifiers"):
        data[key + "_split"] = sorted(
            ((_phrase_words(k), v) for k, v in data[key].items()), key=lambda kv: -len(kv[0])
        )
    data["zeros_split"] = [(z.split(), None) for z in data["zeros"]]
    for key in ("zeros", "fixed", "vague", "qualifiers"):
        data[key + "_first"] = _by_first_word(data[key + "_split"])
    data["small"] = {**data["units"], **data["tens"]}
    firsts = [data[key + "_first"] for key in ("zeros", "fixed", "vague", "qualifiers")]
    # A count can only start at one of these words (or at digits); None: no shortcut (an empty phrase).
    data["starts"] = (
        None if any("" in f for f in firsts) else {"between", *data["small"], *(w for f in firsts for w in f)}
    )
    return data


def _phrase_words(phrase: str) -> list[str]:
    """A phrase of numbers.json as the text's words read: a hyphen is a word ("a half-dozen")."""
    return phrase.replace("-", " - ").split()


def _by_first_word(table: list) -> dict[str, list]:
    """The (phrase, value) rows of ``table`` grouped by first word, in table order: scans try only these."""
    index: dict[str, list] = {}
    for phrase, value in table:
        index.setdefault(phrase[0] if phrase else "", []).append((phrase, value))
    return index


# letters glued to digits name a thing or an amount: "K-9", "F-16", "MH17", "A320", "N2.5" (naira)
_DESIGNATION = re.compile(r"[A-Za-z]{1,6}-?\d+(?:\.\d+)?[A-Za-z]?")


def words_of(text: str) -> list[str]:
    """Lower-cased words and digit groups, split as the reader expects ("twenty-three" → 3 words)."""
    return _WORD.findall(text.lower().translate(_DASHES))


def parse_count(text: str) -> Count | None:
    """The count that ``text`` starts with ("more than 300 people" → min 301), or None."""
    found = scan(words_of(text), 0)
    return found[0] if found else None


def find_counts(tokens: Iterable[Token]) -> list[NumberPhrase]:
    """Every number phrase in a run of spaCy tokens, left to right, not overlapping."""
    words, owner = [], []
    for tok in tokens:
        if _DESIGNATION.fullmatch(tok.text):
            continue  # "a K-9 officer", "flight MH17", "N2.5 million" (naira): no number of people
        if _particle_over(tok):
            continue  # "handed over 25 captives": 25, not more than 25
        for w in words_of(tok.text):
            words.append(w)
            owner.append(tok.i)
    phrases, i = [], 0
    while i < len(words):
        found = scan(words, i)
        if found is None:
            i += 1
            continue
        count, j = found
        phrases.append(NumberPhrase(count, owner[i], owner[j - 1] + 1))
        i = j
    return phrases


# words that qualify a number, which the parser may take for a preposition ("injured | over 50")
APPROXIMATORS = ("over", "about", "around", "nearly", "almost", "roughly", "approximately")


def _particle_over(token: Token) -> bool:
    """The "over" of "hand over" and "turn over", which is the verb's, not "more than"."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.lower_ == "over" and before is not None and before.lemma_.lower() in ("hand", "turn")


def partitive(phrase: NumberPhrase, doc) -> NumberPhrase | None:
    """The "Two" of "Two of 23 members" (parsed as one noun phrase), the part of the 23 a verb tells of."""
    of = doc[phrase.start - 1] if phrase.start >= 2 else None
    if of is None or of.lower_ != "of" or of.dep_ != "quantmod":  # "11 | of 34 travellers" reads itself
        return None
    before = find_counts(doc[max(phrase.start - 4, 0) : phrase.start - 1])
    return before[-1] if before and before[-1].end == phrase.start - 1 else None


def _number_before_others(noun: Token, phrases: list[NumberPhrase]) -> NumberPhrase | None:
    """ "The toll rose to 21 and 60 others were wounded", parsed as "21 and 60 | others": the
    number right before "others", joined to an earlier one, counts them."""
    if noun.lower_ not in ("others", "more") or not phrases or phrases[-1].end != noun.i:
        return None
    last = noun.doc[phrases[-1].end - 1]
    return phrases[-1] if last.dep_ == "conj" and last.head.like_num else None


def read_count(token: Token) -> NumberPhrase | None:
    """The count attached to a noun ("at least 12 civilians", "dozens of people", "no civilians").

    Only numbers that modify the noun count: the 67 of "a 67-year-old woman" does not."""
    doc = token.doc
    governor = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    start = min(token.left_edge.i, governor.left_edge.i if governor is not None else token.i)
    if token.dep_ == "pobj" and token.head.i == token.i - 1 and token.head.lower_ in APPROXIMATORS:
        start = token.head.i  # "injured | over 50": the word the parser took for a preposition qualifies it
    phrases = find_counts(doc[start : token.i + 1])
    later = _number_before_others(token, phrases)
    if later is not None:
        return later  # "risen to 21 and 60 others were wounded": the others are the 60
    for phrase in reversed(phrases):
        words = doc[phrase.start : phrase.end]
        if phrase.end > token.i + 1:
            continue
        attached = any(t.head == token and t.dep_ not in ("punct", "preconj") for t in words)
        inside = token in words and token.pos_ != "PROPN"  # not the 19 glued to "Oswald-Newman,19"
        if (inside or governor in words or attached) and not is_age(words):
            return phrase
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return NumberPhrase(Count(0, 0, 0, "exact"), token.i - 1, token.i)
    return None


@cache
def _age_after() -> re.Pattern:
    """After an age: more numbers (digits or the lexicon's words) joined by a list, then "-year-old"."""
    small = "|".join(w for w in lexicon()["units"] if w != "zero")
    listed = r"(?:\s*(?:,|and|or|&|-)\s*(?:\d+|" + small + r")-?){0,4}"
    units = "|".join(AGE_UNITS)
    return re.compile(r"^-?" + listed + r"\s*-?\s*(?:" + units + r")s?\s*-?\s*old\b", re.I)


def is_age(number: Span) -> bool:
    """Whether a number phrase states an age ("a 15 and 18-year-old", "men aged 21, 22 and 24"):
    the people are as many as the ages listed, not fifteen or twenty-four. The number is followed
    (across a list of more numbers) by "-year-old" or "years old", or follows "aged"/"ages"."""
    text = number.doc.text
    end = number.end_char
    if _age_after().match(text[end : end + 60]):
        return True
    if _after_a_name(number):
        return True
    return bool(_AGE_BEFORE.search(text[max(0, number.start_char - 40) : number.start_char]))


def _after_a_name(number: Span) -> bool:
    """ "Dan Cole, 25 and Li Wu, 32 were taken to the hospital": a bare number set after a person's
    name and a comma is the person's age, even where the parser makes it the subject. Not "In
    Chicago, 32 were shot" (a place) or "Li Wu, 32 others" (a number with its own noun)."""
    doc = number.doc
    if len(number) != 1 or not number[0].text.isdigit() or int(number[0].text) > 120 or number.start < 2:
        return False
    comma, name = doc[number.start - 1], doc[number.start - 2]
    after = doc[number.end] if number.end < len(doc) else None
    named = name.pos_ == "PROPN" and name.ent_type_ in ("PERSON", "") and name.is_title
    return comma.text == "," and named and (after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ"))


def scan(words: list[str], i: int) -> tuple[Count, int] | None:
    """The count whose phrase starts at ``words[i]``, with the index just past it; None if there is none."""
    lex = lexicon()
    starts = lex["starts"]
    if starts is not None and (i >= len(words) or (words[i] not in starts and not words[i][0].isdigit())):
        return None  # no zero, qualifier, range, vague, fixed, digit or number word starts here
    _, j = _match(lex["zeros_first"], words, i)
    if j > i:
        return Count(0, 0, 0, "exact"), j
    rule, j = _match(lex["qualifiers_first"], words, i)
    quantity = _quantity(words, j, after_from=i > 0 and words[i - 1] == "from")
    if quantity is None:
        return None
    count, k = quantity
    if rule and count.qualifier == "exact":
        count = _qualify(count.count, rule)
    return count, k


def _match(index: dict[str, list], words: list[str], i: int) -> tuple[object, int]:
    """The value of the longest phrase of an indexed table at ``words[i]``, and the index after it."""
    rows = index.get(words[i], []) if i < len(words) else []
    for phrase, value in rows + index.get("", []):  # an empty phrase sorts last: it matches anywhere
        if words[i : i + len(phrase)] == phrase:
            return value, i + len(phrase)
    return None, i


def _qualify(n: int, rule: str) -> Count:
    """Apply a qualifier rule of the lexicon to the stated number ``n``."""
    if rule == "at_least":
        return Count(n, n, None, "at_least")
    if rule == "more_than":
        return Count(n, n + 1, None, "at_least")
    if rule == "at_most":
        return Count(n, None, n, "at_most")
    if rule == "less_than":
        return Count(n, None, max(n - 1, 0), "at_most")
    return Count(n, None, None, "about")


def _quantity(words: list[str], i: int, *, after_from: bool) -> tuple[Count, int] | None:
    """A range, a single number or a vague quantity at ``words[i]``."""
    lex = lexicon()
    if i < len(words) and words[i] == "between":
        low, high = _number(words, i + 1), None
        if low and low[1] < len(words) and words[low[1]] == "and":
            high = _number(words, low[1] + 1)
        return (Count(None, low[0], high[0], "range"), high[1]) if high else None
    vague, j = _match(lex["vague_first"], words, i)
    if j > i:
        return Count(None, vague, None, "unspecified"), j
    single = _number(words, i)
    if single is None:
        return None
    n, j = single
    if not after_from and j + 1 < len(words) and words[j] in lex["range_links"]:
        high = _number(words, j + 1)
        if high and high[0] > n:
            return Count(None, n, high[0], "range"), high[1]
    return Count(n, n, n, "exact"), j


def _number(words: list[str], i: int) -> tuple[int, int] | None:
    """A number in digits ("1,200", "1.5 million"), in words ("twenty-three") or fixed ("a dozen")."""
    lex = lexicon()
    value, j = _match(lex["fixed_first"], words, i)
    if j > i:
        return value, j
    if i < len(words) and words[i][0].isdigit():
        return _digits(words, i)
    return _spelled(words, i)


def _digits(words: list[str], i: int) -> tuple[int, int] | None:
    """Digits with thousands separators, optionally scaled ("2.5 million")."""
    text = words[i]
    scales = lexicon()["scales"]
    scale = words[i + 1] if i + 1 < len(words) and words[i + 1] in scales else None
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+", text):
        value = int(text.replace(",", ""))
    elif scale and re.fullmatch(r"\d+\.\d+", text):
        value = float(text)
    else:
        return None
    if scale:
        return round(value * scales[scale]), i + 2
    return value, i + 1


def _spelled(words: list[str], i: int) -> tuple[int, int] | None:
    """A number spelled in words: "twenty-three", "one hundred and five", "two million"."""
    lex = lexicon()
    small = lex["small"]
    total, current, j, seen = 0, 0, i, False
    while j < len(words):
        w = words[j]
        if w in small and _fits(current, small[w], seen):
            current += small[w]
        elif w in lex["scales"] and seen:
            total, current = _scale(total, current, lex["scales"][w])
        elif _is_link(words, j, current, total) and seen:
            j += 1
            continue
        else:
            break
        seen, j = True, j + 1
    return (total + current, j) if seen else None


def _fits(current: int, value: int, seen: bool) -> bool:
    """Whether a number word continues the number so far ("twenty" + "three", not "two" + "three")."""
    last = current % 100
    return not seen or last == 0 or (last >= 20 and last % 10 == 0 and value < 10)


def _is_link(words: list[str], j: int, current: int, total: int) -> bool:
    """A hyphen after a tens word ("twenty-three") or "and" after a scale word ("one hundred and five")."""
    if j + 1 >= len(words) or words[j + 1] not in lexicon()["small"]:
        return False
    last = current % 100
    if words[j] == "-":
        return last >= 20 and last % 10 == 0 and words[j + 1] in lexicon()["units"]
    return words[j] == "and" and last == 0 and (current or total) > 0


def _scale(total: int, current: int, scale: int) -> tuple[int, int]:
    """Fold ``current`` into the running total at a scale word (dozen, hundred, thousand, million)."""
    if scale < 1000:
        return total, max(current, 1) * scale
    return total + max(current, 1) * scale, 0
