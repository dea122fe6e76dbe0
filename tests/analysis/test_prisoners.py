"""Prisoner facts: a table of sentences for each form, sides, status, scope, exclusions, evidence."""

from __future__ import annotations

import pytest

from service.analysis.facts import prisoners
from service.analysis.model import Context, Party
from service.analysis.nlp import parse

# (sentence, expected sorted (kind, count, status) triples); all sentences written for these tests.
DEVELOPMENT = [
    # captured
    ("Rebels captured 40 soldiers near the border on Monday.", [("captured", 40, "done")]),
    ("Gunmen abducted at least 25 students from a boarding school.", [("captured", 25, "done")]),
    ("The militants seized 19 passengers from a minibus.", [("captured", 19, "done")]),
    ("Fighters ambushed the patrol, killing six and taking 14 others captive.", [("captured", 14, "done")]),
    ("Eleven aid workers were kidnapped in the north of the country.", [("captured", 11, "done")]),
    ("Gunmen kidnapped 30 villagers in a night raid.", [("captured", 30, "done")]),
    # held
    ("The group is still holding 23 hostages, the army said.", [("held", 23, "done")]),
    ("Inmates were holding nine guards hostage on Tuesday.", [("held", 9, "done")]),
    (
        "More than 4,000 political prisoners remain behind bars, the rights group said.",
        [("held", 4000, "done")],
    ),
    ("Three crew members are still being held by the pirates.", [("held", 3, "done")]),
    ("A monitoring group counts 2,310 people behind bars for their views.", [("held", 2310, "done")]),
    ("The other four were flown to the capital and remain in detention.", [("held", 4, "done")]),
    ("After the pardons 350 dissidents would still be held, the group said.", [("held", 350, "done")]),
    # released
    ("The rebels freed 12 hostages on Sunday.", [("released", 12, "done")]),
    ("The junta pardoned 1,200 prisoners to mark the new year.", [("released", 1200, "done")]),
    ("Twenty detainees were released from a military prison on Friday.", [("released", 20, "done")]),
    ("The army handed over 15 captured fighters to the Red Cross.", [("released", 15, "done")]),
    ("Nine foreigners received clemency under the agreement.", [("released", 9, "done")]),
    ("Eight Nepali nationals and a Thai were also released.", [("released", 9, "done")]),
    (
        "The rebels still hold at least 80 of the 276 pupils they kidnapped.",
        [("held", 80, "done"), ("captured", 276, "done")],
    ),
    (
        "The kidnappers freed six of them but are still holding four, relatives said.",
        [("held", 4, "done"), ("released", 6, "done")],
    ),
    ("Ukraine said 140 soldiers had returned home from Russian captivity.", [("released", 140, "done")]),
    ("Troops rescued 27 hostages held by the militants in a forest camp.", [("released", 27, "done")]),
    ("Three hostages were killed and 14 freed in the raid.", [("released", 14, "done")]),
    ("Georgia returned four Russian soldiers on Monday.", [("released", 4, "done")]),
    ("Ukraine brought home 95 soldiers on Friday.", [("released", 95, "done")]),
    ("The insurgents released three Canadians held for a year.", [("released", 3, "done")]),
    ("State television showed seven captured pilots.", [("captured", 7, "done")]),
    ("Moscow said 900 Russians are still held by Ukraine.", [("held", 900, "done")]),
    ("The government freed Ana Ruiz, Tomas Vidal and Marta Gil on Monday.", [("released", 3, "done")]),
    # exchanged and sides
    ("Armenia and Azerbaijan released 64 detainees in a swap on Sunday.", [("exchanged", 64, "done")]),
    ("The two sides released a total of 180 people in the exchange.", [("exchanged", 180, "done")]),
    ("The countries completed a 12-person prisoner swap.", [("exchanged", 12, "done")]),
    (
        "The two countries exchanged 40 detained fishermen on Sunday, 20 from each side.",
        [("exchanged", 40, "done"), ("released", 20, "done"), ("released", 20, "done")],
    ),
    ("Armenia and Azerbaijan swapped 30 prisoners of war on Thursday.", [("exchanged", 30, "done")]),
    ("Each side freed 175 prisoners in the swap.", [("released", 175, "done"), ("released", 175, "done")]),
    (
        "Ukraine returned 150 Russian servicemen in exchange for 175 Ukrainians.",
        [("released", 150, "done"), ("released", 175, "done")],
    ),
    (
        "Iran freed four Americans in exchange for four Iranians held abroad.",
        [("released", 4, "done"), ("released", 4, "done")],
    ),
    (
        "The rebels swapped 12 soldiers for 30 of their fighters.",
        [("released", 12, "done"), ("released", 30, "done")],
    ),
    # planned and demanded
    ("The truce provides for the release of 60 hostages.", [("released", 60, "planned")]),
    (
        "The sides agreed to a deal to exchange 20 captives for 200 prisoners.",
        [("released", 20, "planned"), ("released", 200, "planned")],
    ),
    (
        "The two sides are expected to free 50 prisoners each next month.",
        [("released", 50, "planned"), ("released", 50, "planned")],
    ),
    ("The government will release 300 detainees under the amnesty.", [("released", 300, "planned")]),
    (
        "The militants demanded the release of 100 fighters held by the state.",
        [("released", 100, "demanded")],
    ),
    ("The rebels agreed to release 80 soldiers in return for food aid.", [("released", 80, "planned")]),
    (
        "A French engineer and his Nigerian driver abducted last month have been freed.",
        [("released", 2, "done")],
    ),
    (
        "KANO, Nigeria — A nurse and her colleague kidnapped in March have been freed, police said.",
        [("released", 2, "done")],
    ),
    # not the story's figures
    ("The conflict began when rebels stormed the capital, taking 90 soldiers captive.", []),
    ("More than 2,500 soldiers have been freed since the war began.", []),
    ("It was the 68th exchange between the two sides.", []),
    ("Among those freed were four journalists.", []),
    ("The group freed 30 hostages, including five children.", [("released", 30, "done")]),
    ("The rebels did not release 40 prisoners as promised.", []),
]

