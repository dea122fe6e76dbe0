"""Finds the counts of a sentence that are prisoner figures, with the word that gives their kind.

A count is a prisoner figure when it counts people and is the patient of a trigger: the object of
"freed"/"captured", the subject of "were released"/"remain in detention", or the complement of an
event noun ("the release of 477 inmates"). Everything else a sentence counts is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from service.analysis.facts.numbers import NumberPhrase, find_counts, partitive
from service.analysis.facts.prisoners.filters import excluded, quoted
from service.analysis.facts.prisoners.triggers import governing_trigger, modifier_trigger, verb_trigger
from service.analysis.facts.prisoners.words import (
    dateline_end,
    has_cue,
    is_military_noun,
    is_person_noun,
    is_prisoner_noun,
    lemma,
    lexicon,
    state_kind,
    through_dateline,
    verb_kind,
)
from service.analysis.model import Count

NOT_COUNTS = ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)$", re.I)


@dataclass(frozen=True)
class Mention:
    """A prisoner figure in a sentence: its count, the counted word, the trigger and the kind."""

    phrase: NumberPhrase
    arg: Token  # the token that fills the trigger's slot (the counted noun, or the number itself)
    noun: Token | None  # the noun that says who is counted, when there is one
    trigger: Token
    kind: str
    each: bool = False  # "each freed 103", "six from each side": one figure per side
    counter: bool = False  # "in exchange for 84 Ukrainians": freed by the other side


def find_mentions(sent: Span) -> list[Mention]:
    """Every prisoner figure of one sentence, in reading order."""
    found = []
    phrases = _breakdowns_joined(sent.doc, find_counts(sent))
    part_of = {phrase.start: partitive(phrase, sent.doc) for phrase in phrases}
    parts = {part.start for part in part_of.values() if part is not None}
    for phrase in phrases:
        if phrase.count.count == 0 or phrase.start in parts or not _is_count(sent.doc, phrase):
            continue  # (the "Two" of "Two of 23 members" is read with the 23)
        mention = _mention(sent, phrase) or _coordinated(sent, phrase, found) or _swap_total(sent, phrase)
        if mention is not None:
            found.append(_of_the_part(mention, part_of[phrase.start]))
            found += _taken_before(mention)
    return _summed(sent, found) + _implicit_mentions(sent)


def _breakdowns_joined(doc, phrases: list[NumberPhrase]) -> list[NumberPhrase]:
    """One count for a breakdown that names its people once, after the last count: "three Colombian
    and two Peruvian workers" is 5 workers, "eleven female and four male students" 15 students."""
    out: list[NumberPhrase] = []
    for phrase in phrases:
        last = out[-1] if out else None
        joined = last is not None and _modifier_between(doc, last, phrase.start)
        if joined and _modifier(doc, phrase.end, phrase):
            a, b = last.count, phrase.count
            if a.count is not None and b.count is not None:
                exact = a.qualifier == b.qualifier == "exact"
                total = a.count + b.count
                count = Count(total, total, total if exact else None, "exact" if exact else a.qualifier)
                out[-1] = NumberPhrase(count, last.start, phrase.end)
                continue
        out.append(phrase)
    return out


def _modifier_between(doc, last: NumberPhrase, start: int) -> bool:
    """A single modifier and a link between two counts: "three Colombian and | two", "six female, | two"."""
    end = last.end
    return start == end + 2 and _modifier(doc, end, last) and doc[end + 1].lower_ in ("and", ",")


def _modifier(doc, i: int, phrase: NumberPhrase) -> bool:
    """An adjective or a nationality right after a count ("two Peruvian", "four male"), or a singular
    noun after a plural count, which can only be a modifier ("thirteen female")."""
    if i >= len(doc) or doc[i].pos_ == "NUM":
        return False
    word = doc[i]
    plural = phrase.count.count is not None and phrase.count.count > 1
    return word.tag_ == "JJ" or word.ent_type_ == "NORP" or (word.tag_ == "NN" and plural)


