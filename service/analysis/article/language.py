"""Guesses the language of an article's text when its page does not declare one.

A script used by one language decides at once (Hangul, kana, Han, Arabic, …); otherwise the
language whose frequent function words cover most of the text wins, if it leads clearly.
Word lists and thresholds: language_words.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "language_words.json"
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _data() -> tuple[dict, dict[str, re.Pattern], dict[str, set[str]]]:
    data = json.loads(DATA.read_text("utf8"))
    scripts = {code: re.compile(pattern) for code, pattern in data["scripts"].items()}
    return data, scripts, {code: set(words) for code, words in data["words"].items()}


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the evidence is thin."""
    data, scripts, words = _data()
    sample = text[: data["sample_words"] * 8]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return None
    for code, script in scripts.items():
        if len(script.findall(sample)) >= 0.3 * letters:
            return code
    tokens = _WORD.findall(sample.lower())[: data["sample_words"]]
    counts = Counter(tokens)
    hits = Counter(
        {code: sum(counts[w] for w in vocabulary & counts.keys()) for code, vocabulary in words.items()}
    )
    (best, top), (_, second) = (hits.most_common(2) + [("", 0)])[:2]
    if top >= data["min_share"] * len(tokens) and top >= data["lead_ratio"] * second:
        return best
    return None
