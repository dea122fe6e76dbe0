"""Which word gives a count its prisoner kind: the verb or event noun whose patient the count is.

"freed 17" (object), "were released" (passive subject), "remain in detention" (state), "received
clemency", "the release of 477 inmates" (event noun), "in exchange for 84 Ukrainians" (the other
side's figure), "34 travellers abducted by militants" (participle). Each returns
(trigger, kind, weak, counter) or None; a weak verb needs a prisoner context (see mentions.py).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from service.analysis.facts.numbers import APPROXIMATORS as NUMBER_APPROXIMATORS
from service.analysis.facts.prisoners.words import (
    homecoming_kind,
    is_person_noun,
    is_prisoner_noun,
    left_held,
    left_prison,
    lemma,
    lexicon,
    noun_kind,
    state_kind,
    still_detained,
    through_coordination,
    through_dateline,
    verb_kind,
)

PATIENT_DEPS = ("dobj", "nsubjpass", "oprd")
CAPTIVE_WORDS = ("hostage", "hostages", "captive", "captives", "prisoner", "prisoners")


APPROXIMATORS = (*NUMBER_APPROXIMATORS, "some")  # "released | some 300 of the people" too


def governing_trigger(arg: Token) -> tuple[Token, str, bool, bool] | None:
    """The verb or event noun whose patient ``arg`` is: (trigger, kind, weak, counter)."""
    if _gapped(arg, arg.head):  # "15 were handed over to Dalvoria and 38 to Merovia"
        return verb_trigger(arg, arg.head, forced=True)
    arg = through_coordination(through_dateline(arg))
    head = arg.head
    if head.lower_ in CAPTIVE_WORDS and head.head.pos_ == "VERB":  # misparse: "holding six guards | hostage"
        return verb_trigger(head, head.head, forced=True)
    if arg.dep_ == "pobj" and head.lower_ in APPROXIMATORS and head.head.pos_ == "VERB":
        return verb_trigger(head, head.head, forced=True)  # misparse: "released | around 300 of the people"
    if arg.dep_ == "pobj" and _close_to(head):  # misparse: "Close to | 2,900 prisoners have been pardoned"
        return verb_trigger(head.head, head.head.head, forced=True)
    if _set_free(arg, head):  # "let four sailors go", "let go 10 sailors", "set 59 fishermen free"
        go = head.head if head.lower_ == "of" else head  # "let go of 11 villagers"
        verb = _let(go) or go.head
        return verb, "released", lemma(verb) == "let", False  # (firms "let workers go" too)
    if _there_are_prisoners(arg, head):
        return head, "held", False, False
    if head.pos_ in ("VERB", "AUX"):
        for verb in _sharing_subject(arg, head):
            found = verb_trigger(arg, verb)
            if found is not None:
                return found
        return _raised(arg, head) or _reported(arg, head)
    return _other_trigger(arg, head)


def _close_to(to: Token) -> bool:
    """The "to" of "close to N", which the parser hangs on "close" as its preposition."""
    close = to.head
    return to.lower_ == "to" and close.lower_ == "close" and close.head.pos_ == "VERB" and close.i < to.i


def _set_free(arg: Token, head: Token) -> bool:
    """The people of a small clause that frees them: "let four sailors go", "let go 10 sailors" (the
    people the object of "go"), "let go of 11 villagers", "set 59 fishermen free" (the subject of
    "free")."""
    if arg.dep_ == "dobj" and lemma(head) == "go" and _let(head) is not None:
        return True  # "let go 14 sailors", parsed with "let" as the auxiliary of "go"
    if arg.dep_ == "pobj" and head.lower_ == "of" and lemma(head.head) == "go":  # "let go of 11 villagers"
        go = head.head
        return _let(go) is not None or (go.dep_ in ("ccomp", "xcomp") and lemma(go.head) == "let")
    if arg.dep_ not in ("nsubj", "dobj") or head.dep_ not in ("ccomp", "xcomp"):
        return False
    if lemma(head.head) not in ("let", "set"):
        return False
    return lemma(head) == "go" or head.lower_ in ("free", "loose")


def _let(go: Token) -> Token | None:
    """The "let" of "let go" when the parser made it the auxiliary of "go"."""
    return next((c for c in go.children if c.dep_ == "aux" and lemma(c) == "let"), None)


def _gapped(arg: Token, verb: Token) -> bool:
    """A number joined to a verb as its conjunct, with the verb left out ("15 were handed over to
    Dalvoria and 38 to Merovia"): the verb's patient, when the verb has a counted patient of its own."""
    if arg.dep_ != "conj" or arg.pos_ != "NUM" or verb.pos_ != "VERB":
        return False
    patients = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
    return any(c.pos_ == "NUM" or any(n.dep_ == "nummod" for n in c.children) for c in patients)


def _there_are_prisoners(arg: Token, verb: Token) -> bool:
    """ "There are about 900 political prisoners behind bars": prisoners who are, are held (unless a
    clause on the noun says otherwise: "there were 300 prisoners released")."""
    if arg.dep_ != "attr" or lemma(verb) != "be" or not is_prisoner_noun(arg):
        return False
    if not any(c.dep_ == "expl" and c.lower_ == "there" for c in verb.children):
        return False
    return not any(c.dep_ in ("acl", "relcl") for c in arg.children)


def _reported(arg: Token, verb: Token) -> tuple[Token, str, bool, bool] | None:
    """'The group said 24,087 people … were still in detention', parsed with the people as the object
    of 'said': the verb after them without a subject of its own takes them as its subject."""
    if arg.dep_ != "dobj" or lemma(verb) not in lexicon()["raising_verbs"]:
        return None
    for clause in (c for c in verb.children if c.i > arg.i and c.pos_ in ("VERB", "AUX")):
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
            continue
        state = state_kind(clause)
        if state is not None:
            return clause, state, False, False
        kind, weak = verb_kind(clause)
        if kind is not None and any(c.dep_ == "auxpass" for c in clause.children):
            return clause, kind, weak, False
    return None


def _raised(arg: Token, verb: Token) -> tuple[Token, str, bool, bool] | None:
    """'100 more were believed to be held', 'are thought to remain in captivity': the complement's kind."""
    if arg.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if lemma(verb) == "be":  # "33 hostages are to be freed": the infinitive's kind (planned, see status_of)
        return _passive_complement(verb, marked=True)
    if lemma(verb) in lexicon()["status"]["planned_governors"]:  # "300 were expected to be freed"
        found = _passive_complement(verb, marked=False)
        if found is not None:
            return found
    if lemma(verb) not in lexicon()["raising_verbs"]:
        return None
    for comp in (c for c in verb.children if c.dep_ == "xcomp"):
        state = state_kind(comp)
        if state is not None:
            return comp, state, False, False
        kind, weak = verb_kind(comp)
        if kind == "held" and comp.tag_ == "VBN":
            return comp, kind, weak, False
    return None


def _passive_complement(verb: Token, *, marked: bool) -> tuple[Token, str, bool, bool] | None:
    """The passive complement of ``verb`` that gives the count its kind ("are to be freed", "were
    expected to be freed"); ``marked``: only a complement with "to" among its words."""
    for comp in (c for c in verb.children if c.dep_ == "xcomp"):
        if marked and not any(a.lower_ == "to" for a in comp.children):
            continue
        kind, weak = verb_kind(comp)
        if kind is not None and any(c.dep_ == "auxpass" for c in comp.children):
            return comp, kind, weak, False
    return None


def _other_trigger(arg: Token, head: Token) -> tuple[Token, str, bool, bool] | None:
    if arg.dep_ == "pobj" and head.lower_ == "to" and head.head.pos_ == "VERB":
        verb = head.head  # "granted clemency to seven Iranians", "pardons to 40 detainees"
        if lemma(verb) in ("grant", "give", "extend", "offer") and verb_kind(verb)[0] == "released":
            return verb, "released", False, False
    if arg.dep_ == "pobj" and head.lower_ == "with":
        return _accompanying(head)
    if arg.dep_ == "pobj":
        if head.lower_ == "of" and lemma(head.head) in ("total", "group", "batch"):
            return governing_trigger(head.head)  # "released a total of 230 people"
        return _noun_trigger(head)
    if arg.dep_ in ("amod", "compound", "nmod") and noun_kind(head):
        return head, noun_kind(head), False, False  # "a 24-person prisoner swap"
    return None


def _accompanying(with_: Token) -> tuple[Token, str, bool, bool] | None:
    """'freed the ship together with its captain and nine sailors', 'released the vessel with its 25
    crew': people who go with the verb's patient share its fate."""
    owner = with_.head
    if owner.lower_ in ("together", "along"):  # "along with" parsed as two prepositions
        owner = owner.head
    if owner.pos_ in ("VERB", "AUX"):
        before = with_.doc[with_.i - 1] if with_.i > 0 else with_
        if before.lower_ not in ("together", "along"):  # "together" hangs on "with" or on the verb
            return None
        noun = owner.head
        if owner.dep_ in ("acl", "relcl") and noun.dep_ in PATIENT_DEPS and noun.head.pos_ == "VERB":
            # "released a ship (seized in November) together with its crew of 13": the parser hangs the
            # crew on the participle that describes the ship; they share the ship's verb
            found = verb_trigger(noun, noun.head)
            if found is not None and found[1] in ("released", "captured"):
                return found
        found = verb_trigger(with_, owner, forced=True)
    elif owner.dep_ in PATIENT_DEPS and owner.head.pos_ == "VERB":
        found = verb_trigger(owner, owner.head)
    else:
        return None
    return found if found is not None and found[1] in ("released", "captured") else None


def _sharing_subject(arg: Token, verb: Token) -> list[Token]:
    """The verb, and for a subject the conjoined verbs without their own ("were charged and received …")."""
    verbs = [verb]
    if arg.dep_ in ("nsubj", "nsubjpass"):
        verbs += [conj for conj in verb.conjuncts if conj.pos_ == "VERB" and not _has_subject(conj)]
        # the sentence's own verb first, once ("soldiers held … and were freed")
        return list(dict.fromkeys([*_predicate_after_participle(verb), *verbs]))
    return verbs


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _predicate_after_participle(verb: Token) -> list[Token]:
    """The verb that tells what became of a subject the parser gave to a bare participle: "33
    soldiers held for three days by villagers were freed", parsed as "soldiers held … and were
    freed" or with "were freed" as the participle's clause. The later verb with its own auxiliary
    and no subject is the sentence's; the participle only describes the people."""
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return []
    later = [*verb.conjuncts, *(c for c in verb.children if c.dep_ == "ccomp")]
    return [
        v for v in later
        if v.i > verb.i and v.pos_ == "VERB" and not _has_subject(v)
        and any(c.dep_ in ("aux", "auxpass") for c in v.children)
    ][:1]  # fmt: skip


def verb_trigger(arg: Token, verb: Token, *, forced: bool = False) -> tuple[Token, str, bool, bool] | None:
    if arg.dep_ == "dobj" and _swap_subject(verb):
        return verb, "exchanged", False, False  # "the swap involved 40 people"
    kind, weak = verb_kind(verb)
    # "132,000 people are still detained": held, by a verb with no kind or one that captures otherwise
    may_be_held = kind is None or lemma(verb) in lexicon()["state_verbs"]
    if arg.dep_ == "nsubjpass" and may_be_held and still_detained(verb):
        return verb, "held", False, False
    if kind is not None and (forced or _is_patient(arg, verb, kind)):
        if kind == "exchanged" and _for_the_other_side(verb, arg):
            kind = "released"  # "exchange 33 hostages for 1,900 prisoners": one side's figure
        return verb, kind, weak, False
    if arg.dep_ == "dobj" and left_held(verb):  # "leaving nine in captivity"
        return verb, "held", False, False
    state = state_kind(verb) or _captives_remaining(arg, verb)
    # "at least 240 remain in prison" (a misparse gives the number as nummod); "two were driven away
    # and remain in detention" (the passive's subject, shared)
    if state is not None and arg.dep_ in ("nsubj", "nummod", "nsubjpass"):
        return verb, state, False, False
    if arg.dep_ == "nsubj" and homecoming_kind(verb):
        return verb, homecoming_kind(verb), True, False
    if arg.dep_ == "nsubj" and left_prison(verb):
        return verb, "released", False, False  # "300 prisoners left the central prison"
    arriving = arg.dep_ in ("nsubj", "nsubjpass") and lemma(verb) in lexicon()["arrival_verbs"]
    if arriving and (is_captive(arg) or _freed(arg) or (is_prisoner_noun(arg) and _to_their_side(verb))):
        return verb, "released", False, False  # "ten sailors held by the group returned home"
    return None


def _for_the_other_side(verb: Token, arg: Token) -> bool:
    """ "for …" on the swap verb, or hung by the parser on the people swapped ("swapped 30 of the
    girls for rebel commanders"): what the other side gave."""
    return any(t.dep_ == "prep" and t.lower_ == "for" for t in (*verb.children, *arg.subtree))


def _to_their_side(verb: Token) -> bool:
    """ "38 captives returned to Dalvoria", "… to their families": back to a country or to families."""
    places = [o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children]
    return any(o.ent_type_ == "GPE" or lemma(o) == "family" for o in places)


def _captives_remaining(arg: Token, verb: Token) -> str | None:
    """'Some 59 hostages remain in Gaza', 'about 24 captives remain', '100 prisoners are still there',
    'eight other foreigners remained hostages': captives who remain (anywhere, or nowhere said) are
    held, whatever the place."""
    if arg.dep_ != "nsubj":
        return None
    still = any(c.lower_ == "still" for c in verb.children)
    if lemma(verb) not in ("remain", "stay") and not (lemma(verb) == "be" and still):
        return None
    complements = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd", "xcomp")]
    if any(c.lower_ in CAPTIVE_WORDS for c in complements):  # "eight others remained hostages"
        return "held" if is_person_noun(arg) or _counts_captives(arg) else None
    if complements or not _counts_captives(arg):
        return None  # "remain unaccounted for", "are still a priority", "remain to be found"
    return "held"


def _counts_captives(arg: Token) -> bool:
    """'24 captives', '40 people held by the gang', or a bare number after a fronted whole of captives
    ("Of the 251 people taken hostage, 58 remain in Gaza")."""
    if is_prisoner_noun(arg) or is_captive(arg) or _left_by_a_release(arg):
        return True
    if not arg.like_num:
        return False
    heads = [arg, *arg.ancestors]  # "Of the 251 …, 58 remain in Gaza, officials say"
    fronted = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "of" and c.i < arg.i]
    wholes = [o for prep in fronted for o in prep.children if o.dep_ == "pobj"]
    return any(is_prisoner_noun(o) or is_captive(o) for o in wholes)


