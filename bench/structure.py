"""Story structure on page-shaped texts: blocks, totals, parties and summaries with page furniture.

    python -m bench.structure [--data bench/data/structure_dev.jsonl] [--shared]

Runs the whole analysis (text input, with title and publication date) over texts written in our own
words in the shape of real pages (bench/data/README.md) and prints:
- block kinds: precision, recall and F1 per kind against the gold blocks (the classifier was trained
  on these texts: bench/train_blocks.py prints the held-fold figures);
- the shared facts scorer's table for the texts' gold (casualties, prisoners, parties);
- totals whose every statement lies in a caption, credit or timeline line, and parties named only in
  credits or bylines (both should be 0);
- summaries: how many hold a furniture line or a repeated sentence, and ROUGE (rouge-score) against
  the reference summaries, beside Lead-3 (the first three sentences of the text, of the service's
  body lines and of the gold body lines);
- with ``--shared``, the summaries of the shared facts texts (dev, dev_written, silver): how many hold a
  caption-like sentence or a repeated one.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from bench.common import ROOT, read_jsonl, table, write_result
from bench.quality import _shared_scorer

DATA = ROOT / "bench" / "data" / "structure_dev.jsonl"
CAPTION_LIKE = {"caption", "credit", "timeline", "related"}
CREDIT_LIKE = {"credit", "byline", "agency"}


LEADS = {  # Lead-3: the first three sentences of...
    "text": "Lead-3 (the text as sent)",
    "service": "Lead-3 (the service's body lines)",
    "gold": "Lead-3 (the gold body lines: perfect structure)",
}


def _body(text: str, kinds: list[tuple[str, int, int]]) -> str:
    return " ".join(text[start:end] for kind, start, end in kinds if kind == "body")


def _kind_at(blocks, offset: int) -> str | None:
    return next((b["kind"] for b in blocks if b["start"] <= offset < b["end"]), None)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def main() -> None:
    from rouge_score import rouge_scorer

    from service.analysis.pipeline import AnalysisRequest, analyze
    from service.serving.results import with_meta  # noqa: F401  (the response shape, as served)

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--shared", action="store_true", help="also check the summaries of the shared facts texts"
    )
    args = parser.parse_args()
    records = read_jsonl(args.data)
    pairs, caption_totals, credit_parties, bad_summaries, repeated = [], 0, 0, 0, 0
    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    ours = {"rouge1": [], "rouge2": [], "rougeL": []}
    leads = {name: {"rouge1": [], "rouge2": [], "rougeL": []} for name in LEADS}
    predictions = {}
    for record in records:
        result = analyze(
            AnalysisRequest(
                text=record["text"], title=record.get("title"), published_at=record.get("published_at")
            )
        )
        gold_blocks = record["blocks"]
        found = {(b.start, b.end): b.kind for b in result.article.blocks}
        pairs += [(b["kind"], found.get((b["start"], b["end"]), "body")) for b in gold_blocks]
        facts = result.facts
        for kind, total in (facts.totals or {}).items():
            items = [c for c in facts.casualties if c.kind == kind and c.count == total]
            if (
                total
                and items
                and all(_kind_at(gold_blocks, c.evidence.start) in CAPTION_LIKE for c in items)
            ):
                caption_totals += 1
        for party in facts.parties or ():
            forms = [party.name, *party.aliases]
            spots = [m.start() for f in forms for m in re.finditer(re.escape(f), record["text"])]
            if spots and all(_kind_at(gold_blocks, s) in CREDIT_LIKE for s in spots):
                credit_parties += 1
        summary = list(result.summary)
        furniture = [b for b in gold_blocks if b["kind"] not in ("body", "standfirst", "dateline")]
        if any(record["text"][b["start"] : b["end"]].find(s[:40]) >= 0 for s in summary for b in furniture):
            bad_summaries += 1
        repeated += len(summary) != len(set(summary))
        reference = " ".join(record["summary"])
        for key, value in rouge.score(reference, " ".join(summary)).items():
            ours[key].append(value.fmeasure)
        bodies = {
            "text": record["text"].replace("\n", " "),
            "service": _body(record["text"], [(b.kind, b.start, b.end) for b in result.article.blocks]),
            "gold": _body(record["text"], [(b["kind"], b["start"], b["end"]) for b in gold_blocks]),
        }
        for name, body in bodies.items():
            for key, value in rouge.score(reference, " ".join(_sentences(body)[:3])).items():
                leads[name][key].append(value.fmeasure)
        predictions[record["id"]] = json.loads(json.dumps({"facts": _facts_json(facts)}))
    score = _shared_scorer()
    golds, _ = score.load_gold([str(args.data)])
    for gold, record in zip(golds, records, strict=True):
        gold["gold"]["parties"] = record.get("parties")
    result = score.score(golds, predictions)
    fields = result["fields"]
    kinds = sorted({k for k, _ in pairs})
    block_rows = []
    for kind in kinds:
        tp = sum(g == kind and p == kind for g, p in pairs)
        fp = sum(g != kind and p == kind for g, p in pairs)
        fn = sum(g == kind and p != kind for g, p in pairs)
        prec, rec = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        block_rows.append(
            [
                kind,
                tp + fn,
                f"{prec:.3f}",
                f"{rec:.3f}",
                f"{2 * prec * rec / (prec + rec) if prec + rec else 0:.3f}",
            ]
        )
    fact_rows = [[name, f"{fields[name].prf()[2]:.3f}"] for name in ("killed", "injured", "missing")]
    prisoners = score.Tally()
    for name, tally in fields.items():
        if name.startswith("prisoners."):
            prisoners.merge(tally)
    fact_rows.append(["prisoners (micro)", f"{prisoners.prf()[2]:.3f}"])
    fact_rows.append(["parties", f"{score.parties_prf(result['parties'])[2]:.3f}"])
    mean = {k: sum(v) / len(v) for k, v in ours.items()}
    text = (
        f"{len(records)} texts ({args.data.name})\n\nBlocks (the classifier was trained on these texts):\n\n"
    )
    text += table(["kind", "lines", "precision", "recall", "F1"], block_rows)
    text += "\n\nFacts (shared scorer, F1):\n\n" + table(["field", "F1"], fact_rows)
    text += f"\n\ntotals drawn only from a caption, credit, related or timeline line: {caption_totals}"
    text += f"\nparties named only in credits, bylines or agency tags: {credit_parties}"
    text += f"\nsummaries holding a furniture line: {bad_summaries}; with a repeated sentence: {repeated}\n\n"
    keys = ("rouge1", "rouge2", "rougeL")
    summary_rows = [["newsfacts"] + [f"{mean[k]:.3f}" for k in keys]]
    for name, label in LEADS.items():
        summary_rows.append([label] + [f"{sum(leads[name][k]) / len(leads[name][k]):.3f}" for k in keys])
    text += table(["summary", "ROUGE-1", "ROUGE-2", "ROUGE-L"], summary_rows)
    if args.shared:
        text += "\n\nSummaries of the shared facts texts (no gold blocks: caption-like = a photo label or "
        text += "credit inside a summary sentence):\n\n" + table(
            ["set", "texts", "caption-like", "repeated sentence"], shared_summary_rows()
        )
    write_result("structure", text, {"blocks": block_rows, "facts": fact_rows})


CAPTION_LIKE_SENTENCE = re.compile(
    r"(?i)(\(?\b(?:AP|AFP|Reuters|Getty|EPA)\b ?Photo|Photo ?(?:credit)?:|View Full Caption|\bFILE PHOTO\b"
    r"|\(Photo\b|Image:|Photograph:|Image \d+ of \d+)"
)


def shared_summary_rows() -> list[list]:
    """Per shared facts set: summaries holding something caption-like, and with a repeated sentence."""
    from bench import facts as shared_facts
    from service.analysis.facts import extract_facts
    from service.analysis.nlp import parse_many
    from service.analysis.summary import summarize

    rows = []
    for name in ("dev.jsonl", "dev_written.jsonl", "silver_gva_dev.jsonl"):
        records = shared_facts.load(shared_facts.BENCH / name)
        caption_like = repeated = 0
        for record, doc in zip(records, parse_many([r["text"] for r in records]), strict=True):
            context = shared_facts.context_of(record)
            summary = summarize(doc, extract_facts(doc, context), sentences=3, blocks=context.blocks)
            keys = [" ".join(s.lower().split()) for s in summary]
            repeated += len(keys) != len(set(keys))
            caption_like += any(CAPTION_LIKE_SENTENCE.search(s) for s in summary)
        rows.append([name, len(records), caption_like, repeated])
    return rows


def _facts_json(facts) -> dict:
    import dataclasses

    return {k: v for k, v in dataclasses.asdict(facts).items() if v is not None}


if __name__ == "__main__":
    main()
