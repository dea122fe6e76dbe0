"""schemathesis CLI hooks for the live run (bench/fuzz_live.py): ``positive_data_acceptance`` with
the documented exceptions of tests/support/fuzz_rules.py, as the test suite runs it."""

from __future__ import annotations

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.support.fuzz_rules import documented_refusal


@schemathesis.check
def positive_data_acceptance_documented(ctx, response, case):
    """Schema-valid data accepted, unless refused for a documented reason no schema can state."""
    if documented_refusal(case, response) is not None:
        return None
    return positive_data_acceptance(ctx, response, case)
