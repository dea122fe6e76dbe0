"""The text's lines as blocks, and what the facts and the summary do with page furniture."""

from __future__ import annotations

from datetime import date

import pytest

from service.analysis.article import blocks
from service.analysis.facts import casualties
from service.analysis.model import Block, Context, Facts
from service.analysis.nlp import parse
from service.analysis.summary import summarize

PAGE = (
    "Flood waters rise in river towns\n"
    "\n"
    "By Tomas Verhoef\n"
    "\n"
    "Rescue crews pulled three people from a submerged car on Sunday, the fire service said.\n"
    "FILE PHOTO: The storm of two years ago, which killed 40 people, hit the harbour. (AP Photo/I. Rao)\n"
    "Rescue crews pulled three people from a submerged car on Sunday, the fire service said.\n"
    "Two of them later died in hospital, officials said on Monday evening.\n"
)


def _blocks(kinds: list[str]) -> tuple[Block, ...]:
    spans = blocks.line_spans(PAGE)
    assert len(spans) == len(kinds)
    return tuple(Block(kind, start, end) for kind, (start, end) in zip(kinds, spans, strict=True))


def test_line_spans_are_the_trimmed_non_empty_lines():
    spans = blocks.line_spans("  first line  \n\n\tsecond\n   \nthird")
    text = "  first line  \n\n\tsecond\n   \nthird"
    assert [text[s:e] for s, e in spans] == ["first line", "second", "third"]


def test_every_line_gets_one_row_of_every_feature():
    spans = blocks.line_spans(PAGE)
    rows = blocks.line_features(PAGE, spans, "Flood waters rise in river towns")
    assert len(rows) == len(spans)
    assert all(len(row) == len(blocks.FEATURES) for row in rows)


def test_blocks_cover_every_line_once_in_order():
    found = blocks.blocks_of(PAGE, "Flood waters rise in river towns")
    assert [(b.start, b.end) for b in found] == blocks.line_spans(PAGE)
    assert all(b.kind in blocks.KINDS for b in found)


@pytest.mark.parametrize(
    ("offset_in", "expected"),
    [("FILE PHOTO", "caption"), ("By Tomas", "byline"), ("Two of them", None), ("Flood waters", None)],
)
def test_context_names_the_furniture_at_an_offset(offset_in, expected):
    context = Context(text=PAGE, blocks=_blocks(["headline", "byline", "body", "caption", "body", "body"]))
    assert context.furniture_at(PAGE.index(offset_in)) == expected


def test_a_figure_in_a_caption_is_background_not_the_story():
    context = Context(text=PAGE, blocks=_blocks(["headline", "byline", "body", "caption", "body", "body"]))
    found = casualties.extract(parse(PAGE), context)
    line = PAGE.index("FILE PHOTO")
    caption = [c for c in found if line <= c.evidence.start < PAGE.index("\n", line)]
    assert caption and all(c.scope == "background" for c in caption)
    assert casualties.totals(found)["killed"] != 40


def test_the_summary_skips_furniture_and_repeats():
    summary = summarize(
        parse(PAGE),
        Facts(),
        sentences=3,
        blocks=_blocks(["headline", "byline", "body", "caption", "body", "body"]),
    )
    assert not any("PHOTO" in s or s.startswith("By ") for s in summary)
    assert len(summary) == len(set(summary))
    assert summary[0].startswith("Rescue crews")


def test_people_named_only_in_bylines_and_credits_are_no_parties():
    from service.analysis.facts import extract_facts

    text = (
        "By Marta Kovacs\n"
        "Gunmen released 12 farmers in Zamfara state on Sunday, police spokesman Yusuf Ardo said.\n"
        "Freed farmers wait at a police station. (AP Photo/Daniel Osei)\n"
    )
    spans = blocks.line_spans(text)
    kinds = ["byline", "body", "credit"]
    context = Context(text=text, blocks=tuple(Block(k, s, e) for k, (s, e) in zip(kinds, spans, strict=True)))
    names = {party.name for party in extract_facts(parse(text), context).parties}
    assert "Yusuf Ardo" in names
    assert not names & {"Marta Kovacs", "Daniel Osei"}


QUAKE = (
    "A strong earthquake shook the hill district before dawn on Tuesday, killing six people and injuring "
    "30, the regional governor said. "
    "Most of the dead were asleep when the walls of their mud-brick homes collapsed, the governor added. "
    "The same valley was struck by a quake in 2011 that killed 94 people and left thousands homeless. "
    "Rescue teams from three neighbouring provinces reached the worst-hit villages by midday."
)


