"""The threads of a process parse one batch at a time (memory: parsing holds ~15 KB a token)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from service.analysis import nlp


@pytest.fixture
def busy_parser(monkeypatch):
    """The parser replaced by one that records how many threads are inside it at once."""
    state = {"inside": 0, "most": 0}
    lock = threading.Lock()

    class Recording:
        def pipe(self, texts):
            with lock:
                state["inside"] += 1
                state["most"] = max(state["most"], state["inside"])
            time.sleep(0.02)
            with lock:
                state["inside"] -= 1
            return list(texts)

    monkeypatch.setattr(nlp, "_paragraph_parser", lambda model: Recording())
    yield state
    nlp.set_parse_concurrency(1)


@pytest.mark.parametrize("slots", [1, 2])
def test_no_more_batches_are_parsed_at_once_than_the_slots(busy_parser, slots):
    nlp.set_parse_concurrency(slots)
    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(lambda i: nlp.parse_many([f"text {i}"]), range(12))) == [
            [f"text {i}"] for i in range(12)
        ]
    assert busy_parser["most"] == slots


def test_the_app_takes_its_slots_from_the_settings(monkeypatch):
    from service import create_app

    seen = []
    monkeypatch.setattr(nlp, "set_parse_concurrency", seen.append)
    create_app({"parse_concurrency": 3})
    assert seen == [3]
