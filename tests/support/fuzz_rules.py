"""The documented exceptions to schemathesis' strict checks, shared by tests/api/test_fuzz.py and
the live run (bench/fuzz_live.py, through tests/support/schemathesis_hooks.py).

A schema-valid request must be accepted (``positive_data_acceptance``), except when its answer is
one of these documented refusals for its input, which no schema can rule out:

- a ``url`` (and no ``html``) refused or failed as a fetch: the fuzzing runs offline, with every
  host resolving to a documentation address (TEST-NET-1), so no generated URL can be fetched, an
  environment limit and not a contract one;
- ``html`` from which no article text can be extracted: whether generated markup holds an article
  is beyond any schema (a documented 422, ``no-article-text``);
- ``POST /v1/jobs`` refused on its ``callback_url`` alone: a callback must resolve to a public
  address, which no host does offline;
- ``POST /v1/events/cluster`` refused for article ids that repeat: JSON Schema cannot say that
  the ids of a list of objects are unique.

A schema-invalid request must be refused (``negative_data_rejection``), except by the batch, job
and clustering endpoints, which take a list and answer a problem per invalid item.
"""

from __future__ import annotations

PROBLEM = "urn:newsfacts:problem:"
# items are validated one by one, failures reported per item
BATCHES = ("/v1/analyze/batch", "/v1/jobs", "/v1/events/cluster")
FETCH_PROBLEMS = frozenset(
    PROBLEM + name
    for name in ("fetch-refused", "not-html", "upstream-error", "upstream-timeout", "upstream-too-large")
)
# problem type -> (the input it is excused for, why)
DOCUMENTED_REFUSALS = {
    **{problem: ("url", "URL not fetchable offline") for problem in FETCH_PROBLEMS},
    PROBLEM + "no-article-text": ("html", "generated markup without article text"),
}
OFFLINE_ADDRESS = "192.0.2.1"  # TEST-NET-1: every generated host resolves here, and is refused


def documented_refusal(case, response) -> str | None:
    """Why this refusal of a schema-valid ``case`` is a documented exception, or None."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        problem = response.json()
    except ValueError:
        return None
    if not isinstance(problem, dict):
        return None
    body = case.body if isinstance(case.body, dict) else {}
    if case.path == "/v1/jobs" and set(problem.get("errors") or {}) == {"callback_url"}:
        return "callback_url not public offline"
    if case.path == "/v1/events/cluster" and "Duplicate article id" in str(problem.get("errors")):
        return "article ids repeat"
    given, reason = DOCUMENTED_REFUSALS.get(problem.get("type"), (None, None))
    if given == "url" and body.get("url") is not None and body.get("html") is None:
        return reason
    if given == "html" and body.get("html") is not None:
        return reason
    return None


def offline_fetches() -> None:
    """Make this process (and the gunicorn workers it forks) resolve every host to OFFLINE_ADDRESS
    and refuse every address, IP literals included: nothing generated is ever dialled."""
    from service.analysis.fetch import urlcheck

    urlcheck.resolve_host = lambda host, port: [OFFLINE_ADDRESS]
    urlcheck.is_allowed = lambda address, allow_cidrs=(): False
