"""Finds the casualty statements of one sentence: the trigger, its victims and how many they are."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Span, Token

from service.analysis.facts.casualties.syntax import (
    DATA,
    NOMINAL,
    by_police,
    clause_says_alive,
    clause_says_died,
    counted_fatally,
    fatal,
    gapped_subject,
    has_any,
    names_others,
    negated_noun,
    of_objects,
    state_victims,
    through_quantity,
    to_hospital,
    toll_figure,
    toll_kind,
    triggers,
    under_subgroup,
    verb_victims,
)
from service.analysis.facts.casualties.victims import Group, subject_of, victim_groups, victim_label
from service.analysis.facts.figures import figure_span
from service.analysis.facts.numbers import find_counts
from service.analysis.model import Count

__all__ = ["DATA", "Mention", "mentions_in", "triggers"]
_ZERO = Count(0, 0, 0, "exact")


@dataclass(frozen=True)
class Mention:
    """One statement of people killed, injured, missing or shot (``shot``: hit, alive unless stated)."""

    kind: str
    count: Count
    victims: str | None
    head: int  # token index of the victim noun (or the trigger when there is none)
    running: bool = False  # "a fourth victim died", "the toll rose to 31": a running total, not an addend
    perpetrator: bool = False  # the attacker, counted once on top of the victims
    name: str | None = None  # a named victim, told apart from other named victims across sentences
    trigger: int = -1  # token index of the word that states it
    alive: bool = False  # its own clause says the victims lived ("taken to hospital in critical condition")
    # character offsets into its doc of the words it was read from ("killed one person"); None: no number word
    figure: tuple[int, int] | None = field(default=None, compare=False)
    # the verb whose victim this one may restate: one victim named with "the" in a participle clause
    # of that verb ("a stray round grazed a boy, hitting the boy in the hand"); -1: none
    restates: int = field(default=-1, compare=False)
    part: bool = field(default=False, compare=False)  # "20 of them", "two of the victims": some of others


def mentions_in(sent: Span) -> list[Mention]:
    """Every casualty statement in ``sent``, one per (kind, victim group)."""
    found: dict[tuple[str, int], Mention] = {}
    for tok in sent:
        for mention in _token_mentions(tok):
            found.setdefault((mention.kind, mention.head), mention)
    for mention in _toll_mentions(sent) + _phrase_mentions(sent):
        found.setdefault((mention.kind, mention.head), mention)
    superseded = _superseded(sent)
    found = {key: m for key, m in found.items() if not _intended(m, sent) and anchor(m) not in superseded}
    mentions = _hurt_then_died(_without_restated_conditions(list(found.values()), sent), sent)
    mentions = _without_breakdown(mentions, sent)
    mentions = [_now_so_many(_bodies_dead(m, sent), sent) for m in mentions if not _of_bodies(m, sent)]
    if has_any(sent.text, triggers()["found_cues"]):  # "missing for a week before being found safe"
        mentions = [m for m in mentions if m.kind != "missing" or _still_missing(m, sent)]
    if any(cue in sent.text.lower() for cue in triggers()["perpetrator_cues"]):
        # "He died of a self-inflicted wound after killing X and Y": he, not X and Y, is the attacker
        return [
            replace(m, perpetrator=True, victims="perpetrator")
            if m.victims is None or len(mentions) == 1
            else m
            for m in mentions
        ]
    return mentions


def _bodies_dead(mention: Mention, sent: Span) -> Mention:
    """ "50 bodies are still trapped": bodies not yet recovered are dead people, not missing ones."""
    bodies = sent.doc[mention.head].lemma_.lower() == "body"
    return replace(mention, kind="killed") if mention.kind == "missing" and bodies else mention


_SAME_PEOPLE = {"injured": ("injured", "shot"), "killed": ("killed",), "missing": ("missing",)}


def _without_breakdown(mentions: list[Mention], sent: Span) -> list[Mention]:
    """ "Twenty were hurt: eight were hit by rubber bullets and 12 had minor injuries": after a colon,
    figures that add up to the figure before it (or several that add up to less) are its breakdown,
    not more people; "three were killed: one more died later" adds one."""
    colon = next((t.i for t in sent if t.text in (":", "—")), None)
    if colon is None:
        return mentions
    before = [m for m in mentions if anchor(m) < colon and m.count.count]
    drop: set[int] = set()
    for total in before:
        parts = [m for m in mentions if anchor(m) > colon and m.kind in _SAME_PEOPLE.get(total.kind, ())]
        added = sum(m.count.count or 0 for m in parts)
        if parts and (added == total.count.count or (len(parts) > 1 and added < total.count.count)):
            drop |= {id(m) for m in parts}
    return [m for m in mentions if id(m) not in drop]


def _of_bodies(mention: Mention, sent: Span) -> bool:
    """ "the bodies of three miners trapped underground": the miners are the bodies, counted dead."""
    noun = sent.doc[mention.head]
    return mention.kind == "missing" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() == "body"


def _now_so_many(mention: Mention, sent: Span) -> Mention:
    """ "Nine people have now died": a perfect with "now" gives the toll so far, which replaces the
    figures before it, as "the toll rose to nine" does."""
    if mention.trigger < 0 or mention.running:
        return mention
    verb = sent.doc[mention.trigger]
    now = any(c.dep_ == "advmod" and c.lower_ == "now" for c in verb.children)
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    return replace(mention, running=True) if now and perfect else mention


def _superseded(sent: Span) -> set[int]:
    """The tokens of an earlier figure the sentence replaces: "40 are unaccounted for, up from an
    earlier estimate of 25 missing", "17 remain missing, down from 21"."""
    replaced = {
        t.i
        for prep in sent
        if prep.lower_ == "from" and prep.dep_ == "prep" and prep.head.lower_ in ("up", "down")
        for t in prep.subtree
    }
    if any(t.lemma_.lower() in triggers()["update_verbs"] for t in sent):
        # "revised the toll down to 125, after earlier saying 174 had died": the figure told before
        replaced |= {
            t.i
            for verb in sent
            if any(c.dep_ == "advmod" and c.lower_ in _BEFORE_NOW for c in verb.children)
            for t in verb.subtree
        }
    return replaced


