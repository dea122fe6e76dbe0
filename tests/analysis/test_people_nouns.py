"""The people-noun list: which WordNet nouns it keeps, and how the fact steps read it.

The WordNet lines below are written in WordNet's format for these tests (offsets and glosses made up).
"""

from __future__ import annotations

import pytest

from bench.build_people_nouns import NOTICE, people_nouns, render
from service.analysis.facts.people import names_people
from service.analysis.nlp import parse

# offset: lexicographer file (18 = noun.person, 6 = artifact, 8 = body) and the words as written
DATA = {
    "00000001": (18, ["elder"]),
    "00000002": (18, ["herder", "herdsman"]),
    "00000003": (6, ["elder", "trawler"]),
    "00000004": (8, ["head"]),
    "00000005": (18, ["herder", "trawler"]),
    "00000006": (18, ["head", "tribal_elder"]),
    "00000007": (18, ["Muhammad"]),
}
# lemma, senses' offsets in frequency order, number of senses seen in the tagged corpus
INDEX = [
    ("elder", ["00000001", "00000003"], 1),  # first sense a person, and attested: kept
    ("herder", ["00000002", "00000005"], 0),  # every sense a person: kept
    ("trawler", ["00000005", "00000003"], 0),  # a person first only by an untested order: dropped
    ("head", ["00000004", "00000006"], 3),  # a person, but not first: dropped
    ("tribal_elder", ["00000006"], 0),  # more than one word: dropped
    ("muhammad", ["00000007"], 1),  # a name, written with a capital: dropped
]


@pytest.fixture
def wordnet(tmp_path):
    data = [
        f"{offset} {lex:02d} n {len(words):02x} {' '.join(w + ' 0' for w in words)} 000 | a gloss\n"
        for offset, (lex, words) in DATA.items()
    ]
    (tmp_path / "data.noun").write_text("  licence lines start with spaces\n" + "".join(data))
    index = [f"{lemma} n {len(o)} 1 @ {len(o)} {tagged} {' '.join(o)}  \n" for lemma, o, tagged in INDEX]
    (tmp_path / "index.noun").write_text("  licence lines start with spaces\n" + "".join(index))
    return tmp_path


def test_the_list_keeps_nouns_whose_usual_sense_is_a_person(wordnet):
    assert people_nouns(wordnet) == ["elder", "herder"]


def test_the_written_file_keeps_the_wordnet_notice(wordnet):
    assert render(people_nouns(wordnet)).startswith(NOTICE)
    assert "Princeton University" in NOTICE


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Fighters seized seven elders.", "elders", True),
        ("Gunmen abducted 40 shepherds.", "shepherds", True),
        ("The elder spoke first.", "elder", False),  # singular: too often a thing elsewhere
        ("The militia seized two trawlers.", "trawlers", False),
        ("They lost their heads.", "heads", False),
    ],
)
def test_plural_common_nouns_that_name_people(sentence, word, expected):
    token = next(t for t in parse(sentence) if t.text == word)
    assert names_people(token) is expected
