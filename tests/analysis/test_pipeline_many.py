"""analyze_many: the same Results as analyze, one item per request, failures kept in place."""

from __future__ import annotations

from service.analysis.pipeline import AnalysisRequest, EmptyArticle, analyze, analyze_many

# Written for this test.
STORIES = [
    "On Tuesday, a storm killed two people and injured five others in the capital, officials said.",
    "KYIV, Ukraine (AP) — Russia and Ukraine exchanged 150 prisoners of war each on Friday.",
    "Rebels freed 12 hostages a week later, the ministry said on 3 March 2025.",
]


def test_batched_results_equal_single_results(article_text):
    requests = [AnalysisRequest(text=text, published_at="2025-03-19") for text in [*STORIES, article_text]]
    requests.append(AnalysisRequest(text=STORIES[0], facts=("casualties",), summary_sentences=1))
    assert analyze_many(requests, batch_size=2) == [analyze(request) for request in requests]


def test_a_failing_item_is_reported_in_place_and_the_others_still_run():
    requests = [
        AnalysisRequest(text=STORIES[0]),
        AnalysisRequest(text="   \n "),
        AnalysisRequest(html="<html><body></body></html>"),
        AnalysisRequest(text=STORIES[1]),
    ]
    results = analyze_many(requests)
    assert [type(r).__name__ for r in results] == ["Result", "EmptyArticle", "EmptyArticle", "Result"]
    assert isinstance(results[1], EmptyArticle)
    assert results[3] == analyze(requests[3])


def test_no_requests_no_results():
    assert analyze_many([]) == []


def test_articles_are_read_through_the_given_map_in_order():
    from concurrent.futures import ThreadPoolExecutor

    requests = [AnalysisRequest(text=text) for text in STORIES]
    seen = []

    def recording_map(function, items):
        items = list(items)
        seen.append(len(items))
        with ThreadPoolExecutor(max_workers=3) as pool:
            return list(pool.map(function, items))

    results = analyze_many(requests, read_map=recording_map)
    assert seen == [3]
    assert [r.article.text for r in results] == STORIES
