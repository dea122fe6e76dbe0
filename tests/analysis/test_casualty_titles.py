"""Headline grammar: the figures a headline states without the words a parser leans on.

Every headline here was written for these tests.
"""

from __future__ import annotations

import pytest

from service.analysis.facts.casualties.headline import title_figures
from service.analysis.facts.casualties.titles import read_title

# (rule, headline, figures per kind)
HEADLINES = [
    ("figures in a list", "6 Shot, 2 Dead After Block Party Gunfire", {"shot": [6], "killed": [2]}),
    ("lower case", "5 shot, 1 dead outside corner store", {"shot": [5], "killed": [1]}),
    ("the dead among the shot", "8 People Shot, 2 Fatally, At Riverside Park", {"shot": [8], "killed": [2]}),
    ("spelled numbers", "Four Shot, One Fatally, On East Side", {"shot": [4], "killed": [1]}),
    ("groups joined by a comma", "3 Men, Woman Shot Outside Bar", {"shot": [4]}),
    ("a singular person word", "Woman Killed, Man Wounded In Shooting", {"killed": [1], "injured": [1]}),
    ("a source before a colon", "Police: 3 Dead, 2 Hurt In Crash", {"killed": [3], "injured": [2]}),
    ("a verb of saying", "Police say 1 dead, 4 wounded at mall", {"killed": [1], "injured": [4]}),
    ("two casualty words, one group", "Teen Shot And Killed On Porch", {"shot": [1], "killed": [1]}),
    ("fatally before the verb", "Man Fatally Shot Near Gas Station", {"killed": [1]}),
    ("an ordinal is a running total", "Fourth Victim Dies After Mall Shooting", {"killed": [4]}),
    ("an ordinal in digits", "5th Victim Dies After Warehouse Fire", {"killed": [5]}),
    (
        "an ordinal after another kind counts everyone so far",
        "2 Killed, 3rd Victim Hurt In Cabin Fire",
        {"killed": [2], "injured": [1]},
    ),
    ("an age is one person", "16-Year-Old Shot On Porch; 2 Hurt", {"shot": [1], "injured": [2]}),
    ("an age before a person word", "9-year-old girl shot to death at home", {"killed": [1]}),
    ("an age after a comma", "Police: Teen, 16, shot outside school", {"shot": [1]}),
    ("to death after the verb", "2 Adults, 1 Child Found Shot To Death In Motel", {"killed": [3]}),
    ("words inside the group", "2 Off-Duty Deputies Shot", {"shot": [2]}),
    ("a subgroup before among", "Three Teens Among 6 Shot At Party", {"shot": [6]}),
    ("an intransitive verb", "Woman dies after shooting; man hurt", {"killed": [1], "injured": [1]}),
    ("a plural without a count", "Teens Wounded In Drive-By", {}),
    ("a vague count", "Several people hurt in shooting", {}),
    ("an active verb: the count is its object", "Gunman kills 3 at store", {"killed": [3]}),
    ("two active verbs", "Rocket attack on port kills 9, injures 41", {"killed": [9], "injured": [41]}),
    ("a plural subject", "Drone strikes kill 14 in border villages", {"killed": [14]}),
    ("an age object is one person", "Crossfire wounds 7-year-old on porch", {"injured": [1]}),
    ("the attacker himself", "Man kills 2 neighbours, then himself", {"killed": [3]}),
    ("an infinitive and an ordinal", "Man admits plot to kill 3rd witness", {}),
    ("an active verb without a count", "Gunman kills store clerk", {}),
    # a headline's toll, whatever event names it, counts the dead; a road toll or a rise in percent does not
    ("a toll updated", "Stampede toll rises to 112 at hill shrine", {"killed": [112]}),
    ("a toll without to", "Flood toll hits 40 as rivers burst", {"killed": [40]}),
    ("a toll in an event", "Toll in market blast climbs to 63", {"killed": [63]}),
    ("a road toll", "Toll road fees rise 5 percent", {}),
    ("a toll in percent", "Bridge toll climbs 8% in May", {}),
]


@pytest.mark.parametrize(("rule", "headline", "expected"), HEADLINES, ids=[h[0] for h in HEADLINES])
def test_read_title(rule, headline, expected):
    assert read_title(headline) == expected


def test_headline_grammar_comes_before_the_parse():
    """The parse reads "2 Dead, 1 Hurt" after a colon as two hurt; the grammar reads each figure."""
    assert title_figures("Police: 2 Dead, 1 Hurt In Shooting") == {"killed": [2], "injured": [1]}


def test_a_sentence_headline_still_reads_through_the_parse():
    assert title_figures("Gunman killed three people at a store on Friday") == {"killed": [3]}


def test_a_toll_headline_without_a_casualty_word_gives_only_its_dead():
    assert title_figures("Quake toll reaches 270 as aid arrives") == {"killed": [270]}
    assert title_figures("Ferry fares reach 40 dollars") == {}