_BEFORE_NOW = ("earlier", "previously", "initially", "originally")


def anchor(mention: Mention) -> int:
    """The token a statement hangs on: its trigger, else its victim noun."""
    return mention.trigger if mention.trigger >= 0 else mention.head


def _intended(mention: Mention, sent: Span) -> bool:
    """A killing or wounding threatened, vowed or only possible, not done: "threatened to kill the
    hostage" (the infinitive of an intent verb), "could kill hundreds" (a modal before the verb)."""
    if mention.trigger < 0:
        return False
    verb = sent.doc[mention.trigger]
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in verb.children):
        return True  # "a quake could kill 500": a possibility, not a toll ("may have killed" is one)
    marked = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return marked and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in triggers()["intent_verbs"]


_HYPOTHETICAL = ("could", "might", "may", "would", "can")


def _still_missing(mention: Mention, sent: Span) -> bool:
    """ "Many were rescued, but 225 remain missing", "41 were rescued, leaving 16 unaccounted for": the
    people still missing are not the ones found."""
    if mention.trigger < 0:
        return False
    word = sent.doc[mention.trigger]
    near = [*word.children, *word.head.children] if word.head.i != word.i else list(word.children)
    return word.head.lemma_.lower() in ("remain", "leave") or any(t.lower_ == "still" for t in near)


@cache
def _trigger_forms() -> tuple[frozenset, frozenset]:
    """The lower-cased words and the lemmas that every branch of ``_token_mentions`` starts from."""
    data = triggers()
    forms = frozenset(
        [*data["states"], *data["zero_nouns"], *data["fatal_adverbs"], *data["victim_compounds"]]
    )
    lemmas = ("verbs", "injury_nouns", "hospital_verbs", "death_nouns", "wound_nouns")
    return forms, frozenset(
        [*(w for key in lemmas for w in data[key]), "body", "condition", "life", *_SURVIVAL_VERBS]
    )


