"""Batch and job schemas: many inputs in one request, one outcome per input in order."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.errors import ValidationProblemSchema
from schemas.events import EventSchema
from schemas.request import (
    BATCH_MAX_ITEMS,
    JOB_MAX_ITEMS,
    MAX_URL_LENGTH,
    AnalyzeRequestSchema,
    ListRequestSchema,
    OptionsSchema,
    RawItem,
)
from schemas.response import AnalyzeResponseSchema

JOB_STATUSES = ("queued", "started", "finished", "failed")
CALLBACK_STATES = ("pending", "delivered", "failed")


class BatchRequestSchema(ListRequestSchema):
    """Many articles in one request; ``options`` applies to items that bring none of their own."""

    items = fields.List(
        RawItem(AnalyzeRequestSchema),
        required=True,
        metadata={
            "minItems": 1,
            "maxItems": BATCH_MAX_ITEMS,
            "description": "At most NEWSFACTS_BATCH_MAX_ITEMS.",
        },
    )
    options = fields.Nested(OptionsSchema, load_default=None, allow_none=True)


class ItemOutcomeSchema(Schema):
    """One item's outcome: its status, and its result (200) or its problem (anything else)."""

    status = fields.Integer(required=True, metadata={"description": "As POST /v1/analyze would answer."})
    result = fields.Nested(AnalyzeResponseSchema)
    problem = fields.Nested(ValidationProblemSchema)


class BatchResponseSchema(Schema):
    """The outcomes, in the order of the request's items."""

    items = fields.List(fields.Nested(ItemOutcomeSchema), required=True)


class JobRequestSchema(BatchRequestSchema):
    """A job: like a batch, analysed by the workers, with an optional callback when it ends."""

    items = fields.List(
        RawItem(AnalyzeRequestSchema),
        required=True,
        metadata={
            "minItems": 1,
            "maxItems": JOB_MAX_ITEMS,
            "description": "At most NEWSFACTS_JOB_MAX_ITEMS.",
        },
    )

    callback_url = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_URL_LENGTH),
        metadata={"description": "Public http(s) URL that receives the finished job as a signed POST."},
    )


class ProgressSchema(Schema):
    total = fields.Integer(required=True)
    done = fields.Integer(required=True, metadata={"description": "Items with an outcome."})
    failed = fields.Integer(required=True, metadata={"description": "Items whose outcome is a problem."})


class CallbackStateSchema(Schema):
    url = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(CALLBACK_STATES))
    attempts = fields.Integer(required=True)


class JobSchema(Schema):
    """A job's state; ``items`` (in request order) once it has finished or failed."""

    id = fields.String(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(JOB_STATUSES),
        metadata={"description": "failed: the service could not process some item (see its problem)."},
    )
    created_at = fields.String(required=True)
    started_at = fields.String(allow_none=True)
    finished_at = fields.String(allow_none=True)
    expires_at = fields.String(allow_none=True, metadata={"description": "When the results are deleted."})
    progress = fields.Nested(ProgressSchema, required=True)
    callback = fields.Nested(CallbackStateSchema, allow_none=True)
    items = fields.List(fields.Nested(ItemOutcomeSchema))
    events = fields.List(
        fields.Nested(EventSchema),
        metadata={
            "description": "A clustering job (POST /v1/events/cluster): its events, once it has ended."
        },
    )


class JobAcceptedSchema(Schema):
    """The answer to a new job: where to read it."""

    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("queued",)))
    location = fields.String(required=True, metadata={"description": "Path of GET /v1/jobs/{id}."})
