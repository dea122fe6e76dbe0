"""A learned keep-or-drop decision for each of trafilatura's paragraphs.

Each paragraph is described by what the two readers and the page say about it: how much of it
newspaper3k also kept (and its neighbours), its kind and share of link text, its length and
position, whether it reads as prose, where it sits against the span both readers agree on, and
how much the two readers agree overall. A small gradient-boosted tree model
(``paragraph_model.json``, built by ``bench/extraction_model.py`` with fixed seeds on the WCXB
dev pages, cross-validated by site) turns that into a probability; the paragraph is kept above
the model's threshold. The trees are evaluated here in plain Python: no learning library at run
time.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from service.analysis.article.body import (
    Block,
    Body,
    _agreement,
    _boilerplate,
    _shingles,
    is_prose,
    joined_shingles,
    learned_body,
    settings,
)

MODEL = Path(__file__).resolve().parent / "paragraph_model.json"
KINDS = ("p", "head", "item", "quote", "cell")
_ENDINGS = ".!?\"'”’»)…:"
_DIGIT = re.compile(r"\d")
_KIND_FLAGS = {k: tuple(1.0 if k == other else 0.0 for other in KINDS) for k in KINDS}
_NO_KIND = (0.0,) * len(KINDS)

FEATURES = (
    "support",
    "support_prev",
    "support_next",
    "support_window",
    *(f"kind_{k}" for k in KINDS),
    "link_density",
    "log_words",
    "ends_sentence",
    "prose",
    "prose_window",
    "boilerplate",
    "position",
    "words_before",
    "words_after",
    "before_span",
    "after_span",
    "inside_span",
    "title_similarity",
    "page_agreement",
    "page_agreed_share",
    "page_log_blocks",
    "page_np_ratio",
    "words_vs_page_mean",
    "digit_share",
    "upper_start",
    "repeats",
    "link_density_window",
    "log_words_window",
    "kind_p_window",
)


def features(blocks: list[Block], np_text: str, title: str | None = None) -> list[list[float]]:
    """One row of FEATURES per block of trafilatura's output."""
    np_paras = [" ".join(p.split()) for p in np_text.split("\n") if p.strip()]
    np_shingles = joined_shingles(np_paras)
    n = len(blocks)
    if not n:
        return []
    support = [_share(_shingles(b.text), np_shingles) for b in blocks]
    agreed = [i for i, s in enumerate(support) if s >= settings()["support"]]
    first, last = (agreed[0], agreed[-1]) if agreed else (n, -1)
    words = [len(b.text.split()) for b in blocks]
    total = sum(words) or 1
    prose = [is_prose(b) for b in blocks]
    title_shingles = _shingles(title) if title else frozenset()
    np_words = sum(len(p.split()) for p in np_paras)
    page = [
        _agreement(blocks, np_shingles) if np_shingles else 0.0,
        len(agreed) / n,
        math.log1p(n),
        math.log1p(np_words) - math.log1p(total),
    ]
    mean_words = total / n
    keys = [_repeat_key(b.text) for b in blocks]
    seen: dict[str, int] = {}
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
    # Per-block values read by the windows, summed over list slices: the same additions in the
    # same order as a generator over the window, without its overhead.
    link_densities = [b.link_density for b in blocks]
    log_words = [math.log1p(w) for w in words]
    is_p = [b.kind == "p" for b in blocks]
    rows = []
    before = 0
    for i, b in enumerate(blocks):
        lo, hi = max(0, i - 2), min(n, i + 3)
        size = hi - lo
        text = b.text
        rows.append(
            [
                support[i],
                support[i - 1] if i else -1.0,
                support[i + 1] if i + 1 < n else -1.0,
                sum(support[lo:hi]) / size,
                *_KIND_FLAGS.get(b.kind, _NO_KIND),
                b.link_density,
                log_words[i],
                1.0 if text.rstrip()[-1:] in _ENDINGS else 0.0,
                1.0 if prose[i] else 0.0,
                sum(prose[lo:hi]) / size,
                1.0 if _boilerplate(b) else 0.0,
                i / n,
                before / total,
                (total - before - words[i]) / total,
                (first - i) / n if i < first else 0.0,
                (i - last) / n if i > last else 0.0,
                1.0 if first <= i <= last else 0.0,
                _share(_shingles(text), title_shingles) if title_shingles else 0.0,
                *page,
                words[i] / mean_words,
                len(_DIGIT.findall(text)) / max(1, len(text)),
                1.0 if text[:1].isupper() else 0.0,
                math.log(seen[keys[i]]),
                sum(link_densities[lo:hi]) / size,
                sum(log_words[lo:hi]) / size,
                sum(is_p[lo:hi]) / size,
            ]
        )
        before += words[i]
    return rows


@lru_cache(maxsize=1)
def model() -> dict:
    trained = json.loads(MODEL.read_text("utf8"))
    trained["score"] = _compile(trained["trees"])
    return trained


def probabilities(rows: list[list[float]], trained: dict | None = None) -> list[float]:
    """The model's probability that each row's paragraph is article text."""
    trained = trained or model()
    score = trained.get("score") or _compile(trained["trees"])
    return [_sigmoid(score(row)) for row in rows]


def _compile(trees: list[dict]):
    """The trees as one Python function of a feature row (nested ifs): ten times faster than
    walking the JSON. The source is generated from the model file's numbers only."""
    lines = ["def score(row):", "    total = 0.0"]
    used: set[int] = set()

    def emit(node: dict, depth: int) -> None:
        pad = "    " * depth
        if "leaf_value" in node:
            lines.append(f"{pad}total += {float(node['leaf_value'])!r}")
            return
        used.add(int(node["split_feature"]))
        lines.append(f"{pad}if f{int(node['split_feature'])} <= {float(node['threshold'])!r}:")
        emit(node["left_child"], depth + 1)
        lines.append(f"{pad}else:")
        emit(node["right_child"], depth + 1)

    for tree in trees:
        emit(tree, 1)
    lines.append("    return total")
    # each feature the trees read, taken from the row once into a local (not at every split)
    lines[1:1] = [f"    f{i} = row[{i}]" for i in sorted(used)]
    namespace: dict = {}
    exec(compile("\n".join(lines), str(MODEL), "exec"), namespace)  # noqa: S102
    return namespace["score"]


def choose_body(blocks: list[Block], np_text: str, *, title: str | None = None) -> Body:
    """The article body: trafilatura's blocks the model keeps, merged with newspaper3k's text."""
    trained = model()
    probs = probabilities(features(blocks, np_text, title), trained)
    return learned_body(blocks, np_text, probs, trained["threshold"], trained["np_ratio"], title=title)


def leaf(node: dict, row: list[float]) -> float:
    """Walk one tree of LightGBM's dump (numerical ``<=`` splits only) to its leaf value."""
    while "leaf_value" not in node:
        value = row[node["split_feature"]]
        node = node["left_child"] if value <= node["threshold"] else node["right_child"]
    return node["leaf_value"]


def _repeat_key(text: str) -> str:
    """A block's first words, lower-cased, without figures: repeated boxes differ only in those.

    Words are read until twelve without a digit are found (the rest of a long block is not needed)."""
    kept = []
    for word in text.lower().split():
        if not _DIGIT.search(word):
            kept.append(word)
            if len(kept) == 12:
                break
    return " ".join(kept)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _share(part: frozenset, whole: frozenset) -> float:
    return len(part & whole) / len(part) if part else 0.0