def _hurt_then_died(mentions: list[Mention], sent: Span) -> list[Mention]:
    """The same people hurt and dead are dead: "a man was wounded and later died", "two men injured
    in the crash died". Their wounds make them people hit (``shot``), from whom the roll-up takes the
    dead; so do the wounds of a group some of whom died ("three were hurt and one of them died": two
    injured). A reflexive stands for its clause's subject: "a man died after shooting himself" is one
    death, "a boy was flown to hospital after shooting himself" one person hit."""
    doc = sent.doc
    deaths = [m for m in mentions if m.kind == "killed" and m.count.count != 0]  # not "no deaths"
    dead = {m.head for m in deaths} | _hurt_one_who_died(mentions, deaths, doc)
    some_died = any(_of_them(doc[m.head]) for m in deaths)
    hit = {m.head for m in mentions if m.kind == "shot"}
    victims = {m.head for m in mentions if not m.perpetrator}
    out = []
    for m in mentions:
        referent = _referent(doc[m.head])
        if m.kind == "shot" and referent != m.head and referent in dead | victims:
            continue  # the reflexive's person is counted already
        if m.kind == "shot" and referent != m.head and _refers_back(doc[referent], victims - {m.head}):
            continue  # "a boy was taken to hospital after he shot himself": the boy, once
        if m.kind == "injured" and (referent in dead or some_died and m.head not in dead):
            if m.head in hit:
                continue
            m = replace(m, kind="shot")
        out.append(m)
    return out


def _hurt_one_who_died(mentions: list[Mention], deaths: list[Mention], doc) -> set[int]:
    """ "Paramedics took the wounded man to a hospital, where he died": "he" is the one person hurt
    before it in the sentence, when there is exactly one."""
    pronouns = [m for m in deaths if doc[m.head].lower_ in ("he", "she") and m.count.count == 1]
    if not pronouns:
        return set()
    hurt = [
        m
        for m in mentions
        if m.kind in ("injured", "shot") and not m.perpetrator and m.head < pronouns[0].head
    ]
    heads = {m.head for m in hurt}
    return heads if len(heads) == 1 and all(m.count.count == 1 for m in hurt) else set()


def _refers_back(subject: Token, victims: set[int]) -> bool:
    """A reflexive's subject that names a victim counted before it in the sentence: a pronoun or
    "the" and a noun ("after he shot himself", "claiming the child shot himself"). Not when that
    subject also shoots someone else ("he shot his wife and then himself": he is one more)."""
    if not any(v < subject.i for v in victims):
        return False
    pronoun = subject.lower_ in ("he", "she")
    definite = (
        subject.pos_ == "NOUN"
        and subject.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
    )
    shoots_others = any(
        o.dep_ == "dobj" and o.lower_ not in ("himself", "herself")
        for verb in (subject.head, *subject.head.conjuncts)
        for o in verb.children
    )
    return (pronoun or definite) and not shoots_others


def _referent(token: Token) -> int:
    """The token a pronoun stands for, else the token itself: a reflexive's clause subject ("died
    after shooting himself"), and the person a relative clause is about for "he" or "she" inside
    it ("a man who died days after he and two others were wounded")."""
    if token.lower_ in ("himself", "herself", "themselves"):
        subject = subject_of(token.head)
        if subject is not None:
            return subject.i
    if token.lower_ in ("he", "she"):
        clause = next((t for t in token.ancestors if t.dep_ == "relcl"), None)
        if clause is not None and clause.head.pos_ in ("NOUN", "PROPN"):
            return clause.head.i
    return token.i


def _part(token: Token) -> bool:
    """A number of people named before ("20 of them", "two of the victims"), not a person from a
    place ("Ronald Murphy, 44, of the Bronx")."""
    return (token.like_num or token.lower_ in _SOME) and _of_them(token)


_SOME = ("some", "many", "most", "several", "all", "both", "each", "none", "dozens", "scores", "hundreds")


def _of_them(token: Token) -> bool:
    """ "one of them", "two of those", "three of the victims": some of people named before."""
    return any(
        c.dep_ == "pobj"
        and (
            c.lower_ in ("them", "those")
            or any(d.dep_ == "det" and d.lower_ in ("the", "those", "these") for d in c.children)
        )
        for p in token.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for c in p.children
    )


