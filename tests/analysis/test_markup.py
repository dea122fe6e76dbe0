"""Page furniture stated by an HTML page's markup: figcaptions, credit and byline classes, side boxes."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest

from service.analysis.article import blocks, extract_article, markup
from service.analysis.facts import casualties
from service.analysis.model import Context
from service.analysis.nlp import parse


def _marked(body_html: str) -> tuple[tuple[str, str], ...]:
    return markup.furniture_texts(lxml.html.fromstring(f"<html><body>{body_html}</body></html>"))


@pytest.mark.parametrize(
    ("element", "kind"),
    [
        ("<figure><figcaption>Firefighters at the warehouse on Monday</figcaption></figure>", "caption"),
        ('<p class="wp-caption-text">Firefighters at the warehouse on Monday</p>', "caption"),
        ('<span class="image__caption">Firefighters at the warehouse on Monday</span>', "caption"),
        ('<span class="photo-credit">Lena Marsh/Harbor Daily</span>', "credit"),
        ('<div class="article-byline">By Lena Marsh</div>', "byline"),
        ('<a rel="author" href="/staff/lm">Lena Marsh</a>', "byline"),
        ('<span itemprop="author">Lena Marsh</span>', "byline"),
        ("<aside>Council votes to reopen the old ferry route</aside>", "related"),
        ('<ul class="related-stories"><li>Council votes to reopen the old ferry route</li></ul>', "related"),
    ],
)
def test_the_markup_names_the_kind_of_an_element(element, kind):
    assert [k for k, _ in _marked(element)] == [kind]


@pytest.mark.parametrize(
    "element",
    [
        '<div class="credit-card-offer">Apply for our card today</div>',  # "credit" is not a photo credit
        '<p class="captioned">Firefighters at the warehouse on Monday</p>',  # no whole-word caption
        '<div class="story-body">Firefighters at the warehouse on Monday</div>',
        "<p>Firefighters at the warehouse on Monday</p>",
    ],
)
def test_other_class_names_mark_nothing(element):
    assert _marked(element) == ()


def test_an_element_as_long_as_a_story_is_a_wrapper_not_a_caption():
    long_text = "The crews worked through the night to reach the trapped workers. " * 12
    assert _marked(f'<div class="caption-wrapper">{long_text}</div>') == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Firefighters at the warehouse on Monday.", "caption"),  # punctuation and case do not matter
        ("Firefighters at the warehouse", "caption"),  # most of the element's words
        ("Firefighters", None),  # a word of a caption is not the caption
        ("Rescue crews searched the river on Monday.", None),
    ],
)
def test_a_line_takes_the_kind_of_the_element_it_is(line, expected):
    marked = _marked("<figcaption>Firefighters at the warehouse on Monday</figcaption>")
    assert markup.kind_of_line(line, marked) == expected


def test_markup_outranks_the_classifier_for_its_lines_only():
    text = "A ferry sank off the coast on Monday, the coast guard said.\n\nRescuers at last year's wreck."
    marked = (("caption", markup.normalise("Rescuers at last year's wreck")),)
    found = blocks.blocks_of(text, None, marked)
    assert [b.kind for b in found] == ["body", "caption"]


PAGE = """<html><head><title>Market bomb kills five</title></head><body><article>
<h1>Market bomb kills five</h1>
<div class="byline">By Ama Mensah</div>
<p>A bomb went off in a crowded market in the northern town on Tuesday morning, killing five people and
wounding 12 others, the regional police commander said.</p>
<figure><img src="scene.jpg"><figcaption>Rescuers at the scene of last year's bus station bombing, which
killed 40 people.</figcaption></figure>
<p>Officers arrested two men near the market and were questioning them, the commander said.</p>
</article></body></html>"""


def test_the_reader_hands_the_pages_marked_furniture_to_the_blocks():
    article = extract_article(PAGE)
    assert ("byline", "by ama mensah") in article.marked
    assert (
        "caption",
        markup.normalise("Rescuers at the scene of last year's bus station bombing, which killed 40 people"),
    ) in article.marked


def test_a_caption_the_reader_kept_is_a_caption_block_and_no_total():
    """When a caption survives extraction (it does on real pages), its figure stays out of the totals."""
    caption = "Rescuers at the scene of last year's bus station bombing, which killed 40 people."
    text = (
        "A bomb went off in a crowded market in the northern town on Tuesday morning, killing five people "
        "and wounding 12 others, the regional police commander said.\n\n" + caption + "\n\n"
        "Officers arrested two men near the market and were questioning them, the commander said."
    )
    marked = (("caption", markup.normalise(caption)),)
    found = blocks.blocks_of(text, "Market bomb kills five", marked)
    assert [b.kind for b in found] == ["body", "caption", "body"]
    context = Context(text=text, published_at=date(2024, 5, 7), blocks=found)
    found_facts = casualties.extract(parse(text), context)
    assert all(c.scope == "background" for c in found_facts if c.count == 40)
    assert casualties.totals(found_facts)["killed"] == 5
