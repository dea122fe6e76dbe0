"""The structure of an article's text: which lines are the story and which are page furniture.

Text as a CMS sends it, or as an extractor returns it, mixes the story with headlines, datelines,
bylines, photo captions and credits, agency tags, related-story and timeline lines and boilerplate.
Each line is a block; its kind is decided by a small trained classifier (``blocks_model.txt``,
LightGBM's text format, built by ``bench/train_blocks.py`` from texts written for the purpose and
evaluated by ``service.analysis.trees``, without LightGBM) over the line's
shape, position and wording (the cue words in ``block_cues.json``), not by a list per outlet.
Without the model every line is ``body``.
"""

from __future__ import annotations

import json
import math
import re
import threading
from functools import cache
from pathlib import Path

from service.analysis.article import markup
from service.analysis.model import Block
from service.analysis.trees import TreeModel

HERE = Path(__file__).parent
MODEL = HERE / "blocks_model.txt"
CUES = HERE / "block_cues.json"
KINDS = (
    "body",
    "headline",
    "standfirst",
    "dateline",
    "byline",
    "date",
    "caption",
    "credit",
    "agency",
    "related",
    "timeline",
    "boilerplate",
)
SURE = 0.9  # a line is furniture only when the classifier is this sure; real pages vary more than its data
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def _cues() -> dict[str, re.Pattern]:
    """Each cue list as one pattern that matches at a line's start; ``*_re`` keys as written."""
    data = json.loads(CUES.read_text(encoding="utf-8"))
    patterns = {}
    for name, value in data.items():
        if name.startswith("_"):
            continue
        if name.endswith("_re"):
            patterns[name] = re.compile(value)
        else:
            patterns[name] = re.compile(r"(?i)^\W*(?:" + "|".join(value) + r")(?:\b|(?=\W)|$)")
    return patterns


FEATURES = (
    "chars_log",
    "words",
    "position",
    "relative_position",
    "from_end",
    "ends_sentence",
    "capitalised_share",
    "digit_share",
    "same_as_title",
    "repeats_earlier_line",
    "has_year",
    "starts_year",
    "upper_share",
    "quote",
    "prev_is_short",
    "next_is_short",
    "sentences",
    "has_dash_opening",
    *(
        f"cue_{name}"
        for name in ("photo", "byline", "date", "related", "boilerplate", "credit", "agency", "timeline")
    ),
    "agency_anywhere",
    "dateline_re",
    "credit_tail_re",
    "slash_credit_re",
    "email_re",
    "pipe_re",
    "photo_anywhere_re",
    "byline_role_re",
)
# a line's neighbours say what it is too: a credit follows a caption, a byline sits by the headline
NEIGHBOUR_FEATURES = (
    "words",
    "ends_sentence",
    "photo_anywhere_re",
    "cue_photo",
    "slash_credit_re",
    "cue_byline",
)
FEATURES = FEATURES + tuple(f"{side}_{name}" for side in ("prev", "next") for name in NEIGHBOUR_FEATURES)


def line_spans(text: str) -> list[tuple[int, int]]:
    """The non-empty lines of ``text`` with their offsets, whitespace trimmed."""
    spans = []
    for match in _LINE.finditer(text):
        raw = match.group()
        if raw.strip():
            start = match.start() + len(raw) - len(raw.lstrip())
            spans.append((start, match.start() + len(raw.rstrip())))
    return spans


def line_features(text: str, spans: list[tuple[int, int]], title: str | None) -> list[tuple[float, ...]]:
    """One feature row per line: shape, position, neighbours and cue words."""
    cues = _cues()
    lines = [text[s:e] for s, e in spans]
    norm_title = markup.normalise(title or "")
    rows = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        words = _WORD.findall(line)
        n = max(len(words), 1)
        named = {
            "chars_log": math.log1p(len(line)),
            "words": float(len(words)),
            "position": float(min(i, 20)),
            "relative_position": i / max(len(lines) - 1, 1),
            "from_end": float(min(len(lines) - 1 - i, 20)),
            "ends_sentence": float(line.rstrip("\"'”’) ").endswith((".", "!", "?"))),
            "capitalised_share": sum(w[:1].isupper() for w in words) / n,
            "digit_share": sum(w.isdigit() for w in words) / n,
            "same_as_title": float(bool(norm_title) and markup.normalise(line) == norm_title),
            "repeats_earlier_line": float(markup.normalise(line) in seen),
            "has_year": float(bool(re.search(r"\b(?:19|20)\d\d\b", line))),
            "starts_year": float(bool(re.match(r"\W*(?:19|20)\d\d\b", line))),
            "upper_share": sum(w.isupper() and len(w) > 1 for w in words) / n,
            "quote": float(line[:1] in "\"“'‘"),
            "prev_is_short": float(i > 0 and len(lines[i - 1]) < 80),
            "next_is_short": float(i + 1 < len(lines) and len(lines[i + 1]) < 80),
            "sentences": float(len(re.findall(r"[.!?][\"'”’]?(?:\s|$)", line))),
            "has_dash_opening": float(bool(re.match(r"[^—–]{2,60}\s[—–-]{1,2}\s", line))),
            "agency_anywhere": float(bool(cues["agency_anywhere_re"].search(line))),
            "dateline_re": float(bool(cues["dateline_re"].match(line))),
            "credit_tail_re": float(bool(cues["credit_tail_re"].search(line))),
            "slash_credit_re": float(bool(cues["slash_credit_re"].search(line))),
            "email_re": float(bool(cues["email_re"].search(line))),
            "pipe_re": float(bool(cues["pipe_re"].match(line))),
            "photo_anywhere_re": float(bool(cues["photo_anywhere_re"].search(line))),
            "byline_role_re": float(bool(cues["byline_role_re"].search(line))),
        }
        for name in ("photo", "byline", "date", "related", "boilerplate", "credit", "agency", "timeline"):
            named[f"cue_{name}"] = float(bool(cues[name].search(line)))
        rows.append(named)
        seen.add(markup.normalise(line))
    for i, named in enumerate(rows):
        for side, j in (("prev", i - 1), ("next", i + 1)):
            other = rows[j] if 0 <= j < len(rows) else None
            for name in NEIGHBOUR_FEATURES:
                named[f"{side}_{name}"] = other[name] if other is not None else -1.0
    return [tuple(float(named[name]) for name in FEATURES) for named in rows]


