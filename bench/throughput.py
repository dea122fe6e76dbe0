"""Pipeline throughput on the shared benchmark texts, beside the obvious baseline, in one run.

Baseline: newspaper3k parses a page holding the article, then the full spaCy pipeline (loaded
with plain ``spacy.load``) runs over every sentence separately (the obvious way). Ours: the
service's analysis of the same article as text input, as a batch of text inputs
(``analyze_many``, which parses with ``nlp.pipe``) and as HTML input; one process, no cache.
Our pipeline's memoised components learn from the texts they see: the text-input run comes
first, so it meets these texts unseen (the baseline has its own pipeline).
CPU seconds are the process's, the fairer measure on a shared machine; ``--repeat`` keeps each
pipeline's best of N interleaved runs. ``--quality`` also prints bench/quality.py's table.

    python -m bench.throughput [--limit N] [--repeat 1] [--quality]
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


def _timed(function) -> tuple[float, float]:
    """Wall and CPU seconds of ``function()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def run_baseline(docs: list[dict], nlp) -> None:
    import newspaper

    from service.analysis import article  # noqa: F401  (makes tldextract offline before newspaper runs)

    for doc in docs:
        page = newspaper.Article("", fetch_images=False)
        page.download(input_html=as_page(doc))
        page.parse()
        for sentence in SENTENCE_END.split(page.text):
            nlp(sentence)


def _request(doc: dict, *, as_html: bool):
    from service.analysis.pipeline import AnalysisRequest

    if as_html:
        return AnalysisRequest(html=as_page(doc), published_at=doc["published_at"])
    return AnalysisRequest(text=doc["text"], published_at=doc["published_at"])


def run_ours(docs: list[dict], *, as_html: bool) -> None:
    from service.analysis.pipeline import analyze

    for doc in docs:
        analyze(_request(doc, as_html=as_html))


def run_batched(docs: list[dict]) -> None:
    from service.analysis.pipeline import analyze_many

    failed = [r for r in analyze_many([_request(d, as_html=False) for d in docs]) if isinstance(r, Exception)]
    if failed:
        raise failed[0]


BASELINE = "baseline: newspaper3k + spaCy per sentence"


def measure(docs: list[dict], repeat: int) -> dict[str, tuple[float, float]]:
    """Best (wall, CPU) seconds of each pipeline over ``repeat`` interleaved runs."""
    import spacy

    from service.analysis.nlp import DEFAULT_MODEL

    stock = spacy.load(DEFAULT_MODEL)
    run_baseline(docs[:3], stock)
    run_ours(docs[:3], as_html=False)  # load the models and data once, outside the timings
    runs = {
        BASELINE: lambda: run_baseline(docs, stock),
        "newsfacts: text input": lambda: run_ours(docs, as_html=False),
        "newsfacts: text input, batched (analyze_many)": lambda: run_batched(docs),
        "newsfacts: html input": lambda: run_ours(docs, as_html=True),
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for name, function in runs.items():
            wall, cpu = _timed(function)
            old = best.get(name, (wall, cpu))
            best[name] = (min(old[0], wall), min(old[1], cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N texts only")
    parser.add_argument("--repeat", type=int, default=1, help="best of N interleaved runs")
    parser.add_argument("--quality", action="store_true", help="also score the facts, parties and dates")
    args = parser.parse_args()
    docs = load_texts(args.limit)
    words = sum(len(d["text"].split()) for d in docs)
    timings = measure(docs, args.repeat)
    base_wall, base_cpu = timings[BASELINE]
    rows = [
        [
            name,
            len(docs),
            words,
            wall,
            cpu,
            len(docs) / wall,
            len(docs) / cpu,
            words / cpu,
            base_wall / wall,
            base_cpu / cpu,
        ]
        for name, (wall, cpu) in timings.items()
    ]
    headers = [
        "pipeline",
        "docs",
        "words",
        "wall s",
        "CPU s",
        "docs/s",
        "docs/CPU s",
        "words/CPU s",
        "× baseline (wall)",
        "× baseline (CPU)",
    ]
    text = table(headers, rows)
    data = {"docs": len(docs), "words": words, "seconds": timings}
    if args.quality:
        from bench.quality import quality_table

        quality, data["quality"] = quality_table()
        text += "\n\n" + quality
    write_result("throughput", text, data)


if __name__ == "__main__":
    main()
