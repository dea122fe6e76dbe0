"""Prisoner rules that mutation testing (python -m bench.mutation prisoners.*) found unguarded:
"is to" plans, "the remaining" figures, "each" with one actor, the story's own year.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from service.analysis.facts import extract_facts
from service.analysis.model import Context
from service.analysis.nlp import parse
from tests.analysis.test_prisoners import _extract, _extract_with_dates

# (sentence, sorted (kind, count, status) triples)
FORMS = [
    # "is to" / "are to" announce a plan, not a release that happened
    ("The government is to free 50 prisoners under the deal.", [("released", 50, "planned")]),
    ("The rebels are to release 30 hostages on Friday.", [("released", 30, "planned")]),
    ("The rebels freed 30 hostages on Friday.", [("released", 30, "done")]),
    # "set free" is a release that happened, not a plan "set" for later
    ("Four engineers kidnapped in May were set free on Tuesday.", [("released", 4, "done")]),
    # a capture of the people the story frees says who they are: no second figure of the story
    ("Gunmen freed 21 students they had seized from a bus.", [("released", 21, "done")]),
    (
        "Gunmen freed 21 students on Monday. The 21 were seized from a bus in May.",
        [("released", 21, "done")],
    ),
    # a larger group seized, part of it freed: the capture is the story's own figure
    (
        "Gunmen freed 21 of the students on Monday. They had seized 30 students from a bus in May.",
        [("captured", 30, "done"), ("released", 21, "done")],
    ),
    # "the crew of 19": a figure on "of" is no back-reference to people counted before
    ("The pirates let go the crew of 19 after a ransom was paid.", [("released", 19, "done")]),
    # "since" after an ordinal dates a series of events, not a running total of this one's figure
    (
        "The president pardoned 35 jailed activists on Monday, his fourth such move since the spring.",
        [("released", 35, "done")],
    ),
    ("More than 600 prisoners have been freed since July.", []),
    # "detain" is a capture when a state's forces take people of another side, an arrest otherwise
    (
        "Border guards of the neighbouring state detained four Turkish fishermen on Sunday.",
        [("captured", 4, "done")],
    ),
    ("Police detained 12 men after the robbery on Sunday.", []),
    # prisoners who leave a prison, or walk free, are freed; defendants and suspects are not counted
    ("About 300 prisoners left the central prison on Friday under the amnesty.", [("released", 300, "done")]),
    ("Some 605 inmates walked out of the Yavan penal colony on Tuesday.", [("released", 605, "done")]),
    (
        "The amnesty began on Tuesday, with 605 inmates walking out of the Yavan penal colony.",
        [("released", 605, "done")],
    ),
    ("Some 200 prisoners went free on Monday under the amnesty.", [("released", 200, "done")]),
    ("The two suspects left the jail after posting bail.", []),
    ("About 30 workers walked out of the labour camp office on Friday.", []),
    # "let go of" frees people too, but, like "let go", not a club's players
    ("The rebels let go of 20 hostages on Sunday.", [("released", 20, "done")]),
    ("The club let go of 12 players at the end of the season.", []),
    # hostages a side "has" are hostages it holds; "have" as an auxiliary is no state
    ("The militia still has 14 hostages, the envoy said.", [("held", 14, "done")]),
    ("The militia has freed 14 hostages, the envoy said.", [("released", 14, "done")]),
    # a headline's bare infinitive is the future: "Army to free 40 detainees"
    ("Army to free 40 detainees in holiday amnesty", [("released", 40, "planned")]),
    # an infinitive of intent or obligation is a plan; one whose verb says it happened is not
    ("The government is supposed to release 5,000 prisoners.", [("released", 5000, "planned")]),
    ("The authorities were required to release 300 detainees.", [("released", 300, "planned")]),
    # an infinitive the parser hangs on a noun of intent as a relative clause
    (
        "The junta announced its intention to release 300 prisoners, after a second initiative to "
        "release 150 in March.",
        [("released", 150, "planned"), ("released", 300, "planned")],
    ),
    ("The army began to release 300 detainees on Monday.", [("released", 300, "done")]),
    # a second clause that leaves out its verb repeats the first's
    (
        "Officials say 45 Thai sailors are held in Burmese jails and 70 Burmese in Thai prisons.",
        [("held", 45, "done"), ("held", 70, "done")],
    ),
    # "for …" hung on the people swapped still gives one side's figure
    ("The militia swapped 25 of the seized herders for jailed fighters.", [("released", 25, "done")]),
    # people a clause calls captives are freed, even by a rescue or a weak verb
    (
        "Soldiers rescued 28 kidnapped migrants from a house on Tuesday.",
        [("released", 28, "done")],
    ),
    ("The 23 fishermen held by the navy were released on Thursday.", [("released", 23, "done")]),
    # a long participle phrase the parser reads as the verb, with "were freed" as its clause or its
    # conjunct: the verb with its auxiliary tells what became of the people, the participle describes them
    (
        "Forty-two Chadian soldiers held for two weeks by rebels in the northern region were freed on "
        "Monday, the army said.",
        [("released", 42, "done")],
    ),
    ("Police released two men held in the killing of a shopkeeper.", []),
    # any common noun whose usual sense is a person counts people (the WordNet list)
    ("Fighters seized seven tribal elders at a checkpoint on Monday.", [("captured", 7, "done")]),
    ("Gunmen abducted 40 shepherds and their flocks near the river.", [("captured", 40, "done")]),
    ("The militia seized two trawlers off the coast on Monday.", []),
    # a rescue frees captives only where the sentence speaks of captivity
    (
        "Militants stormed the port on Monday. About 30 passengers were rescued from a burning ferry.",
        [],
    ),
    ("Soldiers rescued 46 schoolchildren from their kidnappers.", [("released", 46, "done")]),
    # a compound on an irregular plural of people names people
    ("Troops freed 40 schoolchildren on Friday.", [("released", 40, "done")]),
    # a release participle before the people: "freed" tells the release without a verb of its own
    ("A bus carrying 37 freed hostages reached the capital on Monday.", [("released", 37, "done")]),
    ("Some 150 freed inmates landed in Madrid on Friday.", [("released", 150, "done")]),
    ("The group claimed to have released 20 captives.", [("released", 20, "done")]),
    # a swap that "involved" a number of people, also as the second verb of its subject
    ("The swap followed months of talks and involved 24 prisoners.", [("exchanged", 24, "done")]),
    # "Two of 23 members" (one noun phrase to the parser): the verb tells of the two
    (
        "Two of 23 members of a band who were abducted in June have been freed.",
        [("captured", 23, "done"), ("released", 2, "done")],
    ),
    # "workers kidnapped last week were freed", parsed as two verbs sharing one subject
    ("Nine workers kidnapped last week by a militia were freed on Sunday.", [("released", 9, "done")]),
    # "there are N prisoners" are held; "there were N prisoners released" were released
    ("Monitors say there are about 900 political prisoners behind bars.", [("held", 900, "done")]),
    ("There were 300 prisoners released on Monday.", [("released", 300, "done")]),
    # a clause dated by its distance from the news is an earlier event
    ("The new abduction comes two months after 250 pupils were kidnapped nearby.", []),
    (
        "Gunmen seized 30 pupils on Sunday, a day after 17 students were freed.",
        [("captured", 30, "done")],
    ),
    # the second half of a swap with its verb left out
    (
        "Monitors said 15 captives were handed over to one side and 38 to the other.",
        [("released", 15, "done"), ("released", 38, "done")],
    ),
    # captives who return to a country or to their families were released; prisoners back in cells were not
    ("Officials said 38 captives returned to Kenya on Friday.", [("released", 38, "done")]),
    ("The 200 prisoners returned to their cells after the riot.", []),
    # "kidnap victims" are captives, freed from a house too; a man released from hospital is not
    ("Troops rescued 61 kidnap victims from a house near the border.", [("released", 61, "done")]),
    ("The man was released from the hospital on Monday.", []),
    # people who "are now free" were released; "free to leave" says nothing
    ("Twelve of the hostages are now free, officials said.", [("released", 12, "done")]),
    ("The 40 detainees were free to leave.", []),
    # out of prison is released, in prison held
    ("After the swap, 70 fighters are now out of prison.", [("released", 70, "done")]),
    ("Under the truce, 26 soldiers are to be freed next week.", [("released", 26, "planned")]),
    ("The pause is to see 30 hostages freed over three days.", [("released", 30, "planned")]),
    ("Efforts are under way to free the other 11 passengers.", [("released", 11, "planned")]),
    ("Talks to free the 25 sailors resumed in Doha.", [("released", 25, "planned")]),
    ("The 26 soldiers are to be questioned by investigators.", []),
    # "the remaining N" is still the figure of this release
    ("The militants released the remaining 23 students on Sunday.", [("released", 23, "done")]),
    ("Troops freed the remaining 11 hostages after talks.", [("released", 11, "done")]),
    # "each" after a single actor is one figure, not one per side
    ("The two armies each captured 20 prisoners.", [("captured", 20, "done")]),
    ("Rebels and soldiers each captured 20 fighters in the clashes.", [("captured", 20, "done")]),
    # a second count joined by "and" shares the first one's trigger
    (
        # coordinated counts under one trigger are one figure (the real-reporting set's convention)
        "The deal provides for the release of five Americans and five Iranians.",
        [("released", 10, "planned")],
    ),
    (
        "Rebels freed six soldiers and four civilians on Monday.",
        [("released", 10, "done")],
    ),
    # a participle or relative clause on the counted noun
    ("Police found 30 students kidnapped from a school.", [("captured", 30, "done")]),
    ("Officials said 42 men the rebels abducted were still held.", [("held", 42, "done")]),
    # people who captured something are not captives
    ("The 20 fighters who had captured the bridge withdrew on Monday.", []),
    # a breakdown whose first count leaves its noun to the last: one figure, the sum
    ("The rebels freed four Nepali and three Indian engineers on Sunday.", [("released", 7, "done")]),
    (
        "Nine female and six male pupils abducted from the school were released on Monday.",
        [("released", 15, "done")],
    ),
    # small clauses that free people: "let N go", "let go N", "set N free", "let N out of prison"
    ("The insurgents let go 14 Thai sailors on Sunday.", [("released", 14, "done")]),
    ("The insurgents let six Thai sailors go on Sunday.", [("released", 6, "done")]),
    ("The governor set 37 Bangladeshi fishermen free.", [("released", 37, "done")]),
    ("About 90 detainees have been let out of the central prison.", [("released", 90, "done")]),
    # ... but a firm lets workers go, and a school lets pupils out
    ("The company let 40 workers go last year.", []),
    ("The school let 300 pupils out early because of the heat.", []),
    # people who walk out of prison are freed; delegates who walk out of talks are not
    ("Twenty-two prisoners walked out of prison on Tuesday.", [("released", 22, "done")]),
    ("The 40 delegates walked out of the talks.", []),
    # "close to N", which the parser hangs on "close"; "the freeing of N"; "its crew of N"
    ("Close to 1,800 prisoners have been pardoned.", [("released", 1800, "done")]),
    ("The pardon follows the freeing of 260 prisoners last month.", [("released", 260, "done")]),
    ("Pirates freed the tanker and its crew of 17 on Monday.", [("released", 17, "done")]),
    # a present passive of detention is who is held; a past one tells an arrest
    ("About 41,000 people are still detained in military prisons.", [("held", 41000, "done")]),
    ("Three reporters are still jailed in the capital.", [("held", 3, "done")]),
    ("Forty protesters were detained on Monday.", []),
    # a condition is a demand; a release with no date is not done; a gerund after a preposition
    # takes its status from what governs the preposition
    ("The kidnappers threatened to kill them unless the three were freed.", [("released", 3, "demanded")]),
    ("The militants gave no date for freeing 18 other hostages.", [("released", 18, "planned")]),
    ("Talks on freeing 18 hostages resumed on Monday.", [("released", 18, "planned")]),
    ("The rebels were praised for freeing 18 hostages.", [("released", 18, "done")]),
    # a passive infinitive under a verb of plan: the count is planned to be freed
    ("Another 150 fishermen were expected to be freed later.", [("released", 150, "planned")]),
    ("About 40 detainees are scheduled to be released on Friday.", [("released", 40, "planned")]),
    # a count of things is no count of people, even beside one
    ("The army freed three trucks and two soldiers.", [("released", 2, "done")]),
    # another event dated by its distance from the news, in a clause or a noun, is not the story's
    (
        "Gunmen freed nine pupils, a week after police said bandits had seized 80 girls elsewhere.",
        [("released", 9, "done")],
    ),
    (
        "Delhi freed 31 Pakistani fishermen, days after Islamabad's release of 90 Indian prisoners.",
        [("released", 31, "done")],
    ),
    # those a release leaves in captivity, and those still in custody, are held
    (
        "Three of the hostages were freed on Monday, leaving five in captivity.",
        [("held", 5, "done"), ("released", 3, "done")],
    ),
    ("About 600 women are still in their custody.", [("held", 600, "done")]),
    # the rest a release leaves behind are held, now and in "will stay"
    (
        "The gang freed six passengers, and the remaining 11 will stay with the kidnappers.",
        [("held", 11, "done"), ("released", 6, "done")],
    ),
    # "an N-man crew" counts the crew
    ("Pirates freed the trawler and its 17-man crew on Friday.", [("released", 17, "done")]),
    # a plural in "-men" names people whether or not the word list has it
    ("The rebels released two soldiers and four militiamen.", [("released", 6, "done")]),
    ("Troops freed 12 tribesmen on Monday.", [("released", 12, "done")]),
    # a perfect over a stretch of time sums many releases
    ("The rebels have released 45 soldiers over the past three months.", []),
    ("The rebels have released 45 soldiers.", [("released", 45, "done")]),
    # people still awaiting their release are held; a report awaiting release is no one
    ("Another 212 detainees are awaiting their release orders.", [("held", 212, "done")]),
    ("Reporters are awaiting the release of the inquiry's findings.", []),
    # the crew that goes "together with" a ship shares the ship's verb, not that of a participle on the ship
    (
        "Gunmen have released a Panama-flagged tanker hijacked in March together with its crew of 21.",
        [("released", 21, "done")],
    ),
    (
        "Pirates have freed a bulk carrier they seized in the gulf in June, together with its 17 crew.",
        [("released", 17, "done")],
    ),
    # a distance before "after" on the verb above the clause dates the clause's event ("a day after")
    (
        "The release was confirmed a day after police said gunmen had seized 90 traders from a market"
        " in Dansadau.",
        [],
    ),
    ("Bandits seized 90 traders two days after the army left the market.", [("captured", 90, "done")]),
    # a release told as earlier gives way to the one that happened now; alone, or "earlier today", it stays
    (
        "The gang was paid a ransom for nine workers freed earlier. On Monday it let go four more workers.",
        [("released", 4, "done")],
    ),
    (
        "Navy officers had previously released 14 fishermen. On Monday they freed 22 fishermen.",
        [("released", 22, "done")],
    ),
    ("The gang was paid a ransom for nine workers freed earlier.", [("released", 9, "done")]),
    (
        "The gang freed nine workers earlier today. Police said they had freed two captives in May.",
        [("released", 2, "done"), ("released", 9, "done")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), FORMS)
def test_forms(sentence, expected):
    assert sorted((p.kind, p.count, p.status) for p in _extract(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "published", "counts"),
    [
        ("Rebels freed 12 hostages in 2024, officials said.", date(2024, 5, 1), [12]),
        ("In 2024, the gang kidnapped 17 missionaries.", date(2024, 6, 2), [17]),
        ("In 2021, the gang kidnapped 17 missionaries.", date(2024, 6, 2), []),
        # the year of the record a superlative compares with does not date the figure
        (
            "The emir pardoned 640 inmates, the biggest amnesty since the revolt of 2011.",
            date(2024, 5, 1),
            [640],
        ),
    ],
)
def test_only_an_earlier_year_makes_a_figure_background(text, published, counts):
    assert [p.count for p in _extract(text, published_at=published)] == counts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("More than 900 people were kidnapped in the state in the first three months of the year.", []),
        ("Gunmen abducted 40 people in the region over the past six months.", []),
        ("Gunmen abducted 40 people in the region in the first half of the year.", []),
        ("Gunmen abducted 40 people in the region in March.", [("captured", 40, "done")]),
        ("The 20 hostages were freed after three months in captivity.", [("released", 20, "done")]),
        ("The rebels freed 20 hostages within a week of their capture.", [("released", 20, "done")]),
    ],
)
def test_a_figure_framed_by_a_period_sums_many_events(sentence, expected):
    """A period of weeks or more around the figure makes it a running total; a captivity's length does not."""
    found = _extract_with_dates(sentence, "2024-06-02")
    assert [(p.kind, p.count, p.status) for p in found] == expected