def _left_by_a_release(arg: Token) -> bool:
    """ "Pirates freed seven sailors … the remaining 14 will stay on board": the rest of the people a
    release in this sentence or the one before left behind are captives still."""
    if not any(c.dep_ == "amod" and c.lower_ == "remaining" for c in arg.children):
        return False
    doc = arg.doc
    start = doc[arg.sent.start - 1].sent.start if arg.sent.start > 0 else arg.sent.start
    return any(t.pos_ == "VERB" and verb_kind(t)[0] == "released" for t in doc[start : arg.i])


def is_captive(noun: Token) -> bool:
    """People a participle or relative clause calls captives ("held by", "kidnapped in", "taken
    hostage", "the kidnapped engineers"), or the people "of" which a number is ("eight of the
    abducted girls")."""
    of = [
        o
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    for person in [noun, *of]:
        for verb in person.children:
            if verb.dep_ in ("acl", "relcl") and verb_kind(verb)[0] in ("captured", "held"):
                return True
            if verb.dep_ == "amod" and verb.lower_ in _captive_participles():
                return True
    return False


@cache
def _captive_participles() -> frozenset[str]:
    """'kidnapped', 'abducted', 'seized', 'held': the capture verbs' participles, which the tagger
    often reads as adjectives before a noun ("the kidnapped engineers")."""
    lex = lexicon()
    verbs = (
        v for v, kind in lex["verbs"].items() if kind in ("captured", "held") and v not in lex["weak_verbs"]
    )
    return frozenset({"held", "taken"}) | _participles(verbs)


@cache
def _release_participles(*, weak: bool = False) -> frozenset[str]:
    """'freed', 'released', 'liberated': the release verbs' participles, which the tagger may read
    as adjectives or nouns before a noun ("44 freed prisoners"); ``weak``: of the weak verbs only."""
    lex = lexicon()
    verbs = (
        v
        for v, kind in lex["verbs"].items()
        if kind == "released" and " " not in v and (not weak or v in lex["weak_verbs"])
    )
    return _participles(verbs)


def _participles(verbs) -> frozenset[str]:
    """The spellings a participle of each verb may take ("seize" → "seized", "kidnap" → "kidnapped")."""
    return frozenset(form for verb in verbs for form in (verb + "ed", verb + "d", verb + verb[-1] + "ed"))


def _freed(noun: Token) -> bool:
    """People a participle calls freed ("the 23 freed hostages arrived in Bangkok")."""
    return any(c.dep_ in ("amod", "acl") and verb_kind(c)[0] == "released" for c in noun.children)


def _swap_subject(verb: Token) -> bool:
    """A swap or exchange as the subject of 'involve', 'include', 'free' …: its object is the total."""
    if lemma(verb) not in lexicon()["swap_subject_verbs"]:
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj":  # "the swap followed months of talks and involved 24"
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return any(lemma(c) in ("swap", "exchange") for c in subjects)


def _passive_sharing_subject(arg: Token, verb: Token) -> bool:
    """ "Nine workers kidnapped last week were freed on Sunday", parsed as "workers kidnapped … and
    were freed" (or with "were freed" as the participle's clause): a passive second verb with no
    subject of its own has the first verb's subject."""
    return (
        verb.dep_ in ("conj", "ccomp")
        and verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in verb.children)
        and not _has_subject(verb)
        and arg.head == verb.head
    )


