"""Article-body benchmark: the service's reader beside trafilatura and newspaper3k, on every set.

Usage:
    python -m bench.extraction [--set data --set wcxb-dev] [--data DIR ...] [--bootstrap 1000]

Scores the shared sets (../shared/bench/extraction/data, 181 pages, and wcxb-dev, 790 pages;
nothing is copied) and any ``--data`` folder laid out like them, with the shared scorer's
metric, for four readers side by side:

- ``trafilatura``: ``trafilatura.extract(html)`` as published (comments included);
- ``trafilatura -comments``: ``include_comments=False``;
- ``newspaper3k``: the shared ``run_extractor.py newspaper3k``, in its own process so none of
  the service's patches apply (its speed is wall-clock; the others' is CPU time);
- ``service``: ``service.analysis.article.extract_article``.

F1, precision and recall come with bootstrap 95% intervals (pages resampled). On WCXB dev the
table also gives the mean over the 5 site folds (md5(site) % 5, as bench/extraction_model.py
splits them) and, when ``bench/results/extraction-cv.json`` exists, the paragraph model's
held-fold means from ``python -m bench.extraction_model cv``: the service's own WCXB figure is
on pages its model was trained on. Also on WCXB dev: publication dates and authors against the
set's ``publish_date`` and ``author``.

Writes ``bench/results/extraction-<set>-<reader>.json`` ({id: text}), a TSV of the pages
where the service loses most to trafilatura (``extraction-<set>-losses.tsv``) and the tables
(``extraction.md``, ``extraction.json``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULTS  # noqa: E402
from bench.extraction_cache import SETS, SHARED, load_pages  # noqa: E402
from bench.extraction_model import FOLDS, fold_of, scorer  # noqa: E402

__all__ = ["SHARED", "load_pages"]
READERS = ("trafilatura", "trafilatura -comments", "newspaper3k", "service")
AGENCIES = ("associated press", "reuters", "afp", "staff", "press", "news", "agency", "desk", "team")


def run_trafilatura(pages, comments: bool) -> tuple[dict[str, str], float]:
    import trafilatura

    out, cpu = {}, 0.0
    for item_id, _, html in pages:
        start = time.process_time()
        out[item_id] = trafilatura.extract(html, include_comments=comments) or ""
        cpu += time.process_time() - start
    return out, len(pages) / cpu


def run_newspaper(data: Path, out: Path) -> tuple[dict[str, str], float]:
    cmd = [sys.executable, str(SHARED / "run_extractor.py"), "newspaper3k", "--data", str(data)]
    printed = subprocess.run([*cmd, "--out", str(out)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.read_text("utf8")), float(re.search(r"= ([\d.]+) docs/s", printed).group(1))


def run_service(pages) -> tuple[dict[str, str], dict[str, dict], float]:
    from service.analysis.article import extract_article

    extract_article("<html><body><p>warm up</p></body></html>", url="http://example.com/")
    texts, metas, cpu = {}, {}, 0.0
    for item_id, url, html in pages:
        start = time.process_time()
        article = extract_article(html, url=url)
        cpu += time.process_time() - start
        texts[item_id] = article.text
        metas[item_id] = {
            "date": article.published_at,
            "authors": list(article.authors),
            "body": (article.extraction or {}).get("body"),
        }
    return texts, metas, len(pages) / cpu


def page_rows(gold: dict, texts: dict[str, str], ids: list[str]) -> list[tuple]:
    sc = scorer()
    return [sc.page_scores(gold[k]["articleBody"], texts.get(k, "")) for k in ids]


def with_interval(rows: list[tuple], resamples: int, seed: int = 0) -> dict:
    """The shared scorer's macro figures, each with a percentile bootstrap 95% interval."""
    sc = scorer()
    found = sc.aggregate(rows)
    rng = random.Random(seed)
    samples = [sc.aggregate([rows[rng.randrange(len(rows))] for _ in rows]) for _ in range(resamples)]
    for key in ("f1", "precision", "recall"):
        values = sorted(s[key] for s in samples)
        if values:
            found[key + "_ci"] = (values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1])
    return found


