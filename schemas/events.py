"""Event schemas: articles about one incident linked, and their figures reconciled over time."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.errors import ValidationProblemSchema
from schemas.request import (
    AnalyzeRequestSchema,
    ListRequestSchema,
    OptionsSchema,
    RawItem,
)
from schemas.response import QUALIFIERS
from service.events.reconcile import CASUALTY_KINDS, PRISONER_KINDS

FIGURE_KINDS = (*CASUALTY_KINDS, *PRISONER_KINDS)
MAX_ARTICLE_ID = 200


def _nullable(field_class, description: str = "", **kwargs):
    return field_class(
        allow_none=True, metadata={"description": description} if description else {}, **kwargs
    )


class ClusterArticleSchema(AnalyzeRequestSchema):
    """An article to cluster: an analysis input, with the client's own id for it (optional)."""

    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=MAX_ARTICLE_ID),
        metadata={
            "description": "The client's id of the article; echoed in the events (default: its index)."
        },
    )


class ClusterRequestSchema(ListRequestSchema):
    """Articles to link into events: up to NEWSFACTS_BATCH_MAX_ITEMS at once, more as a job."""

    LIST = NOUN = "articles"

    articles = fields.List(
        RawItem(ClusterArticleSchema),
        required=True,
        metadata={
            "minItems": 1,
            "description": "Up to NEWSFACTS_BATCH_MAX_ITEMS answered at once; more (up to "
            "NEWSFACTS_JOB_MAX_ITEMS) become a job on the queue (202).",
        },
    )
    options = fields.Nested(OptionsSchema, load_default=None, allow_none=True)


class ArticleFigureSchema(Schema):
    """One article's figure of one kind, as the event keeps it."""

    count = fields.Integer(required=True)
    qualifier = _nullable(fields.String, validate=validate.OneOf(QUALIFIERS))
    confidence = _nullable(fields.Float, "The analysis's confidence in this figure.")
    source = _nullable(fields.String, "Who gives the figure.")
    evidence = _nullable(fields.String, "The sentence that states it.")


class EventArticleSchema(Schema):
    """An article of an event."""

    article_id = fields.String(required=True, metadata={"description": "The client's id, URL or result id."})
    index = fields.Integer(metadata={"description": "Its place in the request (clustering only)."})
    published = _nullable(fields.String, "Publication time (ISO 8601), as the analysis read it.")
    title = fields.String(required=True)
    url = _nullable(fields.String)
    confidence = fields.Float(
        required=True,
        validate=validate.Range(0, 1),
        metadata={"description": "How likely the article reports this event (for the event's first "
                  "article: how likely it reports none of the events before it)."},
    )  # fmt: skip
    figures = fields.Dict(
        keys=fields.String(validate=validate.OneOf(FIGURE_KINDS)),
        values=fields.Nested(ArticleFigureSchema),
        required=True,
    )


class ReportSchema(Schema):
    """One report of a figure in the event's history."""

    article_id = fields.String(required=True)
    published = _nullable(fields.String)
    source = _nullable(fields.String, "Who gives the figure; else the outlet's host name.")
    count = fields.Integer(required=True)
    qualifier = _nullable(fields.String, validate=validate.OneOf(QUALIFIERS))
    confidence = _nullable(fields.Float)


class CurrentFigureSchema(Schema):
    """The figure the reports best support now, with the latest report that states it."""

    count = _nullable(fields.Integer, "null: the reports are best read as stating none.")
    qualifier = _nullable(fields.String, validate=validate.OneOf(QUALIFIERS))
    article_id = _nullable(fields.String)
    published = _nullable(fields.String)
    source = _nullable(fields.String)
    confidence = _nullable(fields.Float, "How sure the choice among the reported figures is.")


class DisagreementSchema(Schema):
    count = fields.Integer(required=True)
    sources = fields.List(fields.String(), required=True)
    article_ids = fields.List(fields.String(), required=True)


class FigureHistorySchema(Schema):
    """One kind of figure of an event, over time."""

    current = fields.Nested(CurrentFigureSchema, required=True)
    consensus = fields.Integer(
        required=True, metadata={"description": "Conservative: the smallest of the sources' latest figures."}
    )
    disagreements = fields.List(
        fields.Nested(DisagreementSchema),
        required=True,
        metadata={"description": "The sources' latest figures side by side, when they differ; else empty."},
    )
    history = fields.List(
        fields.Nested(ReportSchema), required=True, metadata={"description": "Oldest first."}
    )


class EventSchema(Schema):
    """An incident and the articles that report it, with its figures reconciled."""

    id = fields.String(required=True)
    type = fields.String(
        required=True,
        metadata={"description": "shooting, stabbing, bombing, airstrike, explosion, crash, fire, "
                  "earthquake, flood, storm, collapse, prisoners or other."},
    )  # fmt: skip
    created = _nullable(fields.String, "When the event was created (UTC).")
    updated = _nullable(fields.String, "When its latest article was added (UTC).")
    articles = fields.List(
        fields.Nested(EventArticleSchema), required=True, metadata={"description": "Oldest first."}
    )
    figures = fields.Dict(
        keys=fields.String(validate=validate.OneOf(FIGURE_KINDS)),
        values=fields.Nested(FigureHistorySchema),
        required=True,
    )


class ClusterItemSchema(Schema):
    """What became of one article of the request."""

    status = fields.Integer(required=True, metadata={"description": "As POST /v1/analyze would answer."})
    article_id = fields.String()
    event_id = fields.String()
    problem = fields.Nested(ValidationProblemSchema)


class ClusterResponseSchema(Schema):
    events = fields.List(fields.Nested(EventSchema), required=True)
    items = fields.List(
        fields.Nested(ClusterItemSchema), required=True, metadata={"description": "In request order."}
    )


class EventListSchema(Schema):
    events = fields.List(fields.Nested(EventSchema), required=True, metadata={"description": "Newest first."})