def _of_the_part(mention: Mention, part: NumberPhrase | None) -> Mention:
    """ "Two of 23 members ... have been freed": the verb tells of the two; a participle on the noun
    ("23 members kidnapped") of all of them."""
    noun = mention.noun
    if part is None or (noun is not None and mention.trigger.head.i == noun.i):
        return mention
    return replace(mention, phrase=NumberPhrase(part.count, part.start, mention.phrase.end))


def _taken_before(mention: Mention) -> list[Mention]:
    """'freed 14 sailors who were kidnapped last month': the freed people were also taken, 14 captured."""
    if mention.kind != "released" or mention.noun is None or mention.each or mention.counter:
        return []
    if mention.arg.i != mention.noun.i:  # "rescued 11 of 34 travellers abducted …": the 34 were taken
        return []
    found = modifier_trigger(mention.noun) or _who_clause(mention.noun)
    if found is None or found[1] != "captured" or found[0].i == mention.trigger.i:
        return []
    if lemma(found[0]) == "capture":  # "freed 17 men captured in the offensive": prisoners of war, not a raid
        return []
    if _an_arrest(mention.noun, found[0]):  # "eleven detained activists regained their freedom"
        return []
    return [Mention(mention.phrase, mention.arg, mention.noun, found[0], "captured")]


def _who_clause(noun: Token) -> tuple | None:
    """'14 crew members of a fishing vessel who were kidnapped': a 'who' clause the parser hung on the
    noun after 'of' describes the people counted."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        for obj in (o for o in prep.children if o.dep_ == "pobj" and not is_person_noun(o)):
            for clause in (c for c in obj.children if c.dep_ == "relcl"):
                if any(c.lower_ == "who" for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                    return modifier_trigger(obj)
    return None


def _summed(sent: Span, found: list[Mention]) -> list[Mention]:
    """'six policemen and one soldier were seized' is one figure, 7; so is 'a Briton and nine Kenyans'
    (N + 1). Per-side figures of a swap ("five Americans and five Iranians") stay apart."""
    out, used = [], set()
    for mention in found:
        if id(mention) in used:
            continue
        group = _coordination(sent, mention, found)
        if group is None:
            out.append(mention)
            continue
        members, total = group
        used.update(id(m) for m in members)
        first = members[0]
        phrase = NumberPhrase(total, min(m.phrase.start for m in members), max(m.phrase.end for m in members))
        out.append(Mention(phrase, first.arg, first.noun, first.trigger, first.kind))
    return out


def _coordination(sent: Span, mention: Mention, found: list[Mention]) -> tuple[list[Mention], Count] | None:
    """The mentions of one coordinated figure and their sum, or None when the figure stands alone."""
    if mention.each or mention.counter or mention.noun is None:
        return None
    root = mention.arg  # the noun, or the number of "the pilot and three of his crew"
    while root.dep_ == "conj":
        root = root.head
    people = [root, *root.conjuncts]
    if len(people) < 2 and root.dep_ in ("nsubj", "nsubjpass"):  # misparse: two subjects, "and" on the first
        subjects = [c for c in root.head.children if c.dep_ == root.dep_]
        if len(subjects) > 1 and any(c.dep_ == "cc" for s in subjects[:-1] for c in s.children):
            people = subjects
    if len(people) < 2:
        return None
    by_noun = {m.noun.i: m for m in found if m.noun is not None and m.trigger.i == mention.trigger.i}
    for m in found:  # "the pilot and three of his crew": the member is the number, its noun the crew
        if m.trigger.i == mention.trigger.i:
            by_noun.setdefault(m.arg.i, m)
    members, counts = [], []
    for person in people:
        if person.i in by_noun:
            members.append(by_noun[person.i])
            counts.append(by_noun[person.i].phrase.count)
        elif (_one_person(person) and _full_name(person)) or _a_person(person):
            counts.append(Count(1, 1, 1, "exact"))
        else:
            return None
    if not members or (len(members) > 1 and _per_side(sent, people)):
        return None
    first, last = min(p.i for p in people), max(p.i for p in people)
    between = sent.doc[first:last]
    if any(lemma(t) in lexicon()["subgroup"] for t in between):
        return None  # "among them three women and a child"
    listed = any(t.is_punct and t.text != "-" for t in between)
    if listed and not (root.dep_ in ("dobj", "nsubjpass") and root.head.i == mention.trigger.i):
        return None  # "16 crew — five Lithuanians, three Latvians …" is a breakdown of a total
    if any(c.count is None for c in counts):
        return None
    if listed and counts[0].count == sum(c.count for c in counts[1:]):
        return None  # "two other captives, a police officer and a soldier": the first is the whole
    total = sum(c.count for c in counts)
    exact = all(c.qualifier == "exact" for c in counts)
    qualifier = "exact" if exact else next(c.qualifier for c in counts if c.qualifier != "exact")
    upper = None if any(c.max is None for c in counts) else sum(c.max for c in counts)
    low = sum(c.min if c.min is not None else c.count for c in counts)
    return members, Count(total, low, upper, qualifier)


def _full_name(token: Token) -> bool:
    """A common noun, or a name of two words or more ('MV Talca' may be a ship the model calls a person)."""
    if token.pos_ != "PROPN":
        return True
    if token.dep_ == "appos" and token.head.pos_ == "NOUN" and not is_person_noun(token.head):
        return False  # "the cargo ship MV Talca": the name of a thing
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent is not None and len(ent) >= 2


def _a_person(token: Token) -> bool:
    """'a Briton', 'its Libyan captain', 'a Thai': one person named by an article or owner."""
    if any(c.like_num for c in token.children) or token.tag_ in ("NNS", "NNPS"):
        return False
    owned = any(
        c.dep_ in ("det", "poss") and c.lower_ in ("a", "an", "the", "its", "their", "his", "her")
        for c in token.children
    )
    return owned and is_person_noun(token)


def _per_side(sent: Span, people: list[Token]) -> bool:
    """Figures of different nationalities in a swap sentence are the two sides' figures."""
    if not any(lemma(t) in ("swap", "exchange", "trade") for t in sent):
        return False
    sides = {n.lower() for p in people for n in _nations(p)}
    return len(sides) >= 2


