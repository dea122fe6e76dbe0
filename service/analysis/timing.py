"""Named timings of the analysis steps, reported to observers that the caller registers.

The core stays free of Flask and of any metrics library: the service layer adds an
observer (``add_observer``) that records each ``(step, seconds)`` where it likes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Observer = Callable[[str, float], None]
_observers: list[Observer] = []
log = logging.getLogger(__name__)


def add_observer(observer: Observer) -> None:
    """Call ``observer(step, seconds)`` after every timed step (once, however often added)."""
    if observer not in _observers:
        _observers.append(observer)


def remove_observer(observer: Observer) -> None:
    if observer in _observers:
        _observers.remove(observer)


@contextmanager
def step(name: str) -> Iterator[None]:
    """Time the enclosed block as ``name``; failed steps are timed too (a slow failing fetch counts)."""
    if not _observers:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        for observer in list(_observers):
            try:
                observer(name, elapsed)
            except Exception:  # an observer's fault must never fail an analysis
                log.exception("timing observer failed")
