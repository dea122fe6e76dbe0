"""The prisoner trigger words of ``prisoner_triggers.json``, loaded once, and the lookups over them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from service.analysis.facts.people import names_people

DATA = Path(__file__).parent / "prisoner_triggers.json"
KINDS = ("captured", "held", "released", "exchanged")


@cache
def lexicon() -> dict:
    """The trigger data, with the word lists turned into sets for lookups."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for key in (
        "weak_verbs",
        "exchange_for",
        "prisoner_nouns",
        "person_nouns",
        "military_nouns",
        "cues",
        "subgroup",
    ):
        data[key] = frozenset(data[key])
    data["release_not_from"] = frozenset(data["release_not_from"])
    data["rescue_words"] = frozenset(data["rescue_words"])
    data["partitive_keep"] = frozenset(data["partitive_keep"])
    return data


def lemma(token: Token) -> str:
    """Lower-case lemma; spaCy keeps some plural proper nouns ("Ukrainians") unlemmatised."""
    return token.lemma_.lower()


def is_prisoner_noun(token: Token) -> bool:
    """A noun that names people held by a side: prisoners, hostages, captives, detainees…"""
    lex = lexicon()
    if lemma(token) == "victim" and any(  # "61 kidnap victims", "abduction victims"
        c.dep_ in ("compound", "amod") and lemma(c) in ("kidnap", "kidnapping", "abduction")
        for c in token.children
    ):
        return True
    return lemma(token) in lex["prisoner_nouns"] or token.lower_ in lex["prisoner_nouns"]


def is_person_noun(token: Token) -> bool:
    """A noun that can be a count of people: prisoner nouns, people words, and nationalities."""
    if is_prisoner_noun(token):
        return True
    if token.pos_ == "PRON":
        return token.lower_ in ("them", "they", "those", "whom", "us", "others")
    if token.ent_type_ == "NORP" and token.pos_ in ("PROPN", "NOUN"):
        return True
    if token.lower_ in demonyms():  # "nine Nepalis", which the model may call a PERSON
        return True
    if lemma(token) in lexicon()["person_nouns"] or token.lower_ in lexicon()["person_nouns"]:
        return True
    return _plural_of_man(token) or _compound_people(token) or names_people(token)


def _compound_people(token: Token) -> bool:
    """ "schoolchildren", "grandchildren", "townspeople": a compound whose last part is an irregular
    plural of people, which the lemmatiser leaves as it is."""
    word = token.lower_
    return token.pos_ == "NOUN" and word.endswith(("children", "women", "people")) and len(word) > 8


# words ending in "men" that are no plural of "man"
_NOT_MEN = ("abdomen", "acumen", "amen", "hymen", "omen", "ramen", "regimen", "semen", "specimen", "stamen")


def _plural_of_man(token: Token) -> bool:
    """ "militiamen", "tribesmen", "crewmen": a common noun in "-men" names people, listed or not."""
    word = token.lower_
    return token.pos_ == "NOUN" and len(word) > 4 and word.endswith("men") and word not in _NOT_MEN


COUNTRIES = Path(__file__).parents[1] / "countries.tsv"


@cache
def country_rows() -> tuple[list[str], ...]:
    """The rows of the shared country table (code, name, demonyms, capitals, seats, other names),
    empty when the table is not installed."""
    if not COUNTRIES.exists():
        return ()
    lines = COUNTRIES.read_text(encoding="utf-8").splitlines()
    return tuple(line.split("\t") for line in lines if line.strip() and not line.startswith("#"))


@cache
def demonyms() -> frozenset[str]:
    """Every demonym of the shared country table, lower-cased: 'nepalis', 'briton'."""
    return frozenset(
        form.strip().lower()
        for row in country_rows()
        if len(row) > 2
        for form in row[2].split("|")
        if form.strip()
    )


def _takes_elsewhere(child: Token, lex: dict) -> bool:
    """A word that makes "take" no capture ("taken to hospital", "took part"); "in" and "on" only
    as particles ("took on 40 staff"), not as the time or place of a capture ("taken on March 7",
    "taken in a raid")."""
    if child.lower_ in lex["take_particles"]:
        return child.dep_ == "prt"
    return child.lower_ in lex["take_not_with"]