def test_the_summary_prefers_the_story_to_an_earlier_events_toll():
    doc = parse(QUAKE)
    context = Context(text=QUAKE, published_at=date(2024, 3, 5))
    facts = Facts(casualties=casualties.extract(doc, context))
    assert any(c.scope == "background" and c.count == 94 for c in facts.casualties)
    summary = summarize(doc, facts, sentences=3)
    assert summary[0].startswith("A strong earthquake")
    assert not any("2011" in s for s in summary)
    assert any(s.startswith("Rescue teams") for s in summary)


@pytest.mark.parametrize(
    ("opening", "kept"),
    [
        ("Photo: Harbour Video Image 1 of 3 ", False),  # a caption glued to the lede by the extractor
        ("AP Photo/Mara Jensen (AP) ", False),
        ("Image 2 of 4 ", False),
        ("Photographers saw that ", True),  # the word alone is no label
        ("", True),
    ],
)
def test_a_sentence_opening_with_a_photo_label_is_no_summary_sentence(opening, kept):
    text = (
        "Heavy rain flooded the lower town on Sunday, and crews worked through the night to clear the roads. "
        f"{opening}Police said two drivers had been rescued from their cars near the old bridge on Monday."
    )
    summary = summarize(parse(text), Facts(), sentences=2)
    assert any(s.endswith("near the old bridge on Monday.") for s in summary) == kept


VIDEO_LIST_PAGE = (
    "Man hurt in shooting outside corner store\n\n"
    "A 34-year-old man was wounded Sunday evening outside a corner store on Harlan Avenue, police said.\n\n"
    "2:14 Family of slain bus driver pleads for witnesses Pause\n"
    "1:05 Three hurt when pickup crashes into bakery\n"
    "3:31 Jury convicts man in killing of four at nightclub"
)


def test_a_run_of_clip_times_is_a_video_list_of_other_stories():
    kinds = [block.kind for block in blocks.blocks_of(VIDEO_LIST_PAGE)]
    assert kinds[-3:] == ["related", "related", "related"]
    doc = parse(VIDEO_LIST_PAGE)
    context = Context(text=VIDEO_LIST_PAGE, blocks=blocks.blocks_of(VIDEO_LIST_PAGE))
    figures = {(c.kind, c.count) for c in casualties.extract(doc, context) if c.scope == "event"}
    assert figures == {("injured", 1)}


@pytest.mark.parametrize(
    "text",
    [
        "9:12 p.m.: Police say one man has died.\n8:47 p.m.: Officers closed the road.",  # a live blog
        "2:14 Family of slain bus driver pleads for witnesses\n\nThe story goes on here.",  # one timed line
    ],
)
def test_times_of_day_and_a_single_timed_line_are_not_a_video_list(text):
    assert blocks._video_lists(text, blocks.line_spans(text), ["body"] * 2) == ["body", "body"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("RELATED: Teen accused of shooting his stepbrother during an argument", "related"),
        ("See also: Two hurt as gunfire erupts outside a downtown club", "related"),
        ("Previous story | Man found shot in parked car on Elm Street", "related"),
        ("LATEST: Police say a second man has died.", "body"),  # a live update of the story itself
        ("More than 20 people were hurt in the crash.", "body"),
    ],
)
def test_a_line_labelled_as_a_link_to_other_stories_is_related(line, kind):
    text = f"A man was wounded on Friday night in Dallas, police said.\n\n{line}\n\nThe inquiry goes on."
    assert blocks.blocks_of(text)[1].kind == kind


APPENDED_STORY = (
    "MILLBROOK, Ohio — Four people were killed when a gunman opened fire at a cookout on Saturday.\n\n"
    "The suspect, a neighbour of the family, was arrested an hour later, officers said.\n\n"
    "The mayor called the shooting a tragedy and asked residents to come forward with videos.\n\n"
    "2 dead, 9 hurt in Lakeview bar shooting\n"
    "LAKEVIEW, Ind. — Two men were killed and nine people were wounded at a bar early Sunday, police said."
)


def test_a_headline_and_a_new_dateline_below_the_story_start_another_story():
    kinds = [block.kind for block in blocks.blocks_of(APPENDED_STORY)]
    assert kinds[-2:] == ["related", "related"]
    doc = parse(APPENDED_STORY)
    context = Context(text=APPENDED_STORY, blocks=blocks.blocks_of(APPENDED_STORY))
    figures = {(c.kind, c.count) for c in casualties.extract(doc, context) if c.scope == "event"}
    assert figures == {("killed", 4)}


def test_the_story_own_dateline_pasted_below_is_an_update_not_another_story():
    update = APPENDED_STORY.replace("LAKEVIEW, Ind.", "MILLBROOK, Ohio")
    assert [block.kind for block in blocks.blocks_of(update)][-1] == "body"
