"""The core's timing hook: observers see each step, failures included, and can never break a step."""

from __future__ import annotations

import pytest

from service.analysis import timing


@pytest.fixture
def seen():
    steps: list[tuple[str, float]] = []

    def observer(name, seconds):
        steps.append((name, seconds))

    timing.add_observer(observer)
    yield steps
    timing.remove_observer(observer)


def test_each_step_is_reported_once_with_its_duration(seen):
    with timing.step("parse"):
        pass
    with timing.step("summary"):
        pass
    assert [name for name, _ in seen] == ["parse", "summary"]
    assert all(seconds >= 0 for _, seconds in seen)


def test_a_failing_step_is_timed_and_its_error_kept(seen):
    with pytest.raises(ZeroDivisionError), timing.step("fetch"):
        _ = 1 / 0
    assert [name for name, _ in seen] == ["fetch"]


def test_a_failing_observer_does_not_fail_the_step(seen):
    def broken(name, seconds):
        raise RuntimeError("observer bug")

    timing.add_observer(broken)
    try:
        with timing.step("nlp"):
            result = 42
    finally:
        timing.remove_observer(broken)
    assert result == 42 and [name for name, _ in seen] == ["nlp"]


def test_an_observer_added_twice_is_called_once(seen):
    timing.add_observer(timing._observers[-1])
    with timing.step("dates"):
        pass
    assert len(seen) == 1
