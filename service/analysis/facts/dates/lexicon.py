"""Loads the temporal word lists and rules from the files beside it and compiles the rules' regexes once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from re import _constants as sre_constants
from re import _parser as sre_parser

DATA = Path(__file__).resolve().parent
WORDS: dict = json.loads((DATA / "timex_words.json").read_text(encoding="utf-8"))
RULE_KEYS = {"name", "pattern", "type", "norm", "guard"}
TYPES = {"DATE", "TIME", "DURATION", "SET"}


@dataclass(frozen=True)
class Rule:
    """One recognition rule: a regex with named groups, its TIMEX3 type and the normaliser to call."""

    name: str
    regex: re.Pattern
    type: str
    norm: str
    guard: str | None = None
    needs: frozenset[str] | None = None  # every match contains one of these (see ``required_words``)

    def may_match(self, folded_text: str) -> bool:
        """False when ``folded_text`` (see ``fold``) holds none of the words every match needs."""
        return self.needs is None or any(word in folded_text for word in self.needs)


# Letters that re.IGNORECASE matches with an ASCII letter but str.lower() leaves alone or expands.
_FOLD = str.maketrans({"ſ": "s", "ı": "i", "İ": "i", "K": "k"})


def fold(text: str) -> str:
    """Lower-case ``text`` so that a case-insensitive regex match is a substring of the result."""
    return text.translate(_FOLD).lower()


def required_words(regex: re.Pattern) -> frozenset[str] | None:
    """Literal strings of which every match of ``regex`` contains at least one; None if unsure.

    Running sixty rules over every article costs more than all the other date work: a rule whose
    required words are absent from the text is skipped without scanning it. Read from the regex's
    own parse tree, so it stays right whatever the rules and word lists say.
    """
    return _required(sre_parser.parse(regex.pattern, regex.flags))


def _required(sequence) -> frozenset[str] | None:
    """The most selective set among a sequence's mandatory parts (longest shortest word)."""
    options: list[frozenset[str]] = []
    literal: list[str] = []
    for op, argument in [*sequence, (None, None)]:
        if op is sre_constants.LITERAL:
            literal.append(chr(argument))
            continue
        if literal:
            options.append(frozenset([fold("".join(literal))]))
            literal = []
        if op is sre_constants.SUBPATTERN:
            found = _required(argument[-1])
        elif op is sre_constants.BRANCH:
            branches = [_required(branch) for branch in argument[1]]
            found = None if None in branches else frozenset().union(*branches)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and argument[0] >= 1:
            found = _required(argument[2])
        else:  # character classes, optional parts, assertions: nothing certain
            found = None
        if found:
            options.append(found)
    return max(options, key=lambda words: min(map(len, words)), default=None)


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first so that "a few" wins over "a"."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


def _number_pattern() -> str:
    """Digits (with "1/2" fractions), number words and compounds: "twenty-four", "2 1/2"."""
    words = _alternation(WORDS["numbers"])
    compound = rf"{_alternation(WORDS['tens'])}[- ]{_alternation(WORDS['ones'])}"
    return rf"(?:\d[\d,]*(?:\.\d+)?(?:\s+1/2)?|{compound}|{words})"


def _unit_plural_pattern() -> str:
    irregular = WORDS["unit_plurals"]
    singular = _alternation(WORDS["units"])
    return rf"(?:{_alternation(irregular)}|{singular}s?)"


def placeholders() -> dict[str, str]:
    """Name → regex fragment for every ``{placeholder}`` a rule pattern may use."""
    months = _alternation(WORDS["months"])
    weekdays = _alternation(WORDS["weekdays"])
    return {
        "month": rf"(?:{months}|{_alternation(WORDS['month_abbrevs'])}\.?)",
        "month_full": months,
        "weekday": rf"(?:{weekdays}|{_alternation(WORDS['weekday_abbrevs'])}\.)",
        "weekday_full": weekdays,
        "num": _number_pattern(),
        "vnum": _alternation(WORDS["vague_numbers"]),
        "ord": _alternation(WORDS["ordinals"]),
        "unit": _alternation(WORDS["units"]),
        "units": _unit_plural_pattern(),
        "season": _alternation(WORDS["seasons"]),
        "rel": _alternation(WORDS["relative_words"]),
        "vague": _alternation(WORDS["vague_refs"]),
        "setadv": _alternation(WORDS["set_adverbs"]),
        "tens": _alternation(WORDS["tens"]),
        "ones": _alternation(WORDS["ones"]),
        "holiday": _alternation(WORDS["holidays"]),
    }


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """Replace ``{name}`` placeholders; braces used as regex quantifiers are left alone."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: fragments[m.group(1)], pattern)


def load_rules(path: Path = DATA / "timex_rules.jsonl") -> list[Rule]:
    """Every rule of the JSONL file, compiled case-insensitively and bounded at word edges."""
    fragments = placeholders()
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        spec = json.loads(line)
        body = expand(spec["pattern"], fragments)
        regex = re.compile(rf"(?<![\w$])(?:{body})(?![\w])", re.IGNORECASE)
        rule = Rule(spec["name"], regex, spec["type"], spec["norm"], spec.get("guard"), required_words(regex))
        rules.append(rule)
    return rules


RULES: list[Rule] = load_rules()


def parse_number(text: str) -> float | None:
    """ "twenty-four" → 24, "1,000" → 1000, "2 1/2" → 2.5, "a" → 1; None when not a number."""
    text = " ".join(text.lower().split())
    half = 0.5 if text.endswith(" 1/2") else 0.0
    digits = text.removesuffix(" 1/2").replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits) + half
    if text in WORDS["numbers"]:
        return WORDS["numbers"][text]
    parts = re.split(r"[-\s]+", text)
    if len(parts) == 2 and parts[0] in WORDS["tens"] and parts[1] in WORDS["ones"]:
        return WORDS["tens"][parts[0]] + WORDS["ones"][parts[1]]
    return None


def month_number(word: str | None) -> int | None:
    """ "Sept." → 9, "March" → 3, "03" → 3."""
    if not word:
        return None
    word = word.lower().rstrip(".")
    if word.isdigit():
        return int(word)
    return WORDS["months"].get(word) or WORDS["month_abbrevs"].get(word)


def unit_code(word: str) -> str | None:
    """ "weeks" → W, "centuries" → CE, "minute" → MIN."""
    word = word.lower()
    word = WORDS["unit_plurals"].get(word, word)
    return WORDS["units"].get(word) or WORDS["units"].get(word.removesuffix("s"))


def weekday_number(word: str) -> int | None:
    """ "Tuesday" → 2, "Wed." → 3 (ISO numbering, Monday = 1)."""
    word = word.lower().rstrip(".")
    return WORDS["weekdays"].get(word) or WORDS["weekday_abbrevs"].get(word)