def verb_kind(verb: Token) -> tuple[str | None, bool]:
    """The kind a verb gives its patient, and whether the verb is weak (needs a prisoner context)."""
    lex = lexicon()
    for rule in lex["phrasal"]:
        if lemma(verb) == rule["verb"] and _has_complement(verb, rule["with"]):
            return rule["kind"], rule.get("weak", False)
    kind = lex["verbs"].get(lemma(verb))
    if kind is None:
        return None, False
    if lemma(verb) == "take" and any(_takes_elsewhere(c, lex) for c in verb.children):
        return None, False  # "taken to hospital", "took part", "took control"
    return kind, lemma(verb) in lex["weak_verbs"]


def _has_complement(verb: Token, words: list[str]) -> bool:
    """Whether the verb has one of ``words`` as particle, complement or (misparsed) object head."""
    for child in verb.children:
        if child.lower_ in words or lemma(child) in words:
            return True
        if child.dep_ in ("dobj", "nsubjpass") and any(g.lower_ in words for g in child.children):
            return True
    return False


def state_kind(verb: Token) -> str | None:
    """'remain in detention', 'are still in captivity', 'languish behind bars' → held."""
    states = lexicon()["states"]
    if lemma(verb) in states["leaving_verbs"] and _out_of(verb, states["places"]):
        return "released"  # "19 prisoners walked out of prison", "came out of jail on Monday"
    if lemma(verb) == "await" and _has_complement(verb, states["awaited"]):
        return states["kind"]  # "349 more inmates are awaiting their release": still held
    if lemma(verb) not in states["verbs"]:
        return None
    if lemma(verb) != "be" and any(  # "1,612 people remain jailed", "stay behind bars"
        c.dep_ in ("acomp", "oprd", "xcomp") and c.lower_ in states["held_complements"] for c in verb.children
    ):
        return states["kind"]
    if lemma(verb) == "be" and any(_free_again(c) for c in verb.children):
        return "released"  # "thirty-four of the kidnapped children are now free"
    lasting = lemma(verb) == "remain" or any(c.lower_ == "still" for c in verb.children)
    places = states["places"] + (states["remain_places"] if lasting else [])  # "are still in their custody"
    if lemma(verb) in ("remain", "stay"):  # "six others remain with the kidnappers"
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"):
            if any(lemma(o) in states["captors"] or o.lower_ in states["captors"] for o in prep.children):
                return states["kind"]
    if in_place(verb, places):
        return states["kind"]
    if lemma(verb) == "be" and _out_of(verb, places):  # "now out of prison"
        return "released"
    return None


def in_place(verb: Token, places: list[str]) -> bool:
    """Whether the verb is "in", "behind" or "into" one of ``places`` ("remain in detention")."""
    return any(
        obj.lower_ in places
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "behind", "into")
        for obj in prep.children
        if obj.dep_ == "pobj"
    )


def left_held(verb: Token) -> bool:
    """ "leaving nine in captivity", "left 30 behind bars": the object of "leave" is still held; so is
    what a tally counts there ("the group counts 1,277 people behind bars")."""
    states = lexicon()["states"]
    places = states["places"] + states["remain_places"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]  # the place may hang on the count
    leaving = lemma(verb) == "leave" or lemma(verb) in states["tally_verbs"]
    return leaving and any(in_place(t, places) for t in [verb, *objects])