def _token_mentions(tok: Token) -> list[Mention]:
    """The statements a single trigger word makes (a verb, a state adjective, a zero noun, "fatally")."""
    forms, lemmas = _trigger_forms()
    if tok.lower_ not in forms and tok.lemma_.lower() not in lemmas:
        return []  # not a trigger word: skip the syntax checks below
    data = triggers()
    if tok.lemma_.lower() in _SURVIVAL_VERBS and tok.pos_ == "VERB":
        return _survival(tok)
    if any(c.dep_ == "neg" for c in tok.children) or under_subgroup(tok) or _unreal_past(tok):
        return []
    if any(c.dep_ == "advmod" and c.lower_ in _DEGREE_WORDS and c.i == tok.i - 1 for c in tok.children):
        return []  # "I am so hurt", "we are very hurt by this": a feeling, not a wound
    if any(c.dep_ in ("prt", "advmod") and c.lower_ == "down" for c in tok.children):
        return []  # drones "shot down", not people
    if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in data["verbs"]:
        found = _verb_mentions(tok)
        if found or tok.lower_ not in data["states"] or _active_with_object(tok):
            return found
    if tok.lower_ in data["states"] and tok.pos_ in ("ADJ", "NOUN", "VERB", "ADV"):
        alone = tok.dep_ == "amod"  # "found X dead and another man wounded": dead describes X only
        kind = data["states"][tok.lower_]
        if kind == "killed" and tok.head.lemma_.lower() in ("fear", "presume"):
            kind = "missing"  # "120 people are feared dead": not found, not yet counted dead
        return _build(kind, state_victims(tok), trigger=tok.i, alone=alone)
    if tok.lower_ in data["zero_nouns"] and negated_noun(tok):
        return [Mention(kind, _ZERO, None, tok.i) for kind in data["zero_nouns"][tok.lower_]]
    if tok.lower_ in data["victim_compounds"] and tok.dep_ in ("compound", "amod", "nmod"):
        if tok.head.lemma_.lower() == "victim" and tok.head.i > tok.i:  # "two other gunshot victims"
            return _build(data["victim_compounds"][tok.lower_], [tok.head], trigger=tok.i)
        return []
    if tok.lower_ in data["fatal_adverbs"] and (number := counted_fatally(tok)) is not None:
        return _build("killed", [number])
    if tok.lemma_.lower() in data["injury_nouns"]:
        return _injury_mentions(tok)
    if tok.lemma_.lower() == "condition":
        return _condition_mentions(tok)
    if tok.lemma_.lower() in data["hospital_verbs"] and tok.pos_ == "VERB" and to_hospital(tok):
        return _hospital_mentions(tok)
    if tok.lemma_.lower() == "life" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in data["life_verbs"]:
        # "claimed the lives of 47 people", "claimed at least 30 lives"
        counted = of_objects(tok) or [c for c in tok.children if c.dep_ == "nummod"]
        return _build("killed", counted, trigger=tok.head.i)
    if tok.lemma_.lower() == "body" and (recovering := _body_verb(tok)) is not None:
        return _build("killed", [tok], trigger=recovering.i)  # "rescuers recovered 12 bodies"
    if (verb := _verb_to_death(tok)) is not None:  # "trampled to death", "crushed to death"
        return _build("killed", verb_victims(verb), trigger=verb.i)
    if tok.lemma_.lower() in ("death", "fatality") and tok.tag_ == "NNS":
        return _counted_deaths(tok)
    if tok.lemma_.lower() in data["death_nouns"]:
        times = next(
            (data["death_multiples"][c.lower_] for c in tok.children if c.lower_ in data["death_multiples"]),
            0,
        )
        if times:  # "a triple homicide", "Double Murder": that many killed
            return [Mention("killed", Count(times, times, times, "exact"), None, tok.i, trigger=tok.i)]
        return _build("killed", of_objects(tok))
    if tok.lemma_.lower() in data["wound_nouns"] and tok.pos_ == "NOUN":
        return _wounding(tok)
    return []


