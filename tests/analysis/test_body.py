"""body.py: the merge of trafilatura's blocks and newspaper3k's text, on paragraphs we wrote."""

from __future__ import annotations

from service.analysis.article.body import Block, blocks_from_xml, choose_body

P1 = "The harbour bridge reopened to traffic on Monday after eight months of repairs, the council said."
P2 = "Engineers replaced the worn steel cables and resurfaced the whole deck, which a storm had damaged."
P3 = "Commuters said they were glad to have the shorter crossing back, although some complained about tolls."
P4 = "The council said it would publish a full account of the costs before the end of the year, as promised."
HEADLINE = "Harbour bridge reopens after repairs"
STANDFIRST = "The crossing is open again, two weeks late."


def paragraphs(body) -> list[str]:
    return body.text.split("\n\n")


def test_agreed_text_without_headline_and_link_list():
    blocks = [
        Block(HEADLINE, "head"),
        *(Block(p) for p in (P1, P2, P3)),
        Block("Budget: what it means for roads", "item", 1.0),
        Block("Sign up for our newsletter", "p"),
    ]
    body = choose_body(blocks, "\n\n".join([P1, P2, P3]), title=HEADLINE)
    assert paragraphs(body) == [P1, P2, P3]
    assert body.confidence > 0.5


def test_trafilatura_prose_beyond_a_shorter_newspaper_text_is_kept():
    body = choose_body([Block(P1), Block(P2), Block(P3), Block(P4)], "\n\n".join([P1, P2]))
    assert paragraphs(body) == [P1, P2, P3, P4]


def test_short_standfirst_before_the_agreed_text_is_left_out():
    body = choose_body([Block(STANDFIRST), Block(P1), Block(P2)], "\n\n".join([P1, P2]))
    assert paragraphs(body) == [P1, P2]


def test_newspaper_paragraph_missing_between_agreed_ones_is_put_back():
    body = choose_body([Block(P1), Block(P3), Block(P4)], "\n\n".join([P1, P2, P3, P4]))
    assert paragraphs(body) == [P1, P2, P3, P4]
    assert body.source == "ensemble"


def test_newspaper_alone_when_trafilatura_finds_nothing():
    body = choose_body([], "\n\n".join([P1, P2]))
    assert (paragraphs(body), body.source) == ([P1, P2], "newspaper3k")


def test_no_agreement_prefers_trafilatura_prose():
    teasers = "Top deals in town today\n\nBest vegan spots ranked"
    body = choose_body([Block(P1), Block(P2)], teasers)
    assert (paragraphs(body), body.source) == ([P1, P2], "trafilatura")


def test_blocks_from_xml_splits_line_breaks_and_measures_links():
    import lxml.etree

    xml = lxml.etree.fromstring(
        "<body><p>First line<lb/>second <ref target='x'>line</ref></p>"
        "<list><item><ref>All links</ref></item></list></body>"
    )
    blocks = blocks_from_xml(xml)
    assert [b.text for b in blocks] == ["First line", "second line", "All links"]
    assert blocks[2].kind == "item" and blocks[2].link_density == 1.0
    assert 0 < blocks[0].link_density < 0.5


def test_a_menu_alone_is_no_article():
    body = choose_body([Block("Home")], "")
    assert body.text == ""
