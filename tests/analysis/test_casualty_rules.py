"""Casualty rules that mutation testing (python -m bench.mutation casualties.*) found unguarded:
ages glued to names, ordinals after a death, the story's own year, pronoun sources.

Every sentence here was written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from service.analysis.facts import casualties, dates
from service.analysis.facts.casualties.context import _earlier_year, scope_of
from service.analysis.model import Context
from service.analysis.nlp import parse
from tests.analysis.test_casualties import figures, run

# (rule, text, (killed, injured, missing))
TOTALS = [
    ("age glued to a name", "Tom Fielding,19, was killed in the crash on Route 9.", (1, None, None)),
    ("age after a comma and space", "Maria Lopez, 22, was killed when the wall fell.", (1, None, None)),
    ("two glued ages", "Tom Fielding,19, and Ann Ross,20, were killed in the crash.", (2, None, None)),
    ("glued age, injured", "Tom Fielding,19, was wounded in the crash.", (None, 1, None)),
    ("second after a death", "A man died. A second man was shot and survived.", (1, 1, None)),
    ("shot and survived", "A teenager was shot and survived.", (None, 1, None)),
    # names in apposition to a counted group are its members; after one person, the next name is another
    ("group named", "Two people, Ann Ruiz and Mark Doyle, were killed in the crash.", (2, None, None)),
    (
        "group of three named",
        "At least three people, Ann Ruiz, Mark Doyle and Lee Tan, died.",
        (3, None, None),
    ),
    (
        "one named, one more",
        "The gunman killed his wife, Rosa Quintero, and her sister Elena.",
        (2, None, None),
    ),
    ("named in apposition", "The driver, Tom Ellis, was killed.", (1, None, None)),
    (
        "victims listed in apposition",
        "The victims, a 23-year-old man and his cousin, were wounded.",
        (None, 2, None),
    ),
    ("a nationality", "Two Ukrainians were killed in the strike.", (2, None, None)),
    ("a bare number", "Three were killed in the crash.", (3, None, None)),
    # a wounding verb "to death" kills
    ("shot to death", "A guard was shot to death at the bank.", (1, None, None)),
    ("stabbed to death", "Two clerks were stabbed to death in the shop.", (2, None, None)),
    # a wound inflicted "on" someone
    ("fatal wound on", "He inflicted a fatal gunshot wound on his brother.", (1, None, None)),
    ("serious wounds on", "The gunman inflicted serious wounds on two guards.", (None, 2, None)),
    # the state word describes its noun, or names the people itself
    (
        "state word after its noun",
        "Twelve people injured in the blast were treated at the scene.",
        (None, 12, None),
    ),
    ("state word as an object", "The attack left a toll of 12 dead.", (12, None, None)),
    (
        "deaths of, after another phrase",
        "Police are investigating the deaths on Sunday of two hikers.",
        (2, None, None),
    ),
    # a wounding noun counts the people it names: hit, alive unless told
    (
        "shooting of, counted",
        "Detectives are asking what led to the shooting of three men near the river on Friday.",
        (None, 3, None),
    ),
    ("stabbing of, counted", "Two women were arrested after the stabbing of four guests.", (None, 4, None)),
    ("shooting of, no number", "The mayor spoke after the shooting of a local pastor.", (None, None, None)),
    # a verb acting on a pronoun that names no casualty leaves its subject unharmed
    (
        "acts on anyone",
        "It is a relief knowing he is gone for good and cannot be out there to hurt anyone else.",
        (None, None, None),
    ),
    (
        "could have killed",
        "A deputy said the driver could have killed somebody that night.",
        (None, None, None),
    ),
    # "left N wounded" the parser hangs on the shooting or on the main verb
    (
        "left wounded, misparsed",
        "A woman died in a shooting that left four others wounded late Friday.",
        (1, 4, None),
    ),
    (
        "left hurt, misparsed",
        "Detectives named the teen killed in a gunfight that left two others hurt.",
        (1, 2, None),
    ),
    # "the man and three others": the others are the ones who lived, the man may be the dead
    (
        "the dead and the others hit",
        "A guard died in the attack. Bullets struck the guard and two others near the gate.",
        (1, 2, None),
    ),
    # "sent two others to the hospital", with "to" parsed as the verb's dative
    (
        "sent to the hospital, dative",
        "Police say a shooting left one man dead and sent two others to the hospital.",
        (1, 2, None),
    ),
    # a degree word makes "hurt" a feeling; "badly" or "seriously" keeps the wound
    ("so hurt", '"I am just so hurt by all of it," said the boy\'s aunt.', (None, None, None)),
    ("very badly hurt", "Two hikers were very badly hurt in the fall.", (None, 2, None)),
    # what did not happen: a modal with "have"; "may have" estimates a real toll
    ("could have been", "Two boys could have been hurt, the coach said.", (None, None, None)),
    ("would have died", "Without the alarm, six people would have died in the blaze.", (None, None, None)),
    ("may have been", "As many as 40 miners may have been killed in the collapse.", (40, None, None)),
    # an ordinal in digits counts everyone so far, as a written one does
    (
        "ordinal in digits after the dead",
        "Two men were found dead in the cabin. A 3rd man was badly wounded.",
        (2, 1, None),
    ),
    # one verb's subject, another verb with none of its own or a subject joined to the first
    ("gapped verb", "One soldier was killed and two wounded.", (1, 2, None)),
    ("second clause subject", "A man died and three others wounded in the attack.", (1, 3, None)),
    ("joined subjects", "A man was killed and his wife and son were wounded.", (1, 2, None)),
    # a fixed phrase is the only casualty word
    ("lost their lives", "Eleven miners lost their lives when the shaft flooded.", (11, None, None)),
    ("lost their lives, two", "Two climbers lost their lives on the north face.", (2, None, None)),
    # the attacker alone: no victims' figure to add him to
    ("only the attacker died", "The gunman was shot dead by police.", (1, None, None)),
    # "the toll" needs no "death" before it
    ("a bare toll", "Eighteen people were killed. The toll rose to 25 by evening.", (25, None, None)),
    # a clinic is a hospital
    ("rushed to a clinic", "Two hikers were rushed to a clinic with broken legs.", (None, 2, None)),
    # a casualty verb after its noun: the noun is the victim, or the verb's object when it has one
    (
        "wounding verb after its noun",
        "Two teenagers stabbed outside a school on Monday are in stable condition.",
        (None, 2, None),
    ),
    (
        "verb after its noun, with an object",
        "An air strike killing 12 civilians drew condemnation.",
        (12, None, None),
    ),
    # an age stands for a person
    ("an age alone", "A 17-year-old was killed in the crash.", (1, None, None)),
    ("an age in months", "Police said a 9-month-old was hurt.", (None, 1, None)),
    # "none of" is a zero
    ("none of", "None of the passengers were hurt.", (None, 0, None)),
    # a title whose holder is named is a person, though the title is no people word
    ("named title", "The school's headmaster, Pieter Smit, was stabbed to death.", (1, None, None)),
    # the relative pronoun's noun is the subject
    ("who drowned", "Relatives mourned the three fishermen who drowned off the coast.", (3, None, None)),
    ("who died", "The two hikers who died were from Oslo.", (2, None, None)),
    (
        "wounding verb after a bare number",
        "Two stabbed at the fair were released from hospital.",
        (None, 2, None),
    ),
    # a figure for the injured in "the number of people injured"
    ("number of people injured", "The number of people injured in the fire rose to 40.", (None, 40, None)),
    # a name the lists do not hold, and a group without a number before a counted one
    ("a nationality", "Three Kurds were killed in the shelling.", (3, None, None)),
    ("uncounted group first", "Residents and two firefighters were injured in the fire.", (None, 2, None)),
    # a listed apposition ("his sister and himself") belongs to the first victim's list
    ("listed apposition", "The man killed his mother, his sister and himself.", (3, None, None)),
    # "with injuries" reaches the noun the clause is about, whatever follows the injuries
    (
        "with injuries on a day",
        "Three women were pulled out alive with injuries on Monday.",
        (None, 3, None),
    ),
    # the dead are not also the injured taken to hospital
    (
        "died, then flown to hospital",
        "One worker died and was flown to a hospital in the capital.",
        (1, None, None),
    ),
    # a clause of its own that says its victim lived, beside a death
    ("shot in the leg beside a death", "A man died and his son was shot in the leg.", (1, 1, None)),
    # whom soldiers or police kill is the attacker, counted on top of his victims
    (
        "attacker killed by soldiers",
        "A man killed two guards at the gate. He was later killed by soldiers.",
        (3, None, None),
    ),
    # an attacker who shot himself is one of the people hit, and not injured once he died
    ("attacker shot himself too", "A gunman shot two guards and himself.", (None, 3, None)),
    (
        "attacker shot himself and died",
        "A gunman shot two guards and himself. The gunman died at the scene.",
        (1, 2, None),
    ),
    # soldiers or police who die are victims, not attackers added on top of a later toll
    (
        "soldiers died, then the toll",
        "Two soldiers died on Monday. The death toll rose to 5 on Tuesday.",
        (5, None, None),
    ),
    # ages are not counts: as many people as ages listed for one noun, one person per "-year-old"
    ("two ages, one noun", "A 17 and 19-year-old were wounded near the park.", (None, 2, None)),
    ("two ages before a plural", "Gunfire hit 13- and 14-year-old brothers.", (None, 2, None)),
    ("ages after aged", "Three men, aged 20, 24 and 31, were wounded.", (None, 3, None)),
    ("an uncertain age", "Their 2- or 3-year-old son was wounded.", (None, 1, None)),
    # named people with their ages after a comma: one person per name, the ages no count
    (
        "named people, each with an age",
        "Ana Ruiz, 24, Tom Bell, 24, Dan Cole, 25 and Li Wu, 32 were all wounded.",
        (None, 4, None),
    ),
    (
        "named people taken to hospital",
        "Ana Ruiz, 24, Tom Bell, 24, Dan Cole, 25 and Li Wu, 32 were taken to a hospital with "
        "gunshot wounds.",
        (None, 4, None),
    ),
    ("a name and its suffix", "Omar Hale, Jr. was fatally shot on Monday.", (1, None, None)),
    # ages set off by commas cut the list, and the parser makes its last noun a second subject
    (
        "ages cutting a list",
        "Two boys, ages 6 and 9, and their father were found dead in the house.",
        (3, None, None),
    ),
    ("two clauses are no list", "Four hikers drowned and about 20 others were missing.", (4, None, 20)),
    (
        "a name and a word for the person",
        "Luis Ortega, a 30-year-old Latino, died on Tuesday, a day after being shot.",
        (1, None, None),
    ),
    ("each age its own noun", "A 6-year-old and a 9-year-old were wounded.", (None, 2, None)),
    ("an age waiting for its noun", "A 14- and a 17-year-old were hit, officers said.", (None, 2, None)),
    (
        "an age between commas",
        "Two friends were shot outside a bar. The younger, 24, had wounds to both feet.",
        (None, 2, None),
    ),
    ("succumbed", "Two of the wounded later succumbed to their injuries.", (2, None, None)),
    # an ordinal counts everyone so far: after the dead it adds one hurt, after the hurt one dead
    ("a bare ordinal", "Three men died and a fourth was hospitalized.", (3, 1, None)),
    (
        "an ordinal after the hurt",
        "Two people were wounded on Friday. A third victim died on Sunday.",
        (1, 2, None),
    ),
    # care at or from a hospital is an injury
    ("treated and released", "The deputy was treated and released, officials said.", (None, 1, None)),
    ("treated at a hospital", "A cashier was treated at a nearby hospital.", (None, 1, None)),
    ("lives counted", "The mudslide claimed at least 14 lives.", (14, None, None)),
    # the latest figures: those of the wounded who died move from the wounded to the dead
    (
        "wounded who died",
        "One man was killed and four were wounded on Friday. One of the wounded died on Sunday.",
        (2, 3, None),
    ),
    ("wounded who died, none before", "Three guards were hurt. One of the injured later died.", (1, 2, None)),
    ("left dead, then a part", "The ambush left 17 dead, among them 5 police officers.", (17, None, None)),
    (
        "the one hurt who died",
        "Medics took the wounded man to a hospital, where he died hours later.",
        (1, None, None),
    ),
    (
        "another who died",
        "A woman was wounded in the shooting, and police said her husband died.",
        (1, 1, None),
    ),
    (
        "two victims called alike",
        "The blast hurt a 40-year-old woman and a 19-year-old woman on Monday.",
        (None, 2, None),
    ),
    (
        "one victim called twice",
        "A girl was shot on Elm Street. Someone shot the girl from a car.",
        (None, 1, None),
    ),
    (
        "a name with an age",
        "They pleaded not guilty in the death of 5-year-old Noelle Marsh.",
        (1, None, None),
    ),
    ("along with", "A man was killed along with his wife on Friday.", (2, None, None)),
    (
        "'another' not about people",
        "A boy found a gun in another room and shot his sister, 3. She died at a hospital.",
        (1, None, None),
    ),
    # a figure over several incidents is no one incident's
    (
        "a string of shootings",
        "Three were killed and eight hurt in a string of shootings.",
        (None, None, None),
    ),
    ("separate shootings", "A man was killed and six were hurt in separate shootings.", (None, None, None)),
    # victims who live were hit; "others", "another" are people besides those told before
    (
        "victims expected to survive",
        "All four victims are expected to survive, police said.",
        (None, 4, None),
    ),
    ("a survivor not called a victim", "The driver survived the crash, police said.", (None, None, None)),
    ("bodies recovered", "Six bodies were recovered from the river on Sunday.", (6, None, None)),
    (
        "another shot besides the dead",
        "A 15-year-old died in the shooting on Friday. Another teen was shot in the foot.",
        (1, 1, None),
    ),
    (
        "the other people shot",
        "A woman died in the attack at the diner. Police said the other three people shot are stable.",
        (1, 3, None),
    ),
    (
        "a condition and others wounded",
        "The volley left a man in serious condition, while three others, among them a nurse, were wounded.",
        (None, 4, None),
    ),
    # "ex-wife" parsed as three objects ("ex", "-", "wife"): the victim is the whole word
    ("a hyphenated victim", "The attack killed his ex-wife and wounded her sister.", (1, 1, None)),
    # "shot dead" with an object: the object died, the gunman did not
    ("shot dead with an object", "A gunman shot dead two people at the depot on Friday.", (2, None, None)),
    ("shot dead, passive", "The suspect was shot dead by officers on Friday.", (1, None, None)),
    # "two co-workers": the number sits on the word's first part, which stands for the word
    (
        "a counted hyphenated victim",
        "A gunman shot dead two co-workers at the depot on Friday.",
        (2, None, None),
    ),
    (
        "counted co-workers wounded",
        "The gunman wounded three co-workers before police arrived.",
        (None, 3, None),
    ),
    # an attempt or a plan to kill kills no one
    ("an attempt", "He admitted killing two men and trying to kill a third.", (2, None, None)),
    ("attempted", "The man is accused of attempting to kill two deputies.", (None, None, None)),
    # a condition says people were hit and live, unless the sentence already counts them
    ("in a condition", "Two other men were in serious condition on Sunday.", (None, 2, None)),
    ("listed in a condition", "All four were listed in fair condition.", (None, 4, None)),
    ("a condition of a thing", "The bridge was in poor condition.", (None, None, None)),
    ("left in a condition", "The shooting left two teenagers in critical condition.", (None, 2, None)),
    ("recovering from wounds", "Two guards are recovering from gunshot wounds.", (None, 2, None)),
    (
        "a condition beside the dead",
        "One man was killed and two others were in critical condition.",
        (1, 2, None),
    ),
    (
        "a condition restating a count",
        "A girl was in critical condition after she and two others were shot.",
        (None, 3, None),
    ),
    # members listed after a counted group of people are no more people
    ("members of a group", "Three people, two men and a woman, were killed.", (3, None, None)),
    ("members of the dead", "They found four bodies, two men and two women.", (4, None, None)),
    ("a list, not members", "A man, two women and a boy were killed.", (4, None, None)),
    (
        "treated for wounds",
        "A 30-year-old woman, a 52-year-old man and a teenager were treated for gunshot wounds.",
        (None, 3, None),
    ),
    # "they" counts the people of the clause it hangs from, never across a verb of saying
    ("they, after a hospital", "Two hikers were flown to a clinic, where they later died.", (2, None, None)),
    (
        "they, two clauses",
        "A boy died and his uncle is in serious condition after they were shot on a porch.",
        (1, 1, None),
    ),
    ("they, a pair", "A nurse and her son were taken to hospital, where they died.", (2, None, None)),
    ("they, one person", "A clerk was taken to hospital, where they died.", (1, None, None)),
    # people hurt who then died are dead, not injured too
    ("hurt, then died", "A worker was badly hurt and died two days later.", (1, None, None)),
    ("hurt in a clause, died", "Two miners who were injured in the blast died overnight.", (2, None, None)),
    ("hurt and died, others hurt", "Five were wounded; a man wounded in the chest died.", (1, 5, None)),
    ("some of them died", "Six guards were hurt, and two of them died later.", (2, 4, None)),
    ("some of the hurt died", "Six guards were hurt, and two of the guards died later.", (2, 4, None)),
    (
        "he in a relative clause",
        "Police charged a teen in the death of a man who died days after he and two others were wounded.",
        (1, 2, None),
    ),
    ("died after shooting himself", "A farmer died after shooting himself in the foot.", (1, None, None)),
    (
        "hospital after shooting himself",
        "A four-year-old boy was flown to hospital after shooting himself.",
        (None, 1, None),
    ),  # fmt: skip
    (
        "pronoun before a reflexive",
        "A girl of nine was taken to a clinic after deputies said she had shot herself by accident.",
        (None, 1, None),
    ),
    (
        "the noun before a reflexive",
        "Deputies detained a woman after they say she shot her young cousin in the arm and lied, at first"
        " claiming the girl shot herself.",
        (None, 1, None),
    ),
    (
        "he shot another and himself",
        "Police say the farmer shot his wife and then shot himself.",
        (None, 2, None),
    ),
    # a number of deaths is a number of people killed; a yearly count of deaths is no toll of the event
    ("deaths confirmed", "The mayor said 31 deaths had been confirmed by nightfall.", (31, None, None)),
    ("fatalities recorded", "Inspectors recorded nine fatalities at the depot.", (9, None, None)),
    ("deaths this year", "The 1,400 deaths this year are the most on record.", (None, None, None)),
    # a toll revised "down to" a figure is that figure; the figure told before it is superseded
    ("revised down to", "Officials revised the death toll down to 88 on Monday.", (88, None, None)),
    (
        "after earlier saying",
        "Officials revised the death toll down to 88 on Monday, after earlier saying 102 people had died.",
        (88, None, None),
    ),
    # the trapped the story says were found dead are not missing; others trapped beside the dead are
    (
        "trapped then found dead",
        "Four divers who were trapped in the flooded cave were confirmed dead on Sunday. The four had"
        " been trapped behind a rockfall.",
        (4, None, None),
    ),
    (
        "dead and others trapped",
        "Four divers were killed in the flood. Seven others were trapped behind a rockfall.",
        (4, None, 7),
    ),
    # a state given with "as" is said of the verb's object or subject
    ("listed as missing", "Floods killed six people, with 41 others listed as missing.", (6, None, 41)),
    ("registered as missing", "Forty hikers were registered as missing after the storm.", (None, None, 40)),
    # a daily report's window is the news; a window of months sums many events
    (
        "past 24 hours",
        "Shelling killed 14 people and wounded 60 in the region over the past 24 hours, the governor said.",
        (14, 60, None),
    ),
    ("past three months", "Raids have killed 220 fighters over the past three months.", (None, None, None)),
    ("another before a time", "The attack left two dead and injured another early Monday.", (2, 1, None)),
    ("they, said", "Neighbours said they saw three men shot dead in the lane.", (3, None, None)),
    # "risen to 21 and 60 others": the toll is the 21, the others the 60
    (
        "toll and others in one breath",
        '"The death toll has risen to 21 and 60 others were wounded," an official said.',
        (21, 60, None),
    ),
    # the toll "so far" is the event's toll to now; "so far this year" sums many
    (
        "toll so far",
        "Rescuers dug through the mud on Friday. The death toll so far stands at 212, officials said.",
        (212, None, None),
    ),
    ("toll so far this year", "The city's death toll so far this year stands at 212.", (None, None, None)),
    # "hours after the crush" points back at the story's event; "days after a gunman killed" at another
    (
        "hours after the event",
        "Crowds gathered at the shrine. Police said 74 people were killed. Several hours after the crush, "
        "an official said at least 30 others were injured.",
        (74, 30, None),
    ),
    (
        "days after another event",
        "Crowds gathered at the shrine. Police said 74 people were killed. The march came two days after a "
        "gunman killed 5 people nearby.",
        (74, None, None),
    ),
    # "another nine were trapped": the subject the parser hangs on the auxiliary; "feared dead" is missing
    (
        "trapped and feared dead",
        "Two miners were killed and another nine were trapped and feared dead after the blast.",
        (2, None, 9),
    ),
    ("feared dead", "About 120 people are feared dead after the ferry capsized.", (None, None, 120)),
    # a source after the figure that the parser takes for a second object
    (
        "source read as an object",
        "An air strike hit a clinic on Saturday, killing 11 people, the charity that ran it said.",
        (11, None, None),
    ),
    # bodies recovered "along with" survivors are dead
    (
        "bodies along with survivors",
        "Rescuers pulled 300 survivors from the river, along with 140 bodies, leaving 450 still missing.",
        (140, None, 450),
    ),
    # no figure: a quantity noun with no number, and a plural in -men the tagger reads as singular
    (
        "unspecified number of",
        "The ministry said it would hand back an unspecified number of wounded servicemen.",
        (None, None, None),
    ),
    ("plural in -men", "Rebels released the wounded servicemen on Sunday.", (None, None, None)),
    # "injured | over 50": the approximator read as a preposition still gives the figure; a time does not
    (
        "approximator as preposition",
        "A strike on a school killed at least 16 people and injured over 50, officials said.",
        (16, 50, None),
    ),
    ("a time after around", "The gunman fired around 10 p.m. and wounded two men.", (None, 2, None)),
    # people found are not missing, but those who "remain"/"are still" missing beside them are
    ("rescued, some remain missing", "Many were rescued, but 225 remain missing.", (None, None, 225)),
    ("rescued, others still missing", "Forty were rescued and 12 are still missing.", (None, None, 12)),
    ("missing, then rescued", "Two hikers missing since Friday were rescued on Sunday.", (None, None, None)),
    # a fixed phrase in any inflection: the attacker's own death is one more dead
    (
        "suicide, gerund",
        "A 52-year-old man fatally shot his brother before turning the gun on himself.",
        (2, None, None),
    ),
    (
        "suicide, perfect",
        "A gunman killed three people at a warehouse. Police said he has taken his own life.",
        (4, None, None),
    ),
    # "N shot, M fatally": only the M died, whether the parser hangs M on the adverb or under it
    (
        "some of those hit died",
        "At least 9 people were shot, three fatally, in Baltimore over the holiday weekend.",
        (3, 6, None),
    ),
    ("one of those hit died", "Five people were shot, one fatally, on Elm Street.", (1, 4, None)),
    # a killing threatened or vowed did not happen
    (
        "threatened",
        "The kidnappers had threatened to kill the two engineers unless a ransom was paid.",
        (None, None, None),
    ),
    ("vowed", "The group vowed to kill ten soldiers for every fighter it lost.", (None, None, None)),
    # "X, Y and Z among them" breaks X down: the list adds nobody
    (
        "among them, after the list",
        "A drone strike killed nine villagers, three women and four children among them.",
        (9, None, None),
    ),
    # attackers and police are people: their nouns count casualties
    ("an intruder", "An intruder was shot dead by the homeowner.", (1, None, None)),
    ("assailants", "The army said 15 assailants were killed.", (15, None, None)),
    ("a sheriff", "A sheriff was wounded at the roadblock.", (None, 1, None)),
    # a relative clause that describes the source gives the figure no period
    (
        "the source's description",
        "The monitor, which tracks the war, said the raid killed 10 fighters.",
        (10, None, None),
    ),
    (
        "a period of its own",
        "More than 500 people have been killed in the war, which began in 2011.",
        (None, None, None),
    ),
    # the parser may hang the victim on the source as its apposition
    (
        "according to, appos",
        "According to the Red Oak Police Chief, a 15-year-old was shot in the leg.",
        (None, 1, None),
    ),
    (
        "lives lost, gerund",
        "The avalanche struck without warning, four climbers losing their lives.",
        (4, None, None),
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected"), TOTALS, ids=[row[0] for row in TOTALS])
def test_totals(rule, text, expected):
    assert figures(text) == expected


LEDE = "A bus crash killed nine people on Monday. "
# (second sentence, published, scope of its figure): the lede is the story's own event whatever it dates
SCOPES = [
    ("Storms in 2024 killed 160 people in the region.", date(2024, 5, 1), "event"),
    ("The 2024 storms killed 160 people in the region.", date(2024, 12, 31), "event"),
    ("Storms in 2023 killed 160 people in the region.", date(2024, 5, 1), "background"),
    ("Storms in 1998 killed 160 people in the region.", date(2024, 5, 1), "background"),
    ("Storms in 2023 killed 160 people in the region.", None, "event"),
]


@pytest.mark.parametrize(("sentence", "published", "scope"), SCOPES)
def test_only_an_earlier_year_makes_a_figure_background(sentence, published, scope):
    found = run(LEDE + sentence, published=published)
    assert [(c.count, c.scope) for c in found] == [(9, "event"), (160, scope)]


@pytest.mark.parametrize(
    ("text", "year", "earlier"),
    [
        ("in 2023", 2024, True),
        ("in 2024", 2024, False),
        ("in 2025", 2024, False),
        ("the 1999 floods", 2000, True),
        ("route 2023a", 2024, False),  # not a year on its own
        ("no year here", 2024, False),
    ],
)
def test_earlier_year_compares_with_the_publication_year(text, year, earlier):
    assert _earlier_year(text, Context(text=text, published_at=date(year, 6, 1))) is earlier


def test_the_lede_is_the_event_even_with_an_earlier_year():
    text = "A trial opened over a 2015 shooting that killed five people."
    doc = parse(text)
    context = Context(text=text, published_at=date(2024, 5, 1))
    sent = next(iter(doc.sents))
    assert scope_of(sent, context, lede=True) == "event"
    assert scope_of(sent, context) == "background"


# (text, source): a pronoun names nobody, so it is no source
SOURCES = [
    ("Three people were killed in the crash, he said.", None),
    ("Three people were killed in the crash, they said.", None),
    ("Three people were killed in the crash, the coroner said.", "the coroner"),
    ("Three people were killed, according to them.", None),
    ("Three people were killed, according to the coroner.", "the coroner"),
]


@pytest.mark.parametrize(("text", "source"), SOURCES)
def test_a_pronoun_is_not_a_source(text, source):
    (item,) = run(text)
    assert item.source == source


@pytest.mark.parametrize("place", ["Odesa", "Kharkiv"])  # a GPE and a LOC to the tagger
def test_a_place_named_in_the_sentence_is_its_location(place):
    text = (
        "Officials in the capital spoke for hours about the work of the rescue crews on Monday night. "
        f"The shelling killed four people in {place}."
    )
    (item,) = run(text)
    assert (item.count, item.location) == (4, place)


@pytest.mark.xfail(
    strict=True, raises=AssertionError, reason="a plural noun named by its appositions counts one"
)
def test_known_failure_parents_named_in_apposition():
    assert figures("Her parents, Jessica and Julian, were killed.") == (2, None, None)


# (rule, text, [(kind, count, min, max, qualifier, role)] of each item)
ITEMS = [
    (
        "triple homicide",
        "Detectives are investigating a triple homicide on Main Street.",
        [("killed", 3, 3, 3, "exact", "main")],
    ),
    # "a second man was wounded": one injured here, and two people hit so far
    (
        "second man wounded",
        "Police learned that a second man was wounded in the shooting.",
        [("injured", 1, 1, 1, "exact", "earlier"), ("injured", 2, 2, 2, "exact", "main")],
    ),
]


@pytest.mark.parametrize(("rule", "text", "items"), ITEMS, ids=[row[0] for row in ITEMS])
def test_items(rule, text, items):
    assert [(c.kind, c.count, c.min, c.max, c.qualifier, c.role) for c in run(text)] == items


# (rule, text, [(kind, count, victims, role)]): the attacker's own death is labelled as his
ATTACKERS = [
    (
        "turned the gun on himself",
        "A man shot his neighbour, then turned the gun on himself.",
        [("killed", 1, "perpetrator", "perpetrator"), ("injured", 1, "neighbour", "main")],
    ),
    (
        "self-inflicted, alone",
        "A man died of a self-inflicted gunshot wound.",
        [("killed", 1, "perpetrator", "perpetrator")],
    ),
    # a victim shot is injured besides an attacker hurt in the same story, not the attacker himself
    (
        "victim shot, attacker hit",
        "A girl was shot in the arm. Police say the gunman was struck in one foot and had minor injuries.",
        [("injured", 1, "perpetrator", "perpetrator"), ("injured", 1, "girl", "main")],
    ),
]


@pytest.mark.parametrize(("rule", "text", "items"), ATTACKERS, ids=[row[0] for row in ATTACKERS])
def test_the_attacker_is_labelled(rule, text, items):
    assert [(c.kind, c.count, c.victims, c.role) for c in run(text)] == items


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("Four soldiers died and eleven were wounded.", "soldiers"),
        ("Three police officers drowned when their boat capsized.", "officers"),
    ],
    ids=["died", "drowned"],
)
def test_police_or_soldiers_who_die_are_victims(text, victims):
    killed = [c for c in run(text) if c.kind == "killed"]
    assert [(c.victims, c.role) for c in killed] == [(victims, "main")]


@pytest.mark.parametrize(
    "text",
    [
        "In a separate attack, gunmen killed two farmers.",
        "In an unrelated shooting, gunmen killed two farmers.",
    ],
)
def test_a_separate_incident_is_background(text):
    (item,) = run(text)
    assert (item.count, item.scope) == (2, "background")


def test_a_tally_over_the_previous_days_is_cumulative():
    (item,) = run("Nine people were killed across the county over the previous ten days, records show.")
    assert (item.count, item.scope) == (9, "cumulative")


CAPTIVE_STORIES = [
    # (headline, text, killed total): a story about captives tells what led to the captures as background
    (
        "Gunmen free seven abducted policemen",
        "The policemen were seized by men who demanded the release of relatives jailed over attacks in 2011 "
        "that killed seven people.",
        None,
    ),
    (
        "Authorities free 23 activists after protests",
        "Authorities freed 23 activists on Tuesday. Seven people were killed when police broke up protests "
        "last week.",
        None,
    ),
    # freed captives taken to a hospital for checks are not hurt
    (
        "Troops free 15 hostages in desert raid",
        "Troops freed 15 hostages, among them 10 tourists, on Sunday. The 10 tourists were taken to a "
        "hospital for checks.",
        None,
    ),
    # a death told by a noun is a crime of the past there
    (
        "Merovia frees 12 prisoners",
        "Merovia handed over 12 people on Friday. Two of them had been convicted years earlier of the "
        "murder of a child.",
        None,
    ),
    # the same sentences under a casualty headline, or none, are the story's own event
    (
        "Seven killed as police break up protests",
        "Authorities freed 23 activists on Tuesday. Seven people were killed when police broke up protests "
        "last week.",
        7,
    ),
    (
        None,
        "The policemen were seized by men who demanded the release of relatives jailed over attacks in 2011 "
        "that killed seven people.",
        7,
    ),
    # deaths on a date days before publication (Wednesday 22 May 2013) led to the captures
    (
        "Rebels free 40 hostages seized in village raid",
        "Rebels freed 40 hostages on Tuesday. The gunmen had killed 12 villagers on April 2 before they "
        "drove the captives away.",
        None,
    ),
    (
        "Army frees 9 soldiers held by protesters",
        "Nine soldiers were freed on Tuesday. The standoff began after a clash in March in which four "
        "fighters were killed.",
        None,
    ),
    # deaths of the news days are the story's own, and so is every date under a casualty headline
    (
        "Rebels free 40 hostages seized in village raid",
        "Rebels freed 40 hostages on Tuesday. Three guards were killed on Monday as the hostages were "
        "led out.",
        3,
    ),
    (
        "Gunmen kill 12 villagers, free 40 hostages",
        "Rebels freed 40 hostages on Tuesday. The gunmen had killed 12 villagers on April 2 before they "
        "drove the captives away.",
        12,
    ),
]


@pytest.mark.parametrize(("title", "text", "killed"), CAPTIVE_STORIES)
def test_a_captive_story_tells_earlier_deaths_as_background(title, text, killed):
    doc = parse(text)
    context = Context(text=text, title=title, published_at=date(2013, 5, 22))
    context.dates = dates.extract(doc, context)  # as the facts runner fills them
    found = casualties.totals(casualties.extract(doc, context))
    assert found["killed"] == killed
    assert found["injured"] is None


def test_a_passive_report_names_no_source():
    (item,) = run("It was reported that six miners died.")
    assert (item.count, item.source) == (6, None)


# (text, place): a sentence that names no place is placed where the story opens (a sea, a range: LOC)
OPENING_PLACES = [
    ("Rescuers searched the Black Sea coast. Three fishermen drowned.", "Black Sea"),
    ("Rescuers worked through the night in the Alps. An avalanche killed four skiers.", "Alps"),
]


@pytest.mark.parametrize(("text", "place"), OPENING_PLACES, ids=["sea", "mountains"])
def test_a_sentence_without_a_place_takes_the_opening_place(text, place):
    (item,) = run(text)
    assert item.location == place