def _nations(noun: Token) -> list[str]:
    if noun.ent_type_ == "NORP":
        return [noun.text]
    return [
        c.text for c in noun.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
    ]


def _swap_total(sent: Span, phrase: NumberPhrase) -> Mention | None:
    """'A total of 302 people crossed the line', '11 people in all were covered' in a swap story."""
    doc = sent.doc
    arg, noun = _argument(doc[phrase.end - 1])
    if noun is not None and not is_person_noun(noun):
        return None
    marked = arg
    if (
        arg.dep_ == "pobj"
        and arg.head.lower_ == "of"
        and lemma(arg.head.head) in lexicon()["total_markers"]["nouns"]
    ):
        marked = arg.head.head
    verb = marked.head
    if marked.i == arg.i and not _total_phrase([*arg.children, *verb.children]):
        return None
    if verb.pos_ not in ("VERB", "AUX") or marked.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    if lemma(verb) in lexicon()["total_markers"]["not_verbs"] or not _swap_story(doc):
        return None
    if not has_cue(_window(sent)):
        return None
    return Mention(phrase, arg, noun, verb, "exchanged")


def _total_phrase(tokens) -> bool:
    """'in all', 'all told' among a word's dependents."""
    for token in tokens:
        words = [token.lower_, *(c.lower_ for c in token.children)]
        if any(words[: len(p)] == p for p in lexicon()["total_markers"]["phrases"]):
            return True
    return False


def _swap_story(doc) -> bool:
    key = "prisoners_swap_story"
    if key not in doc.user_data:
        doc.user_data[key] = any(lemma(t) in ("swap", "exchange") for t in doc)
    return doc.user_data[key]


