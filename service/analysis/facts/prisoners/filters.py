"""Filters for prisoner figures: what a count that looks like one is not.

Negated and quoted figures, sub-groups ("including two civilians"), back-references ("the two"),
releases from a house or a hospital, and arrest stories (bail, booking, police as the ones who act).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from service.analysis.facts.numbers import NumberPhrase, find_counts
from service.analysis.facts.prisoners.triggers import is_captive
from service.analysis.facts.prisoners.words import (
    has_cue,
    is_person_noun,
    is_prisoner_noun,
    lemma,
    lexicon,
    through_coordination,
    through_dateline,
    verb_kind,
)

DEFINITE = ("the", "those", "these")


def quoted(doc, phrase: NumberPhrase) -> bool:
    """'captured "more than 20"': a figure in quotation marks is a claim the reporter keeps at a distance."""
    before = doc[phrase.start - 1] if phrase.start > 0 else None
    after = doc[phrase.end] if phrase.end < len(doc) else None
    return bool(before is not None and after is not None and before.is_quote and after.is_quote)


def excluded(sent: Span, arg: Token, noun: Token | None, trigger: Token, kind: str) -> bool:
    """Negated, sub-group, back-reference, 'released from the hospital' and arrest-story figures."""
    if any(c.dep_ == "neg" for c in trigger.children):
        return True
    if _is_subgroup(arg, trigger):
        return True
    if _is_back_reference(arg, noun):
        return True
    if _ratio(arg, noun, trigger):
        return True
    # "rescued 61 kidnap victims from a house", "rescued 28 migrants who had been kidnapped"
    held = noun is not None and (is_prisoner_noun(noun) or is_captive(noun))
    if kind == "released" and ((_released_from_place(trigger) and not held) or _rescue(sent)):
        return True
    if kind == "released" and lemma(trigger) == "rescue" and not held and not _captivity(sent):
        return True  # "About 200 guests were rescued" from a burning hotel: rescued, never held
    return _criminal(sent, trigger)


def _captivity(sent: Span) -> bool:
    """Whether a sentence speaks of people taken or held: a capture verb or a captivity cue."""
    return has_cue(sent) or any(verb_kind(t)[0] in ("captured", "held") for t in sent)


def _rescue(sent: Span) -> bool:
    """'Rescuers freed 14 miners trapped underground': people freed from rubble are not prisoners."""
    words = lexicon()["rescue_words"]
    return any(t.lower_ in words or lemma(t) in words for t in sent)


def _is_subgroup(arg: Token, trigger: Token | None = None) -> bool:
    """'including two civilians', 'Among those freed were four teenagers' are parts of a figure; not
    past the figure's own event noun ("the stage included the release of 150 detainees")."""
    words = lexicon()["subgroup"]
    arg = through_coordination(arg)  # "four soldiers and two police officers": the first conjunct decides
    if arg.dep_ == "appos" and through_dateline(arg).i == arg.i:  # "six hostages — four soldiers and two …"
        return True
    for anc in [arg, *arg.ancestors][:4]:
        if trigger is not None and anc.i == trigger.i and anc.pos_ == "NOUN" and anc.i != arg.i:
            return False
        if anc.i == arg.head.i and anc.lower_ == "among" and arg.dep_ == "pobj":
            continue  # "were among seven crew members abducted": the seven are the whole
        if anc.i != arg.i and anc.lower_ in words:
            return True
        if any(
            c.dep_ == "prep" and c.lower_ == "among" and not _elaborates(c) and c.i != arg.head.i
            for c in anc.children
        ):
            return True
    return False


def _ratio(arg: Token, noun: Token | None, trigger: Token) -> bool:
    """'five prisoners for every captive', 'ten for each soldier': a rate of a deal, not a figure."""
    for head in {arg, noun or arg, trigger}:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "per")):
            if any(
                d.lower_ in ("every", "each") for o in prep.children for d in o.children if d.dep_ == "det"
            ):
                return True
            if prep.lower_ == "per":
                return True
    return False


