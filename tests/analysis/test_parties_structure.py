"""Parties in wire copy: acronyms merged into the body they spell, one-word 'people' dropped, the
nationality of counted captives not taken for a state that acts. Texts written for these tests."""

from __future__ import annotations

import pytest

from service.analysis.facts import parties
from service.analysis.model import Context
from service.analysis.nlp import parse


def names(text: str) -> dict[str, tuple[str, ...]]:
    found = parties.extract(parse(text), Context(text=text))
    return {p.name: p.aliases for p in found}


def test_an_acronym_used_alone_is_the_body_it_spells():
    found = names(
        "The National Salvation Council said it had released 12 soldiers. "
        "The NSC said on Tuesday the men were handed to monks in the hills."
    )
    assert found == {"National Salvation Council": ("NSC",)}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Gunmen freed a Danish engineer and two drivers on Sunday, a local official said.",
            "Denmark",
        ),
        (
            "Militants released 15 Kenyan traders after a week in captivity, elders said.",
            "Kenya",
        ),
        ("The Dane was freed on Sunday after talks, the mediators said.", "Denmark"),
    ],
)
def test_the_nationality_of_counted_captives_does_not_act(text, absent):
    assert absent not in names(text)


def test_a_state_that_acts_stays():
    assert "Kenya" in names("Kenya freed 15 traders on Sunday, its interior ministry said.")


@pytest.mark.parametrize(
    ("surfaces", "title", "dropped"),
    [
        (["Abductions"], None, True),  # a capitalised word the model took for a name
        (["Harlow"], "Governor", False),  # a titled surname is a person
        (["Amina Yusuf", "Yusuf"], None, False),
    ],
)
def test_one_word_people_without_a_title_are_dropped(surfaces, title, dropped):
    from service.analysis.facts.parties import _single_word_person
    from service.analysis.facts.parties.mention import Mention

    group = [
        Mention(i, i + 1, s, "person:" + surfaces[0], "person", title=title) for i, s in enumerate(surfaces)
    ]
    assert _single_word_person(group) is dropped


@pytest.mark.parametrize(
    "text",
    [
        "Rebels freed 12 soldiers. The region has been unstable since the fall of Joseph Ndaba in 1998.",
        "Gunmen released nine nurses. The country has been in turmoil since a revolt toppled Pierre Mabika.",
    ],
)
def test_a_leader_of_an_earlier_event_is_no_party(text):
    assert not any(name in names(text) for name in ("Joseph Ndaba", "Pierre Mabika"))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Officials of the Cuban Commission on Human Rights and National Reconciliation said "
            "80 prisoners remain in jail.",
            "Cuban Commission on Human Rights and National Reconciliation",
        ),
        (
            "Joseph Kimani of the East Africa Seafarers' Assistance Programme said the crew were safe.",
            "East Africa Seafarers' Assistance Programme",
        ),
    ],
)
def test_a_name_the_model_cut_is_made_whole(text, name):
    assert name in names(text)


def test_a_broadcaster_named_by_its_first_word_only_reports():
    found = names("Rebels freed 12 soldiers on Monday, Radio Kivu Libre reported, citing local elders.")
    assert "Radio Kivu Libre" not in found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a dateline stamped with a date and an agency locates the report; its place is no party
        ("Nairobi, March 3 (AFP).- The Red Cross said it had visited 40 detainees.", "Kenya"),
        ("LODWAR, 4 May (Reuters) Police said 12 abducted herders were freed.", "LODWAR"),
        # a dateline in capitals closed by a colon
        ("GAROWE, SOMALIA: Elders said the pirates had freed 14 fishermen.", "GAROWE"),
    ],
)
def test_a_stamped_dateline_is_no_party(text, absent):
    assert absent not in names(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # a state acts through "the authorities in" it; a place after other nouns only locates
        ("Authorities in Sudan freed 30 detainees on Monday.", "Sudan"),
        ("Officials in Kenya said 12 herders had been released.", "Kenya"),
    ],
)
def test_the_authorities_in_a_state_make_it_act(text, present):
    assert present in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen in Nigeria freed 12 hostages on Sunday.",
        "UNICEF officials in Nigeria said they were sending food to the camps.",
    ],
)
def test_a_place_after_other_actors_only_locates(text):
    assert "Nigeria" not in names(text)


@pytest.mark.parametrize(
    ("text", "amnesty_international"),
    [
        # "Amnesty" alone is the rights group when it speaks, the word when it does not
        ("Amnesty said 300 people were still held in the north.", True),
        ("Amnesty comes ahead of the holiday. The council granted amnesty to 2,400 prisoners.", False),
    ],
)
def test_a_short_name_that_is_also_a_word_must_speak(text, amnesty_international):
    assert ("Amnesty International" in names(text)) is amnesty_international


@pytest.mark.parametrize(
    "text",
    [
        # a name written beside "news agency" reports, here and wherever the story names it again
        "State news agency Korvo said 30 prisoners had been pardoned. Korvo said all were women.",
        "The official Korvo news agency said 30 prisoners had been pardoned.",
    ],
)
def test_a_news_agency_is_no_party(text):
    assert "Korvo" not in names(text)


def test_a_side_of_a_prisoner_fact_is_a_party():
    """Whom a state frees is a side of the release: their country is a party of the story, though
    the parties step alone sees only a nationality ("Indian fishermen")."""
    from datetime import date

    from service.analysis.facts import extract_facts

    text = "Pakistan freed 220 Indian fishermen on Friday after they served their sentences, officials said."
    facts = extract_facts(parse(text), Context(text=text, published_at=date(2025, 5, 26)))
    assert {"Pakistan", "India"} <= {p.name for p in facts.parties}
    assert {p.name: p.id for p in facts.parties}["India"] == "IN"
    assert all(p.confidence is not None for p in facts.parties)


def test_a_group_after_to_is_no_place():
    """ "Belonging to the rebel X Movement": the preposition of a relation, not of a place."""
    found = names(
        "The government freed 40 prisoners suspected of belonging to the rebel Nile Liberation "
        "Movement (NLM) on Monday. The NLM has not commented."
    )
    assert "Nile Liberation Movement" in found