# Criminal justice is out of scope: arrests, jail, bail and booking are not prisoners of a conflict.
OUT_OF_SCOPE = [
    "Police arrested two men in connection with the shooting.",
    "He was sentenced to 10 years in prison for the robbery.",
    "The suspect is being held on $50,000 bail at the county jail.",
    "Three men were booked into jail on murder charges.",
    "One person is in custody, the sheriff said.",
    "Two of the victims were treated and released from the hospital.",
    "Two Hispanic men were released from custody on Friday.",
    "Three children were released from the apartment before any shots were fired.",
    "Deputies freed two people who had been tied up inside the home.",
    "Police released the names of the three victims on Monday.",
    "Deputies were able to rescue two hostages from the home.",
    "Police said the gunman held three people hostage for several hours before surrendering.",
    "The suspect took two employees hostage inside the bank, police said.",
    "Two hostages were released unharmed after negotiations with the SWAT team.",
    "A man was arrested and charged with kidnapping two children.",
    "The prison released 200 inmates early because of overcrowding.",
    "Twelve people were held for questioning, the sheriff said.",
    "Firefighters rescued 12 people from the burning building.",
    "Two teenagers returned home after the game.",
    "Rescuers freed 14 miners trapped underground after the collapse.",
    "Russian forces captured two villages and seized three tanks.",
    "The party held 150 seats in the outgoing parliament.",
]


def _extract(text: str, published_at=None, parties=()) -> list:
    context = Context(text=text, published_at=published_at, parties=list(parties))
    return prisoners.extract(parse(text), context)


@pytest.mark.parametrize(("sentence", "expected"), DEVELOPMENT)
def test_forms(sentence, expected):
    found = _extract(sentence)
    assert sorted((p.kind, p.count, p.status) for p in found) == sorted(expected)


@pytest.mark.parametrize("sentence", OUT_OF_SCOPE)
def test_criminal_justice_is_out_of_scope(sentence):
    assert _extract(sentence) == []


def test_qualifier_and_bounds_come_from_the_number_reader():
    (found,) = _extract("Troops captured more than 300 fighters in the offensive.")
    assert (found.count, found.min, found.max, found.qualifier) == (300, 301, None, "at_least")


def test_vague_figures_have_no_count():
    (found,) = _extract("Thousands of civilians remain in captivity, the agency said.")
    assert (found.kind, found.count, found.min, found.qualifier) == ("held", None, 2000, "unspecified")


def test_figures_dated_in_an_earlier_year_are_background():
    text = "The same gang kidnapped 17 missionaries in 2019."
    assert _extract(text, published_at=parse_date("2023-05-02")) == []
    assert [p.count for p in _extract(text, published_at=parse_date("2019-05-02"))] == [17]


