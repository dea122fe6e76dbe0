"""The silver articles analysed as the service analyses text input, cached under bench/results/.

    python -m bench.events_data        # analyse what is not cached yet (about 5 minutes the first time)

Each line of the cache is one silver record's id, group, fold and response body (the JSON the
service returns, without ``meta``): what the event linking reads in production.
"""

from __future__ import annotations

import hashlib
import json
import sys

from bench.common import RESULTS, shared_bench
from bench.facts import load
from bench.train_casualty_totals import FOLDS, UNOPENED, fold_of  # the casualty model's split, by incident

__all__ = ["FOLDS", "UNOPENED", "analysed_silver", "fold_of"]


def analysed_silver(batch: int = 64) -> list[dict]:
    """Every silver record with ``fold`` and ``body`` (the service's response, parsed JSON)."""
    from service.analysis.pipeline import AnalysisRequest, analyze_many, pipeline_version
    from service.serving.results import dump_result

    path = shared_bench("facts") / "silver_gva_dev.jsonl"
    records = load(path)
    key = hashlib.sha256(path.read_bytes() + pipeline_version().encode()).hexdigest()[:12]
    cache = RESULTS / f"events-silver-{key}.jsonl"
    done = {}
    if cache.exists():
        done = {row["id"]: row for row in map(json.loads, cache.read_text(encoding="utf-8").splitlines())}
    todo = [r for r in records if r["id"] not in done]
    RESULTS.mkdir(parents=True, exist_ok=True)
    with cache.open("a", encoding="utf-8") as out:
        for at in range(0, len(todo), batch):
            chunk = todo[at : at + batch]
            requests = [
                AnalysisRequest(text=r["text"], title=r["title"], published_at=r["published_at"])
                for r in chunk
            ]
            for record, result in zip(chunk, analyze_many(requests), strict=True):
                body = json.loads(dump_result(result)) if not isinstance(result, Exception) else None
                row = {"id": record["id"], "group": record["group"], "gold": record["gold"], "body": body}
                done[record["id"]] = row
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(f"analysed {min(at + batch, len(todo))}/{len(todo)}", file=sys.stderr)
    rows = [done[r["id"]] for r in records]
    for row in rows:
        row["fold"] = fold_of(row["group"])
    return rows


if __name__ == "__main__":
    rows = analysed_silver()
    print(f"{len(rows)} silver articles analysed; {sum(r['body'] is None for r in rows)} failed")