def _wounding(noun: Token) -> list[Mention]:
    """ "the shooting of three people": people hit, alive unless the story says otherwise. Only people
    counted by a number: "the shooting of a teenager" mostly names a victim counted elsewhere."""
    counted = [o for o in of_objects(noun) if any(c.dep_ == "nummod" for c in o.children)]
    return _build("shot", counted)


def _counted_deaths(noun: Token) -> list[Mention]:
    """ "75 deaths had been confirmed", "the storm caused 40 deaths", "officials recorded 12
    fatalities": a number of deaths is a number of people killed (the deaths "of" people are
    those people)."""
    numbers = [c for c in noun.children if c.dep_ == "nummod"]
    if not numbers:
        return _build("killed", of_objects(noun))
    phrases = find_counts(noun.doc[min(c.left_edge.i for c in numbers) : noun.i])
    if not phrases:
        return []
    words = figure_span(noun.doc[phrases[0].start : phrases[0].end], [noun])
    return [Mention("killed", phrases[0].count, None, noun.i, trigger=noun.i, figure=words)]


def _verb_to_death(death: Token) -> Token | None:
    """The verb of "<verb> to death" that is no casualty word of its own ("trampled", "hacked"); casualty
    verbs read "to death" themselves, and a sentence ("sentenced to death") kills no one yet."""
    to = death.head
    if death.lemma_.lower() != "death" or death.dep_ != "pobj" or to.lower_ != "to" or to.dep_ != "prep":
        return None
    verb = to.head
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in triggers()["verbs"] or lemma in triggers()["sentence_verbs"]:
        return None
    return verb


def _body_verb(body: Token) -> Token | None:
    """The verb that recovers the bodies: "recovered 12 bodies", "pulled 300 survivors from the water,
    along with 140 bodies"."""
    head = body.head
    if body.dep_ == "pobj" and head.lower_ == "with" and head.head.lower_ in ("along", "together"):
        head = head.head.head
    return head if head.lemma_.lower() in triggers()["body_verbs"] else None


_SURVIVAL_VERBS = ("survive", "recover")


def _survival(verb: Token) -> list[Mention]:
    """ "The victim did not survive": its subject died. "All five victims are expected to survive",
    "both victims will recover": victims who live were hit, and count as people hit who lived (a
    subject that is not a victim, "the man survived the crash", says nothing here)."""
    if any(c.dep_ == "neg" for c in verb.children):
        if verb.lemma_.lower() != "survive":
            return []
        # its own subject, not one of the clause it is joined to ("four were hit and one of them
        # did not survive")
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        return _build("killed", subjects[:1], trigger=verb.i)
    if any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
        return []  # "recovering from gunshot wounds": the injury nouns read it
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return []  # "six bodies were recovered", "with the six recovered"
    subject = subject_of(verb)
    if subject is None or subject.lemma_.lower() != "victim":
        return []  # "both were expected to survive" may tell of people counted in another incident
    return [replace(m, alive=True) for m in _build("shot", [subject], trigger=verb.i)]


_UNREAL_MODALS = ("could", "would", "should")
_DEGREE_WORDS = ("so", "very", "really", "deeply", "truly", "extremely")  # not "too": "was shot too"


def _unreal_past(word: Token) -> bool:
    """ "Somebody could have been killed", "three people would have died": what did not happen
    (a modal with "have"; "may have been killed" estimates a real toll and stays)."""
    helpers = [c.lower_ for c in word.children if c.dep_ == "aux"]
    return "have" in helpers and any(m in helpers for m in _UNREAL_MODALS)


def _active_with_object(verb: Token) -> bool:
    """ "He will never hurt anyone", "he could have killed somebody": a verb acting on a pronoun that
    names no casualty; its subject is the one who acts, not one hurt or dead as the state word would
    read. (An object noun the victim words do not know, "killed a suspected thief", still falls back.)"""
    acted_on = any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in verb.children)
    return acted_on and not any(c.dep_ == "auxpass" for c in verb.children)


