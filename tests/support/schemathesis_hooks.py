"""schemathesis CLI hooks for the live run (bench/fuzz_live.py): the two strict checks with the
documented exceptions of tests/support/fuzz_rules.py, as the test suite runs them.

- ``positive_data_acceptance_documented``: schema-valid data accepted, unless refused for a
  documented reason no schema can state.
- ``negative_data_rejection_documented``: schema-invalid data refused, except by the batch and job
  endpoints, which answer a problem per invalid item.

The run excludes the two built-in checks these stand for (``--exclude-checks``).
"""

from __future__ import annotations

import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.support.fuzz_rules import BATCHES, documented_refusal


@schemathesis.check
def positive_data_acceptance_documented(ctx, response, case):
    """Schema-valid data accepted, unless refused for a documented reason no schema can state."""
    if documented_refusal(case, response) is not None:
        return None
    return positive_data_acceptance(ctx, response, case)


@schemathesis.check
def negative_data_rejection_documented(ctx, response, case):
    """Schema-invalid data refused, except per item by the batch and job endpoints."""
    if case.method.upper() == "POST" and case.path in BATCHES:
        return None
    return negative_data_rejection(ctx, response, case)