def _is_patient(arg: Token, verb: Token, kind: str) -> bool:
    """Object of an active verb or subject of a passive one ("Seven Iranians received clemency" too)."""
    if arg.dep_ in PATIENT_DEPS:
        return True
    if arg.dep_ == "nsubj":
        if lemma(verb) in ("receive", "grant") or (lemma(verb) == "hold" and verb.tag_ == "VBN"):
            return True
        if lemma(verb) in ("regain", "walk", "go"):  # "regained their freedom", "walked free"
            return True
        if headline_passive(verb):  # "12 hostages freed, 40 still held"
            return True
        if verb.tag_ == "VBN" and verb.dep_ in ("pcomp", "advcl") and verb.head.lower_ == "with":
            return True  # "with 640 prisoners freed": an absolute participle is a passive
        if _passive_sharing_subject(arg, verb):
            return True
        # "Two hostages were killed and 18 freed": the passive auxiliary is left out
        elided = verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children)
        return verb.tag_ == "VBN" and elided and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return arg.dep_ == "npadvmod" and kind == "exchanged"


HEADLINE = "prisoners_headline"  # doc.user_data key: the doc is a headline


def headline_passive(verb: Token) -> bool:
    """A headline drops the passive auxiliary: in "Nine sailors freed, two still held" the bare
    participles are passives. Only in a headline, and only without an object of their own."""
    if not verb.doc.user_data.get(HEADLINE) or verb.tag_ not in ("VBN", "VBD"):
        return False
    if not verb.lower_.endswith(("ed", "en", "ld", "ght")):
        return False
    colon = next((t.i for t in verb.doc[verb.i :] if t.text == ":"), len(verb.doc))
    # "40 soldiers released: ICRC": the source after the colon is no object
    return not any(c.dep_ in ("aux", "auxpass") or (c.dep_ == "dobj" and c.i < colon) for c in verb.children)


