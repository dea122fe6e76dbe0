"""marshmallow schemas: the single source of the JSON contract (requests, responses, problems)."""

from schemas.errors import ProblemSchema, ValidationProblemSchema
from schemas.request import AnalyzeRequestSchema, OptionsSchema
from schemas.response import AnalyzeResponseSchema, ResultSchema

__all__ = [
    "AnalyzeRequestSchema",
    "AnalyzeResponseSchema",
    "OptionsSchema",
    "ProblemSchema",
    "ResultSchema",
    "ValidationProblemSchema",
]
