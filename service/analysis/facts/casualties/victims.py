"""Counts the people a casualty statement names, written ("12 civilians") or implied ("her son")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from service.analysis.facts.numbers import NumberPhrase, is_age, lexicon, read_count
from service.analysis.model import Count

_ONE = Count(1, 1, 1, "exact")
# "another" alone is one person too: "one died and another was hurt"
_PRONOUNS_ONE = {"he", "she", "him", "her", "himself", "herself", "i", "another"}
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10}  # fmt: skip
ORDINAL_ENDINGS = ("th", "st", "nd", "rd")  # "4th"; a headline's words read it "4 th"
_RELATIVE = {"that", "who", "which", "whom"}
_REFLEXIVE = {"himself", "herself", "themselves"}
_PLURAL_PRONOUNS = {"they", "them"}
_HANGING = {"relcl", "advcl", "conj", "prep", "pobj", "acl", "xcomp", "dobj", "nsubj", "nsubjpass"}


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, borrowed from the verb it is coordinated with ("were shot and killed")."""
    while True:
        # "another nine were trapped": the parser may hang the subject on the auxiliary
        auxiliaries = [
            c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i and c.lemma_ == "be"
        ]
        subjects = [
            c
            for c in (*verb.children, *(g for a in auxiliaries for g in a.children))
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVE and not an_age(c)
        ]
        if subjects:  # "eight drowned and 30 others were missing": the subject nearest the verb
            before = [c for c in subjects if c.i < verb.i]
            return first_of_list(before[-1]) if before else subjects[0]
        relative = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if relative is not None and verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "killing six before being shot dead"
            verb = verb.head.head
            continue
        if verb.dep_ not in ("conj", "xcomp", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head


def an_age(token: Token) -> bool:
    """ "… and Li Wu, 32 were taken to hospital": the age the parser made a subject."""
    after_comma = token.i > 0 and token.doc[token.i - 1].text == ","
    return token.pos_ == "NUM" and after_comma and is_age(token.doc[token.i : token.i + 1])


def is_person(noun: Token, data: dict) -> bool:
    """Whether ``noun`` can name casualties: people words, names, pronouns, bare numbers."""
    if noun.pos_ == "NUM" or noun.like_num:  # "31 of the 38 drones" are not people
        of = [c for p in noun.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        return not of or of[0].pos_ == "PRON" or is_person(of[0], data)
    if noun.lower_ in _PRONOUNS_ONE or noun.lower_ in ("both", "none", "nobody"):
        return True
    if _bare_ordinal(noun):  # "two men died and a third was hospitalized"
        return True
    if noun.ent_type_ in ("PERSON", "NORP") or noun.pos_ == "PROPN" and noun.ent_type_ == "":
        return True
    if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in noun.children):
        return True  # "U.S. citizen Mateo Villanueva"
    if _aged_name(noun):
        return True
    lower = noun.lower_
    if lower in data["victim_set"] or noun.lemma_.lower() in data["victim_set"] or _is_age_noun(noun):
        return True
    if lower.endswith(tuple(data["victim_suffixes"])) and noun.tag_ == "NNS":
        return True
    return _counted_compound(noun, data)


def _counted_compound(noun: Token, data: dict) -> bool:
    """ "two co-workers": the tokenizer splits the word at its hyphen and the parser counts its first
    part ("co"); the word is a person when its last part is one. Only with a number of its own
    ("his ex-wife" already counts her by "wife")."""
    if not _hyphen_follows(noun) or noun.doc[noun.i + 1].whitespace_:
        return False
    last = noun.doc[noun.i + 2]
    if not any(c.dep_ == "nummod" for c in noun.children) or not last.is_alpha:
        return False
    return last.lower_ in data["victim_set"] or last.lemma_.lower() in data["victim_set"]


def _hyphen_follows(noun: Token) -> bool:
    """The noun is the first part of a word the tokenizer split at its hyphen ("co" of "co-workers")."""
    doc, i = noun.doc, noun.i
    return not noun.whitespace_ and i + 2 < len(doc) and doc[i + 1].text == "-"


def _aged_name(noun: Token) -> bool:
    """ "5-year-old Noelle Shawver": a name with an age is a person, whatever entity the tagger
    makes of it."""
    return noun.pos_ == "PROPN" and any(c.dep_ == "amod" and _is_age_noun(c) for c in noun.children)


def _is_age_noun(noun: Token) -> bool:
    """ "a 9-year-old", "the 17-year-old": an age standing for a person."""
    return noun.lower_ == "old" and any(t.lower_ in ("year", "month", "week") for t in noun.lefts)


def victim_label(noun: Token) -> str | None:
    """What the victims are called ("civilians", "people"); "person" for names and pronouns."""
    if noun.pos_ == "PRON":
        return None
    if noun.pos_ == "PROPN" or noun.ent_type_ == "PERSON" or _is_age_noun(noun):
        return "person"
    if noun.pos_ == "NUM" or noun.like_num:
        return None
    if _hyphen_follows(noun):
        return noun.doc[noun.i : noun.i + 3].text.lower()  # "co-workers", as written
    return noun.lower_


@dataclass(frozen=True)
class Group:
    """One victim noun of a statement ("his wife" and "two daughters" in "his wife and two daughters")."""

    token: Token
    count: Count
    running: bool  # an ordinal: "a fourth victim" means four so far
    perpetrator: bool  # the attacker himself ("then himself", "the gunman was shot dead by police")
    name: str | None  # a person's name, to tell victims of different sentences apart
    number: NumberPhrase | None = None  # the written number the count was read from, if any


def victim_groups(noun: Token, data: dict, *, by_police: bool = False, alone: bool = False) -> list[Group]:
    """The victim groups ``noun`` (and, unless ``alone``, the nouns coordinated with it) name."""
    groups = []
    if noun.lower_ in _PLURAL_PRONOUNS:
        return _antecedent_groups(noun, data)
    for part in [noun] if alone else [noun, *_coordinated(noun)]:
        if not is_person(part, data):
            continue
        count, running, number = _count_one(part)
        if count is None:
            continue
        perpetrator = (
            by_police or part.lower_ in _REFLEXIVE or part.lemma_.lower() in data["perpetrator_nouns"]
        )
        groups.append(Group(part, count, running, perpetrator, _name(part), number))
    if _is_breakdown(groups, data) or (groups and groups[0].token is noun and _ends_in_subgroup(noun, data)):
        return groups[:1]
    if any(g.count.count is None for g in groups):  # "many patients and staff": one group, no figure
        return [g for g in groups if g.count.count is None or g.number is not None or g.name]
    return groups


def _antecedent_groups(pronoun: Token, data: dict) -> list[Group]:
    """The people "they" stands for, counted as the clause it hangs from names them: "Two people
    were taken to hospital, where they later died"; "a girl died and her father is in critical
    condition after they were shot" (both). Not across a verb of saying ("police said they found"),
    and one person can be "they" too ("the victim was taken to hospital, where they died")."""
    node = pronoun.head
    while node.dep_ in _HANGING and node.head.i != node.i:
        node = node.head
        subjects = _subjects_before(node, pronoun)
        if not subjects:
            continue
        clauses = [node.head] if node.dep_ == "conj" else []
        clauses += [c for c in node.children if c.dep_ == "conj" and c.i < pronoun.i]
        subjects += [s for clause in clauses for s in _subjects_before(clause, pronoun)]
        if any(s.pos_ == "PRON" for s in subjects):
            return []
        groups = [g for s in subjects for g in victim_groups(s, data)]
        total = sum(g.count.count or 0 for g in groups)
        if not total or any(g.count.count is None or g.running for g in groups):
            return []
        count = Count(total, total, total, "exact")
        return [Group(pronoun, count, False, all(g.perpetrator for g in groups), None)]
    return []


def _subjects_before(verb: Token, pronoun: Token) -> list[Token]:
    """The subjects of ``verb`` before ``pronoun`` that do not hold it."""
    return [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass")
        and c.i < pronoun.i
        and not c.left_edge.i <= pronoun.i <= c.right_edge.i
    ]


def _is_breakdown(groups: list[Group], data: dict) -> bool:
    """ "three people, two men and a woman": a counted group of people, a comma, then groups that add
    up to it, name its members; they are not more people. Only after a word for people in general
    ("people", "victims", "bodies"): "two men, a woman and a child" are four."""
    if len(groups) < 3 or groups[0].count.count is None:
        return False
    first = groups[0].token
    after = first.doc[first.i + 1] if first.i + 1 < len(first.doc) else None
    if first.lemma_.lower() not in data["group_nouns"] or after is None or after.text != ",":
        return False
    return sum(g.count.count or 0 for g in groups[1:]) == groups[0].count.count


def _ends_in_subgroup(noun: Token, data: dict) -> bool:
    """ "eight civilians, two women and five children among them": a counted noun whose list ends in
    "among them" (or "including them") is broken down by the list; the list adds nobody."""
    if not any(c.dep_ == "nummod" for c in noun.children):
        return False
    chain = [noun]
    while more := [c for c in chain[-1].children if c.dep_ == "conj"]:
        chain.append(more[0])
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in data["subgroup_preps"]
        and any(o.dep_ == "pobj" and o.pos_ == "PRON" for o in prep.children)
        for member in chain[1:]
        for prep in member.children
    )