def test_the_story_year_with_the_dates_step_is_still_the_story():
    found = _extract_with_dates("In 2024, the gang kidnapped 17 missionaries.", "2024-06-02")
    assert [(p.kind, p.count, p.status) for p in found] == [("captured", 17, "done")]


def test_a_record_compared_with_does_not_date_the_figure():
    text = "The emir pardoned 640 inmates, the biggest amnesty since the revolt of 2011."
    found = _extract_with_dates(text, "2024-06-02")
    assert [(p.kind, p.count, p.status) for p in found] == [("released", 640, "done")]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("The army freed the 42 men the rebels had abducted.", 42),
        ("The 30 students that gunmen kidnapped on Friday were freed.", 30),
    ],
)
def test_captives_described_by_a_clause_are_only_freed(sentence, count):
    assert [(p.kind, p.count) for p in _extract(sentence)] == [("released", count)]


HEADLINES = [
    # a headline's bare participle is the news, with the source after a colon no object of it
    ("40 soldiers held by Red Hand militia released: ICRC", [("released", 40)]),
    # a participle after the noun is the news; "kidnapped" before it says what happened earlier
    ("2 kidnapped nurses released in the north, aid group says", [("released", 2)]),
]


@pytest.mark.parametrize(("title", "expected"), HEADLINES)
def test_a_headline_states_its_release(title, expected):
    text = "Officials said on Wednesday that the group had handed them over at a border crossing."
    found = _titled(title, text)
    assert sorted((p.kind, p.count) for p in found) == expected