def _noun_trigger(prep: Token) -> tuple[Token, str, bool, bool] | None:
    """'the release of 477 inmates', 'an amnesty for 2,600 prisoners', 'in exchange for 84 Ukrainians'."""
    owner = prep.head
    if prep.lower_ == "for" and lemma(owner) in lexicon()["exchange_for"] and owner.head.lower_ == "in":
        main = owner.head.head
        return main, "released", False, True
    if prep.lower_ == "for" and owner.pos_ == "VERB" and verb_kind(owner)[0] in ("exchanged", "released"):
        return owner, "released", False, True  # "freed five Americans for five Iranians"
    if prep.lower_ in ("of", "for") and noun_kind(owner):
        return owner, noun_kind(owner), False, False
    if prep.lower_ == "for" and owner.pos_ == "VERB":  # misparse: "approved an amnesty | for 2,600"
        for obj in owner.children:
            if obj.dep_ == "dobj" and noun_kind(obj):
                return obj, noun_kind(obj), False, False
    return None


def modifier_trigger(noun: Token | None) -> tuple[Token, str, bool, bool] | None:
    """'34 travellers abducted by militants', '42 men they abducted': participle or relative clause."""
    if noun is None:
        return None
    # a participle or clause after the noun first: in "2 kidnapped nurses released" it is the news
    for verb in sorted(noun.children, key=lambda c: c.dep_ not in ("acl", "relcl")):
        if verb.dep_ == "amod" and verb.tag_ == "VBN" and verb_kind(verb)[0] == "captured":
            return verb, "captured", False, False  # "five captured soldiers"
        if verb.dep_ in ("amod", "compound") and verb.i < noun.i and verb.lower_ in _release_participles():
            weak = verb.lower_ in _release_participles(weak=True)
            return verb, "released", weak, False  # "a plane carrying 44 freed prisoners"
        if verb.dep_ not in ("acl", "relcl"):
            continue
        leaving = state_kind(verb) == "released" or left_prison(verb)
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and leaving:
            return verb, "released", False, False  # "with 605 prisoners walking out of the colony"
        kind, weak = verb_kind(verb)
        subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(d.lower_ == "whose" for s in subject for d in s.children):
            continue  # "40 families whose relatives were abducted": the relatives were taken
        passive = verb.tag_ == "VBN" and (verb.dep_ == "acl" or any(c.dep_ == "nsubjpass" for c in subject))
        still = any(c.lower_ == "still" for c in verb.children)  # "leaving 3,210 still held"
        if kind == "held" and verb.dep_ == "acl" and not still:  # "five Americans held in Iran" describes
            continue
        if kind is not None and (passive or (subject and subject[0].lower_ not in ("who", "that"))):
            return verb, kind, weak, False
    return None
