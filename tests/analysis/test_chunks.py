"""chunks.py: a story cut into same-class containers by an advertising slot is read whole."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from service.analysis.article import extract_article
from service.analysis.article.chunks import other_chunks

PAGE = Path(__file__).resolve().parent.parent / "data" / "pages" / "split_article.html"


def paragraphs_of(tree, cls: str) -> list[str]:
    return [" ".join(p.text_content().split()) for p in tree.xpath(f"//main//div[@class='{cls}']/p")]


def test_second_chunk_is_found_and_comments_are_not():
    tree = lxml.html.fromstring(PAGE.read_text("utf8"))
    chunks = paragraphs_of(tree, "story-body")
    before, after = other_chunks(tree, chunks[:3])
    assert before == []
    assert after == chunks[3:]
    assert not any("wonderful piece of news" in p for p in after)


def test_no_twins_without_a_container_class():
    tree = lxml.html.fromstring("<html><body><div><p>One two.</p><p>Three four.</p></div></body></html>")
    assert other_chunks(tree, ["One two.", "Three four."]) == ([], [])


def test_split_page_reads_as_one_article():
    result = extract_article(PAGE.read_text("utf8"), url="https://exampleherald.com/travel/night-trains")
    assert result.text.startswith("Night trains returned to the mountain line on Friday")
    assert result.text.endswith("the trains stop at six towns along the way.")
    assert "Advertisement" not in result.text and "wonderful piece of news" not in result.text
    assert result.title == "Night trains return to the mountain line"