# (title, text, sorted (kind, count)): in a story about captives, later sentences count the people by
# what they are, with no captive word of their own
CAPTIVE_STORIES = [
    (
        "Pirates free Greek tanker",
        "The owner said on Friday that the 19 crewmen were released unharmed.",
        [("released", 19)],
    ),
    (
        "Hostage ordeal ends for trawler crew",
        "The trawler docked at Lagos on Friday. Its owner thanked the navy. Relatives waited at the quay. "
        "Ten fishermen were released on Sunday, the company said.",
        [("released", 10)],
    ),
    (
        "Junta frees hundreds of prisoners",
        "Officials said on Monday that 219 more will be released next week.",
        [("released", 219)],
    ),
    # "taken" with the date or place of the capture ("on March 7", "in a raid") is a capture; "took
    # on" with its particle hires staff
    (
        "Abducted pupils freed after two weeks",
        "The school had said more than 280 pupils were taken on March 7 when gunmen stormed it.",
        [("captured", 280)],
    ),
    ("Abducted pupils freed after two weeks", "The school took on 40 new pupils in June.", []),
    # without a captive story, a weak verb with ordinary people is no release
    ("Port reopens after storm", "The owner said on Friday that the 19 crewmen were released early.", []),
]


@pytest.mark.parametrize(("title", "text", "expected"), CAPTIVE_STORIES)
def test_a_captive_story_counts_people_by_what_they_are(title, text, expected):
    found = _titled(title, text)
    assert sorted((p.kind, p.count) for p in found) == expected


def _titled(title: str, text: str) -> tuple:
    """The prisoner facts of ``text`` under the headline ``title``."""
    context = Context(text=text, title=title, published_at=date(2025, 5, 26))
    return extract_facts(parse(text), context, include=["prisoners"]).prisoners
