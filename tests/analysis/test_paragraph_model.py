"""paragraphs.py and body.learned_body: the paragraph model, on paragraphs we wrote."""

from __future__ import annotations

import json

import lxml.html
import pytest

from service.analysis.article import paragraphs
from service.analysis.article.body import Block, anchor_texts, blocks_from_xml, learned_body

STORY = [
    "The village school will stay open next year after parents raised the money for a new roof.",
    "Governors had warned in spring that rain coming through the ceiling made two classrooms unsafe.",
    "A bake sale, a sponsored walk and a grant from the county paid for most of the work, they said.",
    "The head teacher thanked the families and said lessons would return to the old rooms in autumn.",
]
MENU = ["Home", "Weather", "Local sport results this week", "Contact the newsroom"]


def test_features_give_one_row_of_every_feature_per_block():
    blocks = [Block(t) for t in STORY] + [Block(t, "item", 1.0) for t in MENU]
    rows = paragraphs.features(blocks, "\n".join(STORY), title="School stays open")
    assert len(rows) == len(blocks)
    assert all(len(row) == len(paragraphs.FEATURES) for row in rows)
    support = paragraphs.FEATURES.index("support")
    assert [row[support] for row in rows] == [1.0] * len(STORY) + [0.0] * len(MENU)
    assert paragraphs.features([], "anything") == []


@pytest.mark.parametrize(
    ("blocks", "np_text", "expected", "source"),
    [
        # the story both readers kept, without the link menu trafilatura added
        (
            [Block(t) for t in STORY] + [Block(t, "item", 1.0) for t in MENU],
            "\n".join(STORY),
            STORY,
            "ensemble",
        ),
        # trafilatura found nothing: newspaper3k's reading is the body
        ([], "\n".join(STORY), STORY, "newspaper3k"),
        # trafilatura read only a menu, newspaper3k the story
        ([Block(t, "item", 1.0) for t in MENU], "\n".join(STORY), STORY, "newspaper3k"),
    ],
)
def test_the_shipped_model_keeps_the_story(blocks, np_text, expected, source):
    body = paragraphs.choose_body(blocks, np_text, title="School stays open")
    assert body.text.split("\n\n") == expected
    assert body.source == source
    assert 0 <= body.confidence <= 1


@pytest.mark.parametrize(
    ("probs", "threshold", "np_text", "expected"),
    [
        ([0.9, 0.9, 0.9, 0.9], 0.5, "", STORY),
        ([0.9, 0.1, 0.9, 0.9], 0.5, "", [STORY[0], STORY[2], STORY[3]]),
        # a dropped paragraph that newspaper3k has between kept ones is put back
        ([0.9, 0.1, 0.9, 0.9], 0.5, "\n".join(STORY), STORY),
        ([0.9, 0.1, 0.9, 0.9], 0.05, "", STORY),
    ],
)
def test_learned_body_keeps_blocks_over_the_threshold(probs, threshold, np_text, expected):
    body = learned_body([Block(t) for t in STORY], np_text, probs, threshold)
    assert body.text.split("\n\n") == expected


def test_much_longer_newspaper_text_wins_over_a_short_kept_start():
    long_story = "\n".join(STORY[1:] * 3)
    body = learned_body([Block(STORY[0])], long_story, [0.9], 0.5, np_ratio=2.0)
    assert body.source == "newspaper3k" and body.text.split("\n\n") == STORY[1:] * 3
    kept = learned_body([Block(STORY[0])], long_story, [0.9], 0.5)
    assert kept.text == STORY[0]


@pytest.mark.parametrize(
    ("line", "density"),
    [
        ("Local sport results this week", 1.0),  # the whole line is a link of the page
        ("Read the full council report here or ask at the library desk", 0.0),
        ("See Local sport results this week for scores", len(MENU[2]) / 44),
    ],
)
def test_link_density_from_the_page_links_when_trafilatura_drops_them(line, density):
    page = lxml.html.fromstring(f"<html><body><nav><a href='/s'>{MENU[2]}</a></nav><p>x</p></body></html>")
    xml = lxml.html.fromstring(f"<body><p>{line}</p></body>")
    (block,) = blocks_from_xml(xml, anchor_texts(page))
    assert block.link_density == pytest.approx(density)


def test_model_file_matches_the_features():
    model = json.loads(paragraphs.MODEL.read_text("utf8"))
    assert model["features"] == list(paragraphs.FEATURES)
    assert 0 < model["threshold"] < 1 and model["np_ratio"] > 1 and model["trees"]

    def splits(node):
        if "leaf_value" in node:
            return []
        return [node["split_feature"], *splits(node["left_child"]), *splits(node["right_child"])]

    used = {f for tree in model["trees"] for f in splits(tree)}
    assert used <= set(range(len(paragraphs.FEATURES)))


def test_compiled_trees_score_as_walking_the_trees():
    blocks = [Block(t) for t in STORY] + [Block(t, "item", 1.0) for t in MENU]
    rows = paragraphs.features(blocks, "\n".join(STORY[:2]), title="School stays open")
    trees = paragraphs.model()["trees"]
    walked = [sum(paragraphs.leaf(tree, row) for tree in trees) for row in rows]
    compiled = paragraphs.model()["score"]
    assert [compiled(row) for row in rows] == pytest.approx(walked, abs=1e-12)
