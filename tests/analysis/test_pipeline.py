"""The analysis road without Flask: requests in, Results out."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from service.analysis.pipeline import AnalysisRequest, analyze, parse_reference_date, request_key, warm_up


def test_text_is_kept_unchanged_and_offsets_index_it(article_text):
    result = analyze(AnalysisRequest(text=article_text, published_at="2025-06-02"))
    assert result.article.text == article_text
    for item in (*(result.facts.casualties or ()), *(result.facts.prisoners or ())):
        assert article_text[item.evidence.start : item.evidence.end] == item.evidence.text
    for mention in result.facts.dates or ():
        assert article_text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-19", date(2025, 3, 19)),
        ("2025-03-19T10:30:00", datetime(2025, 3, 19, 10, 30)),
        ("2025-03-19T10:30:00Z", datetime.fromisoformat("2025-03-19T10:30:00+00:00")),
        ("not a date", None),
        (None, None),
    ],
)
def test_reference_dates(value, expected):
    assert parse_reference_date(value) == expected


def test_request_key_depends_on_every_field():
    base = AnalysisRequest(text="Some text.")
    variants = [
        AnalysisRequest(text="Some text!"),
        AnalysisRequest(text="Some text.", published_at="2025-01-01"),
        AnalysisRequest(text="Some text.", title="T"),
        AnalysisRequest(text="Some text.", summary_sentences=1),
        AnalysisRequest(text="Some text.", facts=("dates",)),
    ]
    keys = {request_key(request) for request in variants}
    assert request_key(base) not in keys and len(keys) == len(variants)
    assert request_key(AnalysisRequest(text="x", facts=("dates", "parties"))) == request_key(
        AnalysisRequest(text="x", facts=("parties", "dates"))
    )


def test_warm_up_runs_a_whole_analysis_from_html():
    result = warm_up()
    assert "storm killed two people" in result.article.text
    assert result.facts.dates is not None and result.facts.casualties is not None


def test_the_pipeline_version_follows_how_the_model_is_run(monkeypatch):
    from service.analysis import nlp, pipeline

    before = pipeline.pipeline_version()
    pipeline.pipeline_version.cache_clear()
    monkeypatch.setattr(nlp, "PARSE_METHOD", nlp.PARSE_METHOD + "+changed")
    try:
        assert pipeline.pipeline_version() != before
    finally:
        pipeline.pipeline_version.cache_clear()
