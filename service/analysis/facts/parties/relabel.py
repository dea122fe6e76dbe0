"""Document-level correction of the model's entity labels, from what the parties step resolved.

The small model calls "Kyiv" a PERSON, "Trump" an ORG and "Houthis" a PERSON; later steps (casualty
sources, prisoner sides) read ``doc.ents``, so the labels the whole document supports are written back.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from service.analysis.facts.parties.gazetteer import lookup
from service.analysis.facts.parties.mention import Mention

FORM_LABELS = {"demonym": "NORP", "name": "GPE", "capital": "GPE", "seat": "ORG", "organ": "ORG"}


def _label(mention: Mention) -> str | None:
    """The label a mention deserves: PERSON for people, GPE/NORP for states' names, ORG for bodies."""
    if mention.type == "person":
        return "PERSON"
    entry = lookup(mention.surface)
    if entry is None:
        return None
    return FORM_LABELS.get(entry.form, "ORG") if entry.actor.type == "country" else "ORG"


def relabel(doc: Doc, groups: list[list[Mention]]) -> None:
    """Give every mention of the story's actors the label its actor has, keeping other entities."""
    fixes = []
    for mention in (m for group in groups for m in group):
        label = _label(mention)
        current = {t.ent_type_ for t in doc[mention.start : mention.end]}
        if label is not None and current != {label}:
            fixes.append(Span(doc, mention.start, mention.end, label=label))
    if not fixes:
        return
    fixed = {i for span in fixes for i in range(span.start, span.end)}
    kept = [e for e in doc.ents if not any(i in fixed for i in range(e.start, e.end))]
    doc.ents = filter_spans([*kept, *fixes])
