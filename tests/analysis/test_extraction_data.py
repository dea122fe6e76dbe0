"""extraction.json: the keys body.py and metadata.py read, with values of the right kinds."""

from __future__ import annotations

import json

from service.analysis.article import body, metadata


def test_extraction_data_has_the_expected_shape():
    data = json.loads(body.DATA.read_text("utf8"))
    assert set(data) == {"_comment", "body", "authors", "title"}
    numbers = {"support", "max_link_density", "list_item_max_link_density", "title_similarity",
               "agreement_floor", "rescue_max_support"}  # fmt: skip
    for key in numbers:
        assert 0 <= data["body"][key] <= 1, key
    for key in ("prose_min_words", "reach_back", "reach_forward", "min_chars_without_prose", "np_min_words"):
        assert isinstance(data["body"][key], int) and data["body"][key] >= 0, key
    assert isinstance(data["body"]["prose_endings"], str)
    lists = [
        data["body"]["boilerplate_phrases"],
        data["body"]["comment_markers"],
        data["title"]["separators"],
    ]
    lists += [data["authors"][key] for key in ("prefixes", "job_words", "month_words")]
    for words in lists:
        assert words and all(isinstance(w, str) and w == w.lower() and w.strip() for w in words)
        assert len(set(words)) == len(words)
    assert metadata.DATA == body.DATA