def _ages_before(noun: Token) -> int:
    """How many ages the words before ``noun`` list for it alone ("a 15 and 18-year-old": two).

    Not when each age has its own "-year-old" (the people are coordinated nouns then, counted one
    by one) nor for alternatives ("a 1- or 2-year-old baby" is one baby)."""
    doc = noun.doc
    before = [t for t in noun.subtree if t.i < noun.i]
    if sum(t.lower_ == "old" for t in [*before, noun]) > 1 or any(t.lower_ == "or" for t in before):
        return 0
    return sum(1 for t in before if t.text.rstrip("-").isdigit() and is_age(doc[t.i : t.i + 1]))


def _name(token: Token) -> str | None:
    """The full name a proper-noun victim goes by ("Marcus Hollis"), else None."""
    if token.pos_ != "PROPN" and token.ent_type_ != "PERSON":
        return None
    parts = [t.text for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
    return " ".join([*parts, token.text])


def _coordinated(noun: Token) -> list[Token]:
    """Nouns joined to ``noun`` by "and" (and appositions when the first noun has no number of its own:
    "the victims, a man and a woman,").

    Bare numbers in apposition are ages ("Kiara Webb, 18, and Alyssa Moreno, 20"), not people."""
    out = []
    for child in noun.children:
        if child.pos_ == "NUM" or child.like_num:
            # an age; the parser may hang the next name on it ("Dan Cole, 25 and Li Wu")
            names = [c for c in child.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
            out.extend(n for name in names for n in (name, *_coordinated(name)))
            continue
        listed = any(c.dep_ == "conj" for c in child.children)  # "his mother, the girl and himself"
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            # "his wife, Rosa Quintero, and Elena": Rosa is the wife; "her parents, Jessica and Julian": both;
            # "two people, Ann Ruiz and Mark Doyle": the names are the two, no one more;
            # "Ana Ruiz, 24, Tom Bell, 24": a name set beside a name is another person
            group = _count_one(noun)[0]
            if group is None or _another_name(noun, child):
                out.extend([child, *_coordinated(child)])
            elif (group.min or group.count or 0) <= 1:
                out.extend(_coordinated(child))
        elif child.dep_ == "conj" or (
            child.dep_ == "appos" and listed and _count_one(noun)[0] in (_ONE, None)
        ):
            out.append(child)
            out.extend(_coordinated(child))
    lost = lost_conjunct(noun)
    if lost is not None:
        out.extend([lost, *_coordinated(lost)])
    return out


def _another_name(name: Token, beside: Token) -> bool:
    """ "Ana Ruiz, 24, Tom Bell": a second person's name set beside a name. Not "Omar Hale, Jr.",
    "Rosa Vega, Luis Ortiz's ex-wife" or "Luis Ortega, a 30-year-old Latino"."""
    return (
        name.pos_ == "PROPN"
        and beside.ent_type_ == "PERSON"
        and _name(beside) != _name(name)
        and beside.lower_.rstrip(".") not in _NAME_SUFFIXES
        and not any(c.dep_ == "case" for c in beside.children)
    )


_NAME_SUFFIXES = ("jr", "sr", "ii", "iii", "iv")


def lost_conjunct(noun: Token) -> Token | None:
    """ "Two boys, ages 6 and 9, and their father lay dead in the house": the ages cut the list, and
    the parser makes the father a second subject of the verb; the first one's "and" still joins them."""
    if noun.dep_ not in ("nsubj", "nsubjpass") or any(
        c.dep_ in ("conj", "acl", "relcl") for c in noun.children
    ):
        return None  # "four hikers drowned and some 20 others are missing" joins two clauses
    hosts = [noun, *(c for c in noun.children if c.dep_ in ("appos", "amod"))]  # or on "ages 3 and 5"
    if not any(c.dep_ == "cc" and c.lower_ == "and" and c.i > h.i for h in hosts for c in h.children):
        return None
    second = next((c for c in noun.head.children if c.dep_ == noun.dep_ and c.i > noun.i), None)
    return None if second is None or second.lower_ in ("others", "other") else second


def first_of_list(subject: Token) -> Token:
    """The first of the subjects a lost "and" joins (``lost_conjunct``), which counts them all."""
    earlier = [c for c in subject.head.children if c.dep_ == subject.dep_ and c.i < subject.i]
    while earlier and lost_conjunct(earlier[-1]) == subject:
        subject = earlier.pop()
    return subject


def _count_one(noun: Token) -> tuple[Count | None, bool, NumberPhrase | None]:
    """The count of one noun: a written number (returned too), an ordinal (a running total), or one
    for a singular person."""
    if _age_standing_for_one(noun):
        return _ONE, False, None
    ordinal = next((c for c in noun.children if _ordinal(c) and c.dep_ == "amod"), None)
    if ordinal is None:
        phrase = read_count(noun)
        if phrase is not None:
            return phrase.count, False, phrase
    if ordinal is not None or _bare_ordinal(noun):
        n = _ordinal(ordinal or noun)
        return Count(n, n, n, "exact"), True, None
    ages = _ages_before(noun)
    if ages > 1:  # "a 15 and 18-year-old", "11- and 12-year-old boys": one person per age
        return Count(ages, ages, ages, "exact"), False, None
    lower = noun.lower_
    if lower == "both":
        return Count(2, 2, 2, "exact"), False, None
    if (
        lower in _PRONOUNS_ONE
        or (noun.pos_ == "PROPN" and noun.ent_type_ in ("PERSON", ""))
        or _aged_name(noun)
    ):
        return _ONE, False, None
    if _of_a_quantity(noun):  # "an unspecified number of wounded servicemen": no figure
        return None, False, None
    singular = noun.tag_ == "NN" and not _plural_man(noun)
    if (singular or _is_age_noun(noun)) and noun.lower_ not in lexicon()["vague"]:
        return _ONE, False, None
    return None, False, None


def _ordinal(word: Token) -> int | None:
    """ "fourth" or "4th": the place an ordinal gives (None for any other word)."""
    if word.lower_ in ORDINALS:
        return ORDINALS[word.lower_]
    digits, suffix = word.lower_[:-2], word.lower_[-2:]
    if not digits.isdigit() or suffix not in ORDINAL_ENDINGS or word.head.pos_ != "NOUN":
        return None  # "N. 57th St. Jamel Jenkins": a street before a name the splitter joined
    return int(digits) if int(digits) <= max(ORDINALS.values()) else None


def _bare_ordinal(noun: Token) -> bool:
    """An ordinal standing for a person ("a third was hospitalized"): the next one of the people counted."""
    return noun.lower_ in ORDINALS and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)


def _age_standing_for_one(noun: Token) -> bool:
    """A number the parser made the victim that is one person's age: the first of two ages sharing
    one "-year-old" ("a 15- and an 18-year-old": the hyphen leaves "15-" waiting for it), or an age
    between commas after the word for the person ("the younger, 27, had wounds")."""
    if noun.pos_ != "NUM" and not noun.like_num:
        return False
    if noun.text.endswith("-") and any(c.dep_ == "conj" and _is_age_noun(c) for c in noun.children):
        return True
    doc = noun.doc
    between_commas = 0 < noun.i < len(doc) - 1 and doc[noun.i - 1].text == "," == doc[noun.i + 1].text
    return between_commas and any(c.i < noun.i - 1 for c in noun.lefts)


def _of_a_quantity(noun: Token) -> bool:
    """ "An unknown number of", "a group of": a quantity noun with no number of its own governs it."""
    of = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    return of is not None and of.head.lemma_.lower() in ("number", "group", "handful")


def _plural_man(noun: Token) -> bool:
    """ "servicemen", "gunmen", "fishermen": plurals the tagger sometimes takes for singular nouns."""
    return noun.lower_.endswith("men") and noun.lower_ not in ("omen", "amen", "abdomen", "specimen")
