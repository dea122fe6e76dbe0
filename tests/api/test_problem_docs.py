"""The README's error table names every problem type the service can answer (issue 19, item 11)."""

from __future__ import annotations

import service.api.jobs  # noqa: F401  (defines JobNotFound)
import service.jobs.queue  # noqa: F401  (JobsUnavailable)
import service.jobs.store  # noqa: F401  (ItemLost)
from service.web.errors import ProblemError
from service.web.worker import PROBLEMS
from tests.conftest import ROOT


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def test_every_problem_type_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| status | type | when |") :]
    table = table[: table.index("\n\n")]
    slugs = {problem.slug for problem in subclasses(ProblemError)} - {"bad-request"}
    slugs |= {"not-found", "method-not-allowed", "request-entity-too-large"}  # Flask's own, as problems
    slugs |= {slug for status, (slug, _) in PROBLEMS.items() if status in (414, 431)}  # gunicorn's
    missing = sorted(slug for slug in slugs if slug not in table)
    assert missing == []