def _coordinated(sent: Span, phrase: NumberPhrase, found: list[Mention]) -> Mention | None:
    """'the release of five Americans … and five Iranians': the second count shares the first's trigger."""
    doc = sent.doc
    link = doc[phrase.start - 1] if phrase.start > sent.start else None
    if link is None or link.dep_ != "cc" or not found or found[-1].noun is None:
        return None
    arg, noun = _argument(doc[phrase.end - 1])
    if found[-1].noun.i != link.head.i and not (noun is not None and _gapped_parallel(link, noun, found[-1])):
        return None
    if (
        noun is None
        or not is_person_noun(noun)
        or excluded(sent, arg, noun, found[-1].trigger, found[-1].kind)
    ):
        return None
    last = found[-1]
    return Mention(phrase, arg, noun, last.trigger, last.kind, each=last.each, counter=last.counter)


def _gapped_parallel(link: Token, noun: Token, last: Mention) -> bool:
    """ "60 Indians are held in Pakistani jails and 140 Pakistanis in Indian prisons": the verb left
    out of the second clause, which repeats the first's preposition; the parser joins the people to
    the place."""
    place = link.head
    prep = place.head if place.dep_ == "pobj" else None
    if prep is None or prep.head.i != last.trigger.i or noun.dep_ != "conj" or noun.head.i != place.i:
        return False
    return any(c.dep_ == "prep" and c.lower_ == prep.lower_ for c in noun.children)


def _implicit_mentions(sent: Span) -> list[Mention]:
    """'A Czech aid worker and her driver … have been freed': two people, counted by their names."""
    found = []
    skip = dateline_end(sent.doc)
    for token in sent:
        if token.i < skip:
            continue
        slot = through_dateline(token, skip)
        if slot.dep_ not in ("nsubjpass", "dobj"):
            continue
        members = [token, *(c for c in token.conjuncts if c.i > token.i)]
        if any(c.dep_ == "cc" for c in token.children):  # "A and B" parsed as two subjects
            members += [c for c in token.head.children if c.dep_ == token.dep_ and c.i > token.i]
        if len(members) < 2:
            continue
        if not all(_one_person(m) for m in members):
            continue
        trigger = verb_trigger(slot, slot.head) if slot.head.pos_ == "VERB" else None
        if trigger is None or trigger[2] and not has_cue(_window(sent)):
            continue
        phrase = NumberPhrase(Count(len(members), len(members), len(members), "exact"), token.i, token.i + 1)
        if not excluded(sent, token, token, trigger[0], trigger[1]):
            found.append(Mention(phrase, token, token, trigger[0], trigger[1]))
    return found


def _one_person(token: Token) -> bool:
    """A singular person: a named one, or 'a/her/the … worker' with no number of its own."""
    if any(c.like_num for c in token.children):
        return False
    if token.pos_ == "PROPN":  # a name: the parser's PERSON on it or on one of its conjuncts
        return any(t.ent_type_ == "PERSON" for t in (token, *token.conjuncts))
    return token.tag_ == "NN" and is_person_noun(token)


def _is_count(doc, phrase: NumberPhrase) -> bool:
    """Dates, money, percentages, distances and ordinals ("68th exchange") are not counts of people."""
    tokens = doc[phrase.start : phrase.end]
    return not any(t.ent_type_ in NOT_COUNTS or _ORDINAL.match(t.text) for t in tokens)


def _mention(sent: Span, phrase: NumberPhrase) -> Mention | None:
    arg, noun = _argument(sent.doc[phrase.end - 1])
    if noun is not None and not is_person_noun(noun):
        return None
    found = (
        governing_trigger(arg)
        or (modifier_trigger(noun) if noun is not None and noun.i == arg.i else None)
        or _state_after(sent, phrase, noun)
    )
    if found is None or quoted(sent.doc, phrase):
        return None
    trigger, kind, weak, counter = found
    if weak and not _weak_verb_fits(sent, noun, trigger):
        return None
    if kind == "captured" and _an_arrest(noun, trigger):  # "police detained two men"
        return None
    if excluded(sent, arg, noun, trigger, kind):
        return None
    each = _is_each(trigger, arg)
    if kind == "released" and not (each or counter) and _both_sides_swap(sent, trigger):
        kind = "exchanged"  # "Russia and Ukraine released 230 prisoners in a swap": the swap's total
    if kind == "released" and not (each or counter) and _unsided_total(sent, arg, trigger):
        kind = "exchanged"  # "154 people were freed in all" in a swap story: the swap's total
    return Mention(phrase, arg, noun, trigger, kind, each=each, counter=counter)


