"""The circuit breaker's states, driven by a fake clock."""

from __future__ import annotations

from service.cache.breaker import CircuitBreaker


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_failure_opens_and_skips_until_reset_after():
    clock = Clock()
    breaker = CircuitBreaker(reset_after=5, clock=clock)
    assert (breaker.state, breaker.allow()) == ("closed", True)
    breaker.failed()
    assert (breaker.state, breaker.allow()) == ("open", False)
    clock.now += 4.9
    assert not breaker.allow()


def test_half_open_lets_exactly_one_probe_through():
    clock = Clock()
    breaker = CircuitBreaker(reset_after=5, clock=clock)
    breaker.failed()
    clock.now += 5
    assert breaker.allow()
    assert breaker.state == "half-open"
    assert not breaker.allow(), "a second caller waits for the probe"


def test_a_good_probe_closes_and_a_bad_one_reopens():
    clock = Clock()
    breaker = CircuitBreaker(reset_after=5, clock=clock)
    breaker.failed()
    clock.now += 5
    breaker.allow()
    breaker.failed()
    assert (breaker.state, breaker.allow()) == ("open", False)
    clock.now += 5
    assert breaker.allow()
    breaker.succeeded()
    assert (breaker.state, breaker.allow()) == ("closed", True)


def test_a_probe_that_never_reports_is_replaced():
    clock = Clock()
    breaker = CircuitBreaker(reset_after=5, clock=clock)
    breaker.failed()
    clock.now += 5
    assert breaker.allow()
    clock.now += 5
    assert breaker.allow()


def test_threshold_counts_consecutive_failures():
    breaker = CircuitBreaker(reset_after=5, threshold=3, clock=Clock())
    breaker.failed()
    breaker.failed()
    breaker.succeeded()
    breaker.failed()
    breaker.failed()
    assert breaker.state == "closed"
    breaker.failed()
    assert breaker.state == "open"