_lock = threading.Lock()
_loaded: list = []


def _model():
    with _lock:
        if not _loaded:
            if MODEL.exists():
                _loaded.append(TreeModel(MODEL.read_text(encoding="utf-8")))
            else:
                _loaded.append(None)
        return _loaded[0]


def blocks_of(
    text: str, title: str | None = None, marked: tuple[tuple[str, str], ...] = ()
) -> tuple[Block, ...]:
    """Every non-empty line of ``text`` as a block with its kind, in order.

    ``marked`` (from an HTML page's markup, article/markup.py) outranks the classifier: a line that
    is a ``<figcaption>`` or a byline element is one, whatever its words.
    """
    spans = line_spans(text)
    if not spans:
        return ()
    booster = _model()
    if booster is None:
        kinds = ["body"] * len(spans)
    else:
        import numpy

        rows = numpy.asarray(line_features(text, spans, title), dtype=numpy.float64)
        scores = booster.predict(rows, num_threads=1)
        # unsure: the story's own line
        kinds = [KINDS[int(row.argmax())] if row.max() >= SURE else "body" for row in scores]
    if marked:
        kinds = [markup.kind_of_line(text[s:e], marked) or k for k, (s, e) in zip(kinds, spans, strict=True)]
    kinds = _video_lists(text, spans, kinds)
    kinds = _appended_story(text, spans, kinds)
    label = _cues()["related_label_re"]  # "RELATED: …", "See also: …", "Previous story | …"
    kinds = ["related" if label.match(text[s:e]) else k for k, (s, e) in zip(kinds, spans, strict=True)]
    return tuple(Block(k, s, e) for k, (s, e) in zip(kinds, spans, strict=True))


def _appended_story(text: str, spans: list[tuple[int, int]], kinds: list[str]) -> list[str]:
    """A headline line and then a new dateline below the story's opening ("1 dead, 7 wounded in
    Phoenix shooting" / "PHOENIX — One man was killed…") start another story the page appends: it
    and all below it are related matter, not this story's."""
    body = [i for i, kind in enumerate(kinds) if kind == "body"]
    if len(body) < 3:
        return kinds
    dateline = _cues()["dateline_re"]
    places = [_dateline_place(dateline, text[s:e]) for s, e in spans]
    first = next((place for place in places if place), None)
    for i in range(body[2] + 1, len(spans)):
        if not places[i] or places[i] == first:
            continue  # the story's own place again: an update of it, pasted below
        headline = text[spans[i - 1][0] : spans[i - 1][1]].strip()
        if len(headline.split()) >= 3 and len(headline) < 120 and not headline.endswith(_SENTENCE_ENDS):
            return kinds[: i - 1] + ["related"] * (len(kinds) - i + 1)
    return kinds


_SENTENCE_ENDS = (".", "!", "?", ":", '"', "”")


def _dateline_place(dateline: re.Pattern, line: str) -> str | None:
    """The place a dateline opens with ("PHOENIX" of "PHOENIX — …"), or None for another line."""
    match = dateline.match(line)
    return re.split(r"[,(—–-]", match.group(0))[0].strip() if match else None


def _video_lists(text: str, spans: list[tuple[int, int]], kinds: list[str]) -> list[str]:
    """A run of two or more lines that each open with a clip's running time ("2:14 Family of slain
    driver pleads for witnesses") is a video list of other stories, whatever the classifier said;
    a time of day ("9:12 p.m.: Police say…") is not a running time."""
    timed = [bool(_cues()["duration_re"].match(text[s:e])) for s, e in spans]
    return [
        "related"
        if timed[i] and ((i > 0 and timed[i - 1]) or (i + 1 < len(timed) and timed[i + 1]))
        else kind
        for i, kind in enumerate(kinds)
    ]
