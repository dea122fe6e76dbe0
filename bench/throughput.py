"""Pipeline throughput on the shared benchmark texts, beside the obvious baseline, in one run.

Baseline: newspaper3k parses a page holding the article, then the full spaCy pipeline runs over
every sentence separately (the obvious way). Ours: the service's analysis of the same article
as text input (and as HTML input), one process, no cache.

    python bench/throughput.py [--limit N] [--repeat 1]
"""

from __future__ import annotations

import argparse
import html
import re
import time

from bench.common import read_jsonl, shared_dir, table, write_result

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def load_texts(limit: int | None) -> list[dict]:
    """The facts benchmark texts (real and written news), with their publication dates."""
    bench = shared_dir() / "bench" / "facts"
    records = read_jsonl(bench / "dev.jsonl") + read_jsonl(bench / "dev_written.jsonl")
    docs = [
        {"text": r["text"], "published_at": r.get("published_at"), "title": r.get("title")} for r in records
    ]
    return docs[:limit] if limit else docs


def as_page(doc: dict) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in doc["text"].split("\n") if p.strip())
    title = html.escape(doc.get("title") or "")
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>"


def run_baseline(docs: list[dict]) -> float:
    import newspaper

    from service.analysis import article  # noqa: F401  (makes tldextract offline before newspaper runs)
    from service.analysis.nlp import get_nlp

    nlp = get_nlp()
    started = time.perf_counter()
    for doc in docs:
        page = newspaper.Article("", fetch_images=False)
        page.download(input_html=as_page(doc))
        page.parse()
        for sentence in SENTENCE_END.split(page.text):
            nlp(sentence)
    return time.perf_counter() - started


def run_ours(docs: list[dict], *, as_html: bool) -> float:
    from service.analysis.pipeline import AnalysisRequest, analyze

    started = time.perf_counter()
    for doc in docs:
        if as_html:
            request = AnalysisRequest(html=as_page(doc), published_at=doc["published_at"])
        else:
            request = AnalysisRequest(text=doc["text"], published_at=doc["published_at"])
        analyze(request)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N texts only")
    args = parser.parse_args()
    docs = load_texts(args.limit)
    words = sum(len(d["text"].split()) for d in docs)
    run_ours(docs[:3], as_html=False)  # load the model and data once, outside the timings
    timings = {
        "baseline: newspaper3k + spaCy per sentence": run_baseline(docs),
        "newsfacts: text input": run_ours(docs, as_html=False),
        "newsfacts: html input": run_ours(docs, as_html=True),
    }
    base = timings["baseline: newspaper3k + spaCy per sentence"]
    rows = [
        [name, len(docs), words, seconds, len(docs) / seconds, words / seconds, base / seconds]
        for name, seconds in timings.items()
    ]
    text = table(["pipeline", "docs", "words", "seconds", "docs/s", "words/s", "× baseline"], rows)
    write_result("throughput", text, {"docs": len(docs), "words": words, "seconds": timings})


if __name__ == "__main__":
    main()
