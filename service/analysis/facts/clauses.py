"""Clauses that tell another event than the story's, read the same way by every fact package."""

from __future__ import annotations

from spacy.tokens import Token

TIME_UNITS = ("hour", "day", "week", "month", "year")


def dated_by_distance(verb: Token, *, on_the_mark: bool = False) -> bool:
    """A clause marked "after" or "before" with a distance from the news ("a week after a boy was
    shot dead", "two months after 250 pupils were kidnapped"): another, earlier or later event.

    ``on_the_mark``: the distance may also hang on the mark ("a day | after"), as the parser often
    puts it in prisoner copy."""
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")]
    near = [*verb.children, *(k for m in marks for k in m.children)] if on_the_mark else list(verb.children)
    if on_the_mark and verb.dep_ == "advcl":  # "was announced a day | after police said": on the verb above
        near += [k for k in verb.head.children for m in marks if k.right_edge.i == m.i - 1]
    return bool(marks) and _has_distance(near)


def after_a_distance(noun: Token) -> bool:
    """A noun dated by a distance from the news ("days after Pakistan's release of 120 prisoners",
    "a week before the abduction of 30 pupils"): another, earlier or later event."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ in ("after", "before") and _has_distance(prep.children)


def _has_distance(tokens) -> bool:
    """Whether one of ``tokens`` is a distance in time ("a week", "two months", "days")."""
    return any(t.dep_ == "npadvmod" and t.lemma_.lower() in TIME_UNITS for t in tokens)