def fold_means(gold: dict, rows: list[tuple], ids: list[str]) -> dict:
    sc = scorer()
    folds = [fold_of(gold[k].get("url", "")) for k in ids]
    per = [sc.aggregate([r for r, f in zip(rows, folds, strict=True) if f == i]) for i in range(FOLDS)]
    return {key: sum(p[key] for p in per) / FOLDS for key in ("f1", "precision", "recall")}


def losses(gold: dict, ids, service_rows, baseline_rows, path: Path) -> int:
    """Pages where the service's page F1 is below trafilatura's, worst first, as a TSV."""
    sc = scorer()
    found = []
    for k, ours, theirs in zip(ids, service_rows, baseline_rows, strict=True):
        gap = sc.page_f1(theirs[0], theirs[1]) - sc.page_f1(ours[0], ours[1])
        if gap > 0.01:
            found.append((gap, k, ours, theirs))
    found.sort(reverse=True)

    def fmt(x):
        return "" if x is None else f"{x:.3f}"

    with path.open("w", encoding="utf8") as f:
        f.write("id\turl\tf1_gap\tservice_p\tservice_r\ttrafilatura_p\ttrafilatura_r\n")
        for gap, k, ours, theirs in found:
            f.write(
                f"{k}\t{gold[k].get('url', '')}\t{gap:.3f}\t{fmt(ours[0])}\t{fmt(ours[1])}\t"
                f"{fmt(theirs[0])}\t{fmt(theirs[1])}\n"
            )
    return len(found)


def metadata_scores(gold: dict, metas: dict[str, dict]) -> dict:
    """Dates right on pages that state one; authors exact, overlapping, or with junk names."""
    dated = [k for k in gold if gold[k].get("publish_date")]
    right = sum(1 for k in dated if (metas[k]["date"] or "")[:10] == gold[k]["publish_date"][:10])
    missing = sum(1 for k in dated if not metas[k]["date"])
    authored = [k for k in gold if gold[k].get("author")]
    exact = overlap = junk = flagged = 0
    for k in authored:
        want = {_name(n) for n in re.split(r",| and | & |;", gold[k]["author"]) if _name(n)}
        got = [_name(n) for n in metas[k]["authors"] if _name(n)]
        exact += set(got) == want
        overlap += bool(set(got) & want)
        junk += any(n not in want for n in got)
        flagged += any(n.startswith("by ") or n in AGENCIES for n in got)
    unstated = [k for k in gold if not gold[k].get("author")]
    return {
        "pages_with_date": len(dated),
        "date_right": right / len(dated),
        "date_missing": missing / len(dated),
        "pages_with_author": len(authored),
        "authors_exact": exact / len(authored),
        "authors_overlap": overlap / len(authored),
        "authors_with_junk": junk / len(authored),
        "authors_by_or_agency": flagged / len(authored),
        "authors_on_pages_without": sum(1 for k in unstated if metas[k]["authors"]) / max(1, len(unstated)),
    }