def _out_of(verb: Token, places: list[str]) -> bool:
    """Whether the verb goes "out of" a prison, jail or captivity."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "out"):
        of = [o for c in prep.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        if any(obj.lower_ in places or _a_prison(obj) for obj in of):
            return True
    return False


def _a_prison(noun: Token) -> bool:
    """A camp or colony that its modifier makes a prison ("the Yavan penal colony")."""
    states = lexicon()["states"]
    modifiers = {lemma(c) for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
    return lemma(noun) in states["prison_kinds"] and bool(modifiers & set(states["prison_modifiers"]))


def left_prison(verb: Token) -> bool:
    """ "300 prisoners left the central prison", "left Evin jail": the people who leave it are freed."""
    states = lexicon()["states"]
    if lemma(verb) not in states["left_places_verbs"]:
        return False
    places = [c for c in verb.children if c.dep_ == "dobj"]
    return any(p.lower_ in states["places"] or lemma(p) in states["places"] or _a_prison(p) for p in places)


def still_detained(verb: Token) -> bool:
    """'are still detained', 'is being held', 'remain jailed' read as a passive: a present state of
    detention ("were detained on Monday" tells an arrest, not who is held)."""
    if verb.tag_ != "VBN" or verb.lower_ not in lexicon()["states"]["held_complements"]:
        return False
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    still = any(c.lower_ == "still" for c in verb.children)
    return any(a in ("is", "are", "remain", "remains") for a in aux) and (still or "being" in aux)


def _free_again(word: Token) -> bool:
    """ "Free" said of people: not "free to leave", "free of charge" or "free speech"."""
    if word.dep_ != "acomp" or word.lower_ != "free":
        return False
    return not any(c.lower_ in ("to", "of") or c.dep_ == "xcomp" for c in word.children)


def homecoming_kind(verb: Token) -> str | None:
    """'230 Ukrainians returned home from captivity' → released (the people are the subject)."""
    rule = lexicon()["homecoming"]
    if lemma(verb) not in rule["verbs"]:
        return None
    words = [t.lower_ for t in verb.subtree if t.i > verb.i]
    return rule["kind"] if any(w in rule["with"] for w in words) else None


def is_military_noun(token: Token) -> bool:
    """Soldiers, fighters, prisoners of war: people a state or armed group returns or holds."""
    return lemma(token) in lexicon()["military_nouns"] or token.lower_ in lexicon()["military_nouns"]


def noun_kind(noun: Token) -> str | None:
    """The kind of an event noun ("release", "swap", "amnesty"), or None."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    return lexicon()["nouns"].get(lemma(noun))


def has_cue(tokens) -> bool:
    """Whether a span mentions captivity, hostages, swaps or amnesties (the context weak verbs need)."""
    cues = lexicon()["cues"]
    return any(t.lower_ in cues or lemma(t) in cues for t in tokens)


def dateline_end(doc) -> int:
    """Index after a wire dateline ("KYIV, Ukraine —"), whose place names are not the subject.

    The dateline opens the story's first paragraph, which may follow page furniture (a caption,
    a byline, a headline line): the first dash at most a dozen words into a paragraph among the
    first ones, preceded only by capitals, names and punctuation."""
    key = "prisoners_dateline_end"
    if key not in doc.user_data:
        doc.user_data[key] = _dateline_end(doc)
    return doc.user_data[key]


def _dateline_end(doc) -> int:
    start = 0
    for token in doc[:150]:
        if "\n" in token.text_with_ws and token.i + 1 < len(doc):
            start = token.i + 1
            continue
        if token.text in ("\u2014", "\u2013", "--") and token.i - start <= 10:
            before = doc[start : token.i]
            if len(before) and all(
                t.is_punct or t.is_space or t.is_upper or t.pos_ == "PROPN" for t in before
            ):
                return token.i + 1
            if start == 0:
                return 0
    return 0


def through_coordination(arg: Token) -> Token:
    """The first conjunct of ``arg``, through a name in apposition: in "freed the ship MV Talca and
    its 25 crew" the crew are conjoined to the ship's name, which stands for the ship, the verb's
    object. A counted apposition ("six hostages, four soldiers and two …") is a breakdown: not crossed."""
    while True:
        while arg.dep_ == "conj":
            arg = arg.head
        if arg.dep_ != "appos" or arg.pos_ != "PROPN" or any(c.like_num for c in arg.children):
            return arg
        if arg.head.pos_ != "NOUN" or is_person_noun(arg.head):  # "the worker, Anna Kral, and …"
            return arg
        arg = arg.head


def through_dateline(token: Token, end: int | None = None) -> Token:
    """The dateline word the parser made the head of the lede's subject ("BAMAKO, Mali — A worker …").

    ``end`` is ``dateline_end(token.doc)`` when the caller already has it (it loops over every token)."""
    end = dateline_end(token.doc) if end is None else end
    top = token
    while end and top.i >= end and top.dep_ in ("appos", "conj") and top.head.i < end:
        top = top.head
    if top.i == token.i:
        return token
    while (
        top.head.i < end and top.head.i != top.i
    ):  # up to the dateline's own head (spaCy tokens: compare .i)
        top = top.head
    return top