def _verb_mentions(verb: Token) -> list[Mention]:
    """A casualty verb's statements: "were shot and killed", "killing eight and wounding three"."""
    kind = triggers()["verbs"][verb.lemma_.lower()]
    if kind in ("shot", "injured") and fatal(verb):
        kind = "killed"
    gapped = gapped_subject(verb)
    if gapped is not None:
        return _build(kind, [gapped], trigger=verb.i, by_police=by_police(verb), alone=True)
    victims = verb_victims(verb)
    return _build(kind, victims + _along_with(verb, victims), trigger=verb.i, by_police=by_police(verb))


def _along_with(verb: Token, victims: list[Token]) -> list[Token]:
    """ "Both brothers were hit, along with a neighbour": the people "along with" or "together
    with" a passive verb's victims are victims too."""
    if not victims or not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    along = [c for c in verb.children if c.lower_ in ("along", "together")]
    withs = [w for a in along for w in (a, *a.children) if w.lower_ == "with"]  # "along" a prep
    if along:  # or a particle beside "with"
        withs += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
    return [o for w in withs for o in w.children if o.dep_ == "pobj"]


def _without_restated_conditions(mentions: list[Mention], sent: Span) -> list[Mention]:
    """A condition beside another statement of people hit describes people that statement counts
    ("a boy is in critical condition after he shot himself"): one statement, not two people. Beside
    the dead it names others ("two were killed and three others are in serious condition"), and so
    it does beside others hurt ("a girl is in critical condition and three others were wounded")."""
    doc = sent.doc
    condition = [m for m in mentions if m.trigger >= 0 and doc[m.trigger].lemma_.lower() == "condition"]
    hit = [m for m in mentions if m.kind in ("shot", "injured") and m not in condition]
    if not hit:
        return mentions
    if all(names_others(doc[m.head]) for m in hit):
        # "left a girl in critical condition, while three others were wounded": four people hurt
        return [replace(m, kind="injured") if m in condition else m for m in mentions]
    return [m for m in mentions if m not in condition]


def _condition_mentions(condition: Token) -> list[Mention]:
    """ "Two others are in serious condition", "all three were listed in fair condition": people hit
    who live; the subject of the verb the condition is stated with."""
    data = triggers()
    if not any(c.dep_ == "amod" and c.lower_ in data["condition_words"] for c in condition.children):
        return []
    prep = condition.head
    verb = prep.head
    if condition.dep_ != "pobj" or prep.lower_ != "in":
        return []
    if verb.lemma_.lower() == "leave":  # "the shooting left a man in critical condition"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        return _build("shot", objects[:1], trigger=condition.i) if objects else []
    cared_for = verb.lemma_.lower() in data["treatment_verbs"]  # "was hospitalized in serious condition"
    if verb.lemma_.lower() not in data["condition_verbs"] and not cared_for:
        return []
    subject = subject_of(verb)
    if subject is None or _of_the_hurt(subject):
        return []
    return _build("shot", [subject], trigger=condition.i)


def _of_the_hurt(subject: Token) -> bool:
    """ "Two of the injured", "eight of those hurt": a part of the people hurt, whose count is not the
    toll's."""
    states = triggers()["states"]
    objects = [o for p in subject.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    return any(
        o.lower_ in states or any(c.lower_ in states for c in o.children if c.dep_ in ("acl", "amod"))
        for o in objects
    )


def _hospital_mentions(verb: Token) -> list[Mention]:
    """People taken to hospital were hit (alive unless the story says otherwise)."""
    own = any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children)
    if verb.dep_ == "conj" and not own and triggers()["verbs"].get(verb.head.lemma_.lower()) == "killed":
        return []  # "three died and [the parser lost who] was taken to hospital": not the dead
    return _build("shot", verb_victims(verb), trigger=verb.i)