def _name(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").split())


def bench_set(data: Path, resamples: int) -> dict:
    gold = json.loads((data / "ground-truth.json").read_text("utf8"))
    ids = sorted(gold)
    pages = load_pages(data)
    name = data.name
    texts, speed = {}, {}
    texts["trafilatura"], speed["trafilatura"] = run_trafilatura(pages, comments=True)
    texts["trafilatura -comments"], speed["trafilatura -comments"] = run_trafilatura(pages, comments=False)
    np_out = RESULTS / f"extraction-{name}-newspaper3k.json"
    texts["newspaper3k"], speed["newspaper3k"] = run_newspaper(data, np_out)
    texts["service"], metas, speed["service"] = run_service(pages)
    result = {"set": name, "pages": len(ids), "readers": {}}
    rows = {}
    for reader in READERS:
        out = RESULTS / f"extraction-{name}-{reader.replace(' ', '')}.json"
        out.write_text(json.dumps(texts[reader], ensure_ascii=False, indent=1), "utf8")
        rows[reader] = page_rows(gold, texts[reader], ids)
        result["readers"][reader] = with_interval(rows[reader], resamples) | {"pages_per_s": speed[reader]}
        if name == "wcxb-dev":
            result["readers"][reader]["fold_mean"] = fold_means(gold, rows[reader], ids)
    result["losses"] = losses(
        gold, ids, rows["service"], rows["trafilatura -comments"], RESULTS / f"extraction-{name}-losses.tsv"
    )
    result["speed_ratio"] = speed["service"] / speed["trafilatura -comments"]
    result["bodies"] = _count(m["body"] for m in metas.values())
    if any(gold[k].get("publish_date") or gold[k].get("author") for k in ids):
        result["metadata"] = metadata_scores(gold, metas)
    cv = RESULTS / "extraction-cv.json"
    if name == "wcxb-dev" and cv.exists():
        folds = [f for f in json.loads(cv.read_text("utf8")) if f.get("set", name) == name]
        result["held_folds"] = {
            reader: {
                key: sum(f[reader][key] for f in folds) / len(folds) for key in ("f1", "precision", "recall")
            }
            for reader in folds[0]
            if isinstance(folds[0][reader], dict) and "f1" in folds[0][reader]
        }
    return result


def _count(values) -> dict:
    out: dict = {}
    for v in values:
        out[str(v)] = out.get(str(v), 0) + 1
    return out


def render(result: dict) -> str:
    def cell(m, key):
        lo, hi = m.get(key + "_ci", (m[key], m[key]))
        return f"{m[key]:.3f} [{lo:.3f}, {hi:.3f}]"

    lines = [f"### {result['set']} ({result['pages']} pages)", ""]
    head = "| reader | F1 [95% CI] | precision | recall | CPU pages/s |"
    folds = "fold_mean" in result["readers"]["service"]
    if folds:
        head += " mean of site folds F1 / P / R |"
    lines += [head, "|---" * (head.count("|") - 1) + "|"]
    for reader, m in result["readers"].items():
        speed = f"{m['pages_per_s']:.1f}" + (" (wall)" if reader == "newspaper3k" else "")
        line = f"| {reader} | {cell(m, 'f1')} | {cell(m, 'precision')} | {cell(m, 'recall')} | {speed} |"
        if folds:
            f = m["fold_mean"]
            line += f" {f['f1']:.3f} / {f['precision']:.3f} / {f['recall']:.3f} |"
        lines.append(line)
    lines.append("")
    lines.append(
        f"service / trafilatura -comments CPU speed: {result['speed_ratio']:.2f}; "
        f"pages the service loses to trafilatura -comments (page F1 gap > 0.01): {result['losses']}; "
        f"bodies from: {result['bodies']}"
    )
    if "held_folds" in result:
        lines += [
            "",
            "Held-fold means (bench/extraction_model.py cv; each fold scored by choices made on the others):",
        ]
        for reader, m in result["held_folds"].items():
            lines.append(
                f"- {reader}: F1 {m['f1']:.3f}, precision {m['precision']:.3f}, recall {m['recall']:.3f}"
            )
    if "metadata" in result:
        m = result["metadata"]
        lines += [
            "",
            f"Dates: right on {m['date_right']:.1%} of the {m['pages_with_date']} pages that state one "
            f"(none found on {m['date_missing']:.1%}). Authors on the {m['pages_with_author']} pages that "
            f"name one: exact {m['authors_exact']:.1%}, at least one right {m['authors_overlap']:.1%}, "
            f"a name not in the set's {m['authors_with_junk']:.1%}, a 'By' or agency name "
            f"{m['authors_by_or_agency']:.1%}; names given on {m['authors_on_pages_without']:.1%} of pages "
            "that name none.",
        ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", choices=SETS, help="shared sets (default: both)")
    ap.add_argument("--data", type=Path, action="append", default=[], help="another folder like data/")
    ap.add_argument("--bootstrap", type=int, default=1000, help="resamples for the 95%% intervals")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    results, text = [], []
    for data in [SHARED / name for name in (args.set or SETS)] + args.data:
        results.append(bench_set(data, args.bootstrap))
        text.append(render(results[-1]))
        print(text[-1] + "\n", flush=True)
    (RESULTS / "extraction.md").write_text("\n\n".join(text) + "\n", "utf8")
    (RESULTS / "extraction.json").write_text(json.dumps(results, indent=1), "utf8")


if __name__ == "__main__":
    main()