def _elaborates(among: Token) -> bool:
    """'112 people, among them 24 children': 'among them' describes the figure, it does not part it."""
    return any(o.dep_ == "pobj" and o.lower_ in ("them", "whom") for o in among.children)


def _is_back_reference(arg: Token, noun: Token | None) -> bool:
    """'the two', 'the three servicemen' repeat people already counted; 'the remaining 23' does not."""
    # in "80 of the 276 schoolgirls" the article belongs to the whole, not to the 80
    holders = [arg] if noun is None or noun.i != arg.i and arg.pos_ == "NUM" else [arg, noun]
    dets = [c for t in holders for c in t.children if c.dep_ == "det" and c.lower_ in DEFINITE]
    if not dets:
        return False
    if not _counted_before(arg.doc, holders[0]):
        return False  # "The 42 people kidnapped … have been freed" opens the story: nothing to repeat
    keep = lexicon()["partitive_keep"]
    if any(c.lower_ in keep for t in holders for c in t.children):
        return False
    return not (noun is not None and is_prisoner_noun(noun))


def _counted_before(doc, holder: Token) -> bool:
    """Whether the figure that ``holder`` carries was stated earlier in the text (any count, same value)."""
    number = holder if holder.like_num else next((c for c in holder.children if c.like_num), None)
    if number is None:  # "the crew of 21": the figure hangs on "of"
        of = [c for p in holder.children if p.dep_ == "prep" and p.lower_ == "of" for c in p.children]
        number = next((c for c in of if c.like_num), None)
    if number is None:
        return True
    values = _counts(doc)
    here = next((v for start, end, v in values if start <= number.i < end), None)
    return here is None or any(v == here for start, _, v in values if start < number.i and v is not None)


def _counts(doc) -> list[tuple[int, int, int | None]]:
    """(start, end, value) of every count in the document, found once per document."""
    key = "prisoners_counts"
    if key not in doc.user_data:
        found = [(p.start, p.end, p.count.count) for s in doc.sents for p in find_counts(s)]
        found += [(t.i, t.i + 1, n) for t in doc if (n := _people_named(t))]
        doc.user_data[key] = found
    return doc.user_data[key]


def _people_named(token: Token) -> int:
    """'A Czech aid worker and her driver' counts two people without a number: 2, else 0."""
    if token.dep_ == "conj" or not token.conjuncts:
        return 0
    members = [token, *token.conjuncts]

    def one(m: Token) -> bool:
        return (m.pos_ == "PROPN" and m.ent_type_ == "PERSON") or (m.tag_ == "NN" and is_person_noun(m))

    return len(members) if all(one(m) for m in members) else 0


def _released_from_place(trigger: Token) -> bool:
    """'released from the house', 'released from the hospital' are not releases from captivity."""
    places = lexicon()["release_not_from"]
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ == "from":
            if any(lemma(o) in places for o in prep.children if o.dep_ == "pobj"):
                return True
    return False


def _criminal(sent: Span, trigger: Token) -> bool:
    """Bail, bond and booking words, police or a lone gunman as the ones who act: a crime story."""
    crime = lexicon()["criminal"]
    if any(lemma(t) in crime["veto_words"] or t.lower_ in crime["veto_words"] for t in sent):
        return True
    actors, verb = [], trigger
    for _ in range(3):  # "Officers were able to rescue 30 hostages": the subject of the governing verb
        actors += [c for c in verb.children if c.dep_ == "nsubj"]
        actors += [o for c in verb.children if c.dep_ == "agent" for o in c.children]
        if verb.dep_ not in ("xcomp", "acomp") or verb.head.i == verb.i:
            break
        verb = verb.head
    if any(lemma(a) in crime["agents"] for a in actors):
        return True
    # a lone gunman or suspect is a crime story; "gunmen" and "suspected militants" are armed groups
    return any(a.tag_ in ("NN", "NNP") and lemma(a) in crime["lone_agents"] for a in actors)