def test_a_dated_figure_long_before_publication_is_background():
    text = "The gang kidnapped 17 missionaries on Jan. 3."
    assert _extract_with_dates(text, "2024-08-20") == []
    assert [p.count for p in _extract_with_dates(text, "2024-01-09")] == [17]


def test_an_earlier_swap_of_the_same_kind_is_background():
    text = (
        "The two countries freed 40 prisoners each on Monday. "
        "On March 2, the two sides had swapped 25 prisoners each."
    )
    assert {p.count for p in _extract_with_dates(text, "2024-04-10")} == {40}
    only_earlier = "On March 2, the two sides swapped 25 prisoners each."
    assert {p.count for p in _extract_with_dates(only_earlier, "2024-04-10")} == {25}


def test_a_plan_for_the_day_of_publication_is_done():
    text = "The deal calls for the release of 300 inmates on Tuesday."
    assert [p.status for p in _extract_with_dates(text, "2024-01-09")] == ["done"]  # a Tuesday
    assert [p.status for p in _extract_with_dates(text, "2024-01-05")] == ["planned"]


def _extract_with_dates(text: str, published: str) -> list:
    from service.analysis.facts import dates

    doc = parse(text)
    context = Context(text=text, published_at=parse_date(published))
    context.dates = dates.extract(doc, context)
    return prisoners.extract(doc, context)


def test_sides_use_the_parties_step_names():
    parties = [
        Party(name="Russia", type="country", aliases=("Moscow", "Russian")),
        Party(name="Ukraine", type="country", aliases=("Kyiv", "Ukrainians", "Ukrainian")),
    ]
    (swap,) = _extract("Moscow and Kyiv exchanged 372 prisoners on Friday.", parties=parties)
    assert (swap.kind, swap.count, swap.parties) == ("exchanged", 372, ("Russia", "Ukraine"))
    text = "Ukraine returned 150 Russian servicemen in exchange for 175 Ukrainians."
    by_count = {p.count: p.parties for p in _extract(text, parties=parties)}
    assert by_count == {150: ("Ukraine", "Russia"), 175: ("Russia", "Ukraine")}


def test_a_side_named_in_several_words_keeps_its_whole_name():
    (found,) = _extract("Three of the freed detainees were repatriated to the United States.")
    assert (found.kind, found.count, found.parties) == ("released", 3, ("United States",))


def test_each_side_gives_one_figure_per_side():
    parties = [Party(name="Russia", type="country"), Party(name="Ukraine", type="country")]
    found = _extract("Russia and Ukraine have each freed 103 prisoners of war.", parties=parties)
    assert [(p.kind, p.count, p.parties) for p in found] == [
        ("released", 103, ("Russia", "Ukraine")),
        ("released", 103, ("Ukraine", "Russia")),
    ]
    assert {p.victims for p in found} == {"prisoners of war"}


def test_evidence_is_the_sentence_with_offsets_into_the_text():
    text = "Fighting went on overnight.\n\nThe rebels freed 12 hostages on Sunday.  Talks resume today."
    (found,) = _extract(text)
    assert found.evidence.text == "The rebels freed 12 hostages on Sunday."
    assert text[found.evidence.start : found.evidence.end] == found.evidence.text


def test_a_repeated_figure_is_reported_once():
    text = "The rebels freed 12 hostages on Sunday. The 12 hostages were freed near the border."
    assert [p.count for p in _extract(text)] == [12]


def parse_date(value: str):
    from datetime import date

    return date.fromisoformat(value)


def test_a_dateline_parsed_as_the_root_does_not_trap_the_subject_lookup():
    from spacy.tokens import Doc

    from service.analysis.facts.prisoners.words import through_dateline
    from service.analysis.nlp import get_nlp

    words = ["KYIV", ",", "Ukraine", "\u2014", "Rebels", "freed", "12", "hostages", "."]
    heads = [0, 0, 0, 0, 0, 0, 7, 5, 0]
    deps = ["ROOT", "punct", "appos", "punct", "appos", "acl", "nummod", "dobj", "punct"]
    pos = ["PROPN", "PUNCT", "PROPN", "PUNCT", "NOUN", "VERB", "NUM", "NOUN", "PUNCT"]
    doc = Doc(get_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert through_dateline(doc[4]).i == 0
    assert through_dateline(doc[7]).i == 7