STATE_REACH = 10  # tokens from a count to the state it is in: a relative clause or a participle between


def _state_after(sent: Span, phrase: NumberPhrase, noun: Token | None) -> tuple | None:
    """'24,087 people arrested since the coup were still in detention', 'about 111 of the girls remain
    with the militants': people counted before a held state, where the parser lost the subject (to a
    participle's clause, to 'said' or 'believe'). The first state verb after the count, with no other
    count or clause break between, is the count's."""
    if noun is None:
        return None
    doc = sent.doc
    for token in doc[phrase.end : min(sent.end, phrase.end + STATE_REACH)]:
        if (
            token.like_num
            or token.text in (";", ":", "—", "(")
            or token.lower_ in ("but", "while", "whereas")
        ):
            return None
        state = state_kind(token) if token.pos_ in ("VERB", "AUX") else None
        if state is not None:
            return token, state, False, False
    return None


def _unsided_total(sent: Span, arg: Token, trigger: Token) -> bool:
    """A release figure marked as a total, with no side as its agent, in a story about a swap."""
    if any(c.dep_ in ("nsubj", "agent") for c in trigger.children):
        return False
    marked = (
        arg.dep_ == "pobj"
        and arg.head.lower_ == "of"
        and lemma(arg.head.head) in lexicon()["total_markers"]["nouns"]
    )
    if not marked and not _total_phrase([*arg.children, *trigger.children]):
        return False
    return _swap_story(sent.doc)


def _both_sides_swap(sent: Span, trigger: Token) -> bool:
    """Two sides as the subject ("A and B", "the two sides", "both countries") of a release in a swap."""
    if not any(lemma(t) in ("swap", "exchange") for t in sent):
        return False
    for subject in (c for c in trigger.children if c.dep_ == "nsubj"):
        if list(subject.conjuncts):
            return True
        if lemma(subject) in ("side", "country", "party") and subject.tag_ == "NNS":
            return True
    return False


def _weak_verb_fits(sent: Span, noun: Token | None, trigger: Token) -> bool:
    """'released', 'returned', 'held' count prisoners only with prisoners, soldiers, a state or a cue."""
    if noun is not None and (is_prisoner_noun(noun) or is_military_noun(noun) or _foreign(noun)):
        return True
    if noun is not None and _taken_by_a_side(noun):  # "the 23 fishermen held by the navy were released"
        return True
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    if any(t.ent_type_ in ("GPE", "NORP") for s in subjects for t in s.subtree):
        return True
    if noun is not None and _others(noun) and has_cue(sent.doc):
        return True  # "still holding seven other foreigners" in a story about captives
    if captive_story(sent.doc):  # "The four crewmen were released", "219 more will be released"
        return True  # in a story whose headline or lede is about captives
    return has_cue(_window(sent))


def _an_arrest(noun: Token | None, trigger: Token) -> bool:
    """A state verb ("detain") whose people no state or armed force took: an arrest, no capture."""
    return lemma(trigger) in lexicon()["state_verbs"] and not _taken_by_a_state(noun, trigger)


def _taken_by_a_state(noun: Token | None, trigger: Token) -> bool:
    """Soldiers or foreigners taken, or people taken by a state or its forces ("Iran", "Russian
    troops" as the subject or agent): a capture, where police detaining suspects is an arrest."""
    if noun is not None and (is_military_noun(noun) or _foreign(noun)):
        return True
    takers = [c for c in trigger.children if c.dep_ in ("nsubj", "agent")]
    if trigger.dep_ == "relcl" and noun is not None and any(t.tag_ == "PRP" for t in takers):
        # "Iran freed 10 sailors it had detained": "it" is the subject of the verb on the people
        takers += [c for c in noun.head.children if c.dep_ == "nsubj"]
    return any(t.ent_type_ in ("GPE", "NORP") or is_military_noun(t) for s in takers for t in s.subtree)