def _injury_mentions(injury: Token) -> list[Mention]:
    """ "Four people suffered non-life-threatening injuries", "three others with gunshot wounds"."""
    if injury.lemma_.lower() == "cut" and any(c.dep_ in ("compound", "nmod") for c in injury.children):
        return []  # "a pay cut", "budget cuts": no wound
    # Tokens joined by spaces: "life-threatening" reads "life - threatening" and is no cue here.
    # Read as written it would turn "life-threatening injuries" from people shot into injured:
    # on silver 0 documents better, 2 worse (victims who died later), so it stays out.
    modifiers = " ".join(t.lower_ for t in injury.subtree if t.i < injury.i)
    if any(word in modifiers for word in ("fatal", "mortal")):
        kind = "killed"
    elif any(word in modifiers for word in ("non", "minor", "serious", "critical")):
        kind = "injured"
    else:
        kind = "shot"
    head = injury.head
    if any(c.dep_ == "det" and c.lower_ == "no" for c in injury.children):
        return []  # "had no injuries"
    if injury.dep_ == "dobj" and head.lemma_.lower() in triggers()["injury_verbs"]:
        subject = subject_of(head)
        return _build(kind, [subject]) if subject is not None else []
    hosts = [head, injury] if injury.dep_ == "dobj" else []
    on = [c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "on"]
    if on:  # "inflicted a fatal gunshot wound on their son"
        return _build(kind, [c for c in on[0].children if c.dep_ == "pobj"])
    if (
        injury.dep_ == "pobj"
        and head.lower_ == "from"
        and head.head.lemma_.lower() in triggers()["injury_verbs"]
    ):
        return _suffering_from(kind, head.head)
    treated = head.lower_ == "for" and head.head.lemma_.lower() in triggers()["treatment_verbs"]
    if injury.dep_ != "pobj" or not (head.lower_ == "with" or treated):
        return []  # "treated for gunshot wounds": those treated were hit
    host = head.head
    while host.pos_ not in (*NOMINAL, "VERB") and host.head.i != host.i:  # "pulled out alive with injuries"
        host = host.head
    if host.pos_ in NOMINAL:
        return _build(kind, [host])
    return _build(kind, verb_victims(host) or [s for s in [subject_of(host)] if s is not None])


def _suffering_from(kind: str, verb: Token) -> list[Mention]:
    """ "found a man and a woman suffering from gunshot wounds", "he was suffering from a wound": the
    people the participle describes (the whole coordination), or the verb's subject."""
    if verb.dep_ == "acl" and verb.head.pos_ in NOMINAL:
        noun = verb.head
        while noun.dep_ == "conj" and noun.head.pos_ in NOMINAL:
            noun = noun.head
        return _build(kind, [noun])
    subject = subject_of(verb)
    return _build(kind, [subject]) if subject is not None else []


def _split_of_list(quantity: Token) -> bool:
    """ "The bodies of a man and two girls were found": the parser hung the second person of the
    "of" list on "bodies", which counts no number of its own ("four bodies, two males and two
    females" lists the four)."""
    has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in quantity.children)
    return has_of and not any(c.dep_ == "nummod" for c in quantity.children)


def _build(
    kind: str, victims: list[Token], *, trigger: int = -1, by_police: bool = False, alone: bool = False
) -> list[Mention]:
    """Mentions for the victim nouns of one trigger; nouns that are not people are dropped."""
    out = []
    quantities = triggers()["quantity_nouns"]
    more = [
        c for n in victims if n.lemma_.lower() in quantities for c in n.children
        if c.dep_ == "conj" and (c.lemma_.lower() in quantities or _split_of_list(n))
    ]  # fmt: skip
    for noun in [*victims, *more]:  # "bodies of X and the body of Y"
        for g in victim_groups(through_quantity(noun), triggers(), by_police=by_police, alone=alone):
            label = "perpetrator" if g.perpetrator else victim_label(g.token)
            if g.running and kind != "killed":  # "a second man was wounded": two people hit so far
                out.append(Mention("shot", g.count, label, g.token.i, True, g.perpetrator, g.name, trigger))
                g = replace(g, count=Count(1, 1, 1, "exact"), running=False)
            alive = trigger >= 0 and clause_says_alive(noun.doc[trigger])
            words = _figure_words(g, trigger)
            out.append(
                Mention(
                    kind,
                    g.count,
                    label,
                    g.token.i,
                    g.running,
                    g.perpetrator,
                    g.name,
                    trigger,
                    alive,
                    words,
                    _restated_verb(g, trigger),
                    _part(g.token),
                )
            )
    if kind == "shot" and len(out) == 1 and trigger >= 0:
        doc = victims[0].doc
        if names_others(doc[out[0].head]) and not clause_says_died(doc[trigger]):
            # "another teen was shot in the foot", alone: hit besides the dead told before, alive
            # unless its clause says otherwise
            out = [replace(out[0], alive=True)]
    return out


