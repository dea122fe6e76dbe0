"""Fail when the repository quotes the shared benchmark texts: any run of 8 words from them.

The benchmarks measure the service on text it was not written from, so their texts stay out of
the repository (tests and benchmark stories are our own writing). Words are compared lower-cased,
punctuation dropped. Skipped, with a note, when ../shared is absent (a clone outside this workplace).

    python .ci/no_shared_text.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

RUN = 8
ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Official names of eight words or more, which any text about their holder uses.
ALLOWED = ROOT / ".ci" / "shared_text_allowed.txt"
TEXT_SUFFIXES = {".py", ".md", ".json", ".jsonl", ".txt", ".yaml", ".yml", ".toml", ".html", ".js", ""}


def runs(text: str) -> Iterator[tuple[int, int]]:
    """Each run of RUN words as a hash, with the character offset where it starts."""
    matches = list(WORD.finditer(text.lower().replace("’", "'")))
    words = [m.group() for m in matches]
    for i in range(len(words) - RUN + 1):
        run = words[i : i + RUN]
        if sum(not word.isdigit() for word in run) >= RUN // 2:  # prose, not a run of numbers
            yield hash(tuple(run)), matches[i].start()


def shared_texts(shared: Path) -> Iterator[str]:
    """The article texts of the shared benchmarks (facts, timex, extraction ground truth)."""
    for path in sorted(shared.glob("bench/**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            for key in ("title", "text"):
                if isinstance(record.get(key), str):
                    yield record[key]
    for path in sorted(shared.glob("bench/extraction/**/ground-truth.json")):
        for page in json.loads(path.read_text(encoding="utf-8")).values():
            yield page.get("articleBody") or ""


def repository_files() -> Iterator[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        path = ROOT / name
        if path.suffix in TEXT_SUFFIXES and path.is_file() and path.stat().st_size < 5_000_000:
            yield path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    if not (args.shared / "bench").is_dir():
        print(f"no_shared_text: {args.shared}/bench absent, nothing to compare")
        return 0
    known = {key for text in shared_texts(args.shared) for key, _ in runs(text)}
    known -= {key for key, _ in runs(ALLOWED.read_text(encoding="utf-8"))}
    found = 0
    for path in repository_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        last_end = -1
        for key, start in runs(text):
            if key in known and start > last_end:
                line = text.count("\n", 0, start) + 1
                print(f"{path.relative_to(ROOT)}:{line}: {text[start : start + 90]!r}")
                found += 1
                last_end = start + 60
    print(f"no_shared_text: {len(known):,} runs of {RUN} words in the shared texts; {found} found here")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
