"""A misbehaving Redis never fails or hangs a request: each fault case against a real redis-server.

The bound is hang detection (normal time plus 2 s), not a speed target; bench/faults.py
prints the figures.
"""

from __future__ import annotations

import pytest

from tests.support.faults import CASES, run_case

BOUNDED_DELAY_MS = 2000


@pytest.mark.parametrize("name", list(CASES))
def test_requests_answer_while_redis_misbehaves(name):
    result = run_case(name)
    print(f"{name}: normal {result.normal_ms:.0f} ms, worst during fault {result.worst_ms:.0f} ms")
    assert set(result.statuses) == {200}
    assert set(result.caches) == {"degraded"}
    assert result.worst_ms < result.normal_ms + BOUNDED_DELAY_MS
    assert result.readyz_ms < BOUNDED_DELAY_MS
    assert result.recovered in (None, True), "the cache comes back once Redis does"