def _restated_verb(group: Group, trigger: int) -> int:
    """The verb a participle clause adds to, when its one victim is named with "the" and no name."""
    if trigger < 0 or group.count.count != 1 or group.name or group.running:
        return -1
    verb = group.token.doc[trigger]
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in group.token.children)
    participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl")
    return verb.head.i if definite and participle else -1


def _figure_words(group: Group, trigger: int) -> tuple[int, int] | None:
    """The number words of a victim group, its noun and the trigger ("killed at least 12 people");
    "a" counts as a number word for a single victim ("a man and two women were killed")."""
    noun, phrase = group.token, group.number
    doc = noun.doc
    if phrase is not None and phrase.end > phrase.start:
        number = list(doc[phrase.start : phrase.end])
    else:
        number = [c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an")]
    return figure_span(number, [noun], doc[trigger] if trigger >= 0 else None)


def _toll_mentions(sent: Span) -> list[Mention]:
    """ "The death toll rose to 31 from 18" → killed 31: the figure after to/at, or the toll's attribute."""
    data = triggers()
    out = []
    for tok in sent:
        kind = toll_kind(tok) if tok.lemma_.lower() in data["toll_nouns"] else None
        figure = toll_figure(tok) if kind else None
        phrases = find_counts(figure) if figure is not None else []
        if phrases:  # only a toll that "rose"/"climbed" replaces the figures before it
            running = tok.head.lemma_.lower() in data["update_verbs"]
            words = figure_span(sent.doc[phrases[0].start : phrases[0].end], trigger=tok)
            out.append(Mention(kind, phrases[0].count, None, phrases[0].start, running=running, figure=words))
    return out


def _phrase_mentions(sent: Span) -> list[Mention]:
    """Fixed phrases: "turned the gun on himself" (one more dead), "lost their lives" (the subject),
    in any inflection ("turning the gun on himself", "has taken his own life")."""
    text = sent.text.lower()
    lemmas = [t.lemma_.lower() for t in sent]
    out = []
    for phrase, kind in triggers()["phrases"].items():
        at = text.find(phrase)
        first = sent.char_span(at, at + len(phrase), alignment_mode="expand") if at >= 0 else None
        if first is None:
            first = _by_lemmas(sent, lemmas, _phrase_lemmas(phrase))
        if first is None:
            continue
        if kind == "suicide":
            out.append(
                Mention("killed", Count(1, 1, 1, "exact"), "perpetrator", first.end - 1, perpetrator=True)
            )
        elif kind == "killed" and not _object_outside(first):
            # "was shot dead": the subject died; "a gunman shot dead two people": the object did,
            # which the verb's own reading counts
            out.extend(_build("killed", [s for s in [subject_of(first.root)] if s is not None]))
    return out


def _object_outside(phrase: Span) -> bool:
    """The phrase's verb has an object of its own beyond the phrase ("shot dead two people"; "lost
    their lives" holds its object)."""
    return any(c.dep_ == "dobj" and not phrase.start <= c.i < phrase.end for c in phrase.root.children)


@cache
def _phrase_lemmas(phrase: str) -> tuple[str, ...]:
    """The phrase's words as lemmas, read by the shared pipeline once per phrase."""
    from service.analysis.nlp import get_nlp

    return tuple(t.lemma_.lower() for t in get_nlp()(phrase))


def _by_lemmas(sent: Span, lemmas: list[str], words: tuple[str, ...]) -> Span | None:
    """The first run of tokens of ``sent`` whose lemmas are ``words``."""
    n = len(words)
    for i in range(len(lemmas) - n + 1):
        if tuple(lemmas[i : i + n]) == words:
            return sent[i : i + n]
    return None