def _taken_by_a_side(noun: Token) -> bool:
    """People a participle calls seized, or held by someone ("held by the navy"), not suspects "held
    in the killing"."""
    for verb in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
        kind = verb_kind(verb)[0]
        if kind == "captured" or (kind == "held" and any(c.dep_ == "agent" for c in verb.children)):
            return True
    return False


LEDE_TOKENS = 60  # the story's opening words, where a captive story says what it is about
CAPTIVE_TITLE = "prisoners_captive_title"  # doc.user_data key: the article's title speaks of captives


def captive_story(doc) -> bool:
    """Whether the story is about captives: its title or its opening words name hostages, prisoners,
    abductions or releases. Later sentences then count people by what they are ("the four crewmen
    were released", "ten fishermen were released"), with no captive word of their own."""
    return bool(doc.user_data.get(CAPTIVE_TITLE)) or has_cue(doc[:LEDE_TOKENS])


def _others(noun: Token) -> bool:
    """'seven other foreigners', 'the remaining 12 passengers': more of the people the story counts."""
    keep = lexicon()["partitive_keep"] | {"more"}
    words = [*noun.children, *(c for n in noun.children if n.dep_ == "nummod" for c in n.children)]
    return any(c.lower_ in keep for c in words)  # "12 more people": "more" may hang on the number


def _foreign(noun: Token) -> bool:
    """'three Americans', 'ten Thai nationals': people named by their state are a state's concern."""
    return noun.ent_type_ == "NORP" or any(
        c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") for c in noun.children
    )


def _window(sent: Span) -> Span:
    """The sentence with the two before it: where a weak verb's prisoner context is looked for."""
    doc = sent.doc
    start = sent.start
    for _ in range(2):
        if start > 0:
            start = doc[start - 1].sent.start
    return doc[start : sent.end]


def _argument(number: Token) -> tuple[Token, Token | None]:
    """The token that fills a slot for this number, and the noun that says who is counted."""
    if number.dep_ in ("nummod", "quantmod", "amod", "compound") and number.head.pos_ in ("NOUN", "PROPN"):
        noun = number.head
        if noun.dep_ == "compound" and noun.head.lower_ in ("hostage", "hostages", "captive", "captives"):
            return noun.head, noun
        if (
            noun.dep_ == "compound"
            and noun.lower_ in ("man", "member", "person", "woman")
            and is_person_noun(noun.head)
        ):
            return noun.head, noun.head  # "its 21-man crew", "a 12-member team": the 21 are the crew
        return noun, noun
    if number.dep_ == "conj" and number.head.dep_ == "amod" and number.head.head.pos_ == "NOUN":
        return number.head.head, number.head.head  # "nine female and six male pupils", six on "female"
    owner = number.head.head
    if number.dep_ == "pobj" and number.head.lower_ == "of" and owner.tag_ == "NN" and is_person_noun(owner):
        return owner, owner  # "the ship and its crew of 22": the 22 are the crew
    more = number.head
    if number.dep_ == "npadvmod" and more.lower_ == "more" and more.head.pos_ in ("NOUN", "PROPN"):
        return more.head, more.head  # "at least 15 more people", parsed with 15 on "more"
    for prep in number.children:  # "six of them", "dozens of people"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objs = [c for c in prep.children if c.dep_ == "pobj"]
            if objs:
                return number, objs[0]
    return number, None


def _is_each(trigger: Token, arg: Token) -> bool:
    """'each freed 103', 'released 25 detainees each', 'six from each side', 'apiece'."""
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    near = [*trigger.children, *arg.children, *(c for s in subjects for c in s.children)]
    if arg.i + 1 < len(arg.doc):
        near.append(arg.doc[arg.i + 1])  # "free 50 prisoners each next month" (misparsed "each")
    for tok in near:
        if tok.lower_ in ("each", "apiece"):
            return True
        if tok.dep_ == "prep" and any(o.lemma_ == "side" for o in tok.children):
            side = next(o for o in tok.children if o.lemma_ == "side")
            if any(d.lower_ in ("each", "either") for d in side.children):
                return True
    return False
