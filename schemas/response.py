"""Response schemas: they dump the analysis dataclasses into the JSON contract."""

from __future__ import annotations

from marshmallow import Schema, fields, post_dump, pre_dump, validate

from schemas.dates import normal_iso
from service.analysis.article import blocks

QUALIFIERS = ("exact", "at_least", "at_most", "about", "range", "unspecified")
SCOPES = ("event", "background", "cumulative")
BLOCK_KINDS = blocks.KINDS  # the classifier's kinds (service/analysis/article/blocks.py)


def _nullable_int(description: str = "") -> fields.Integer:
    return fields.Integer(allow_none=True, metadata={"description": description} if description else {})


def _nullable_str(description: str = "") -> fields.String:
    return fields.String(allow_none=True, metadata={"description": description} if description else {})


class FigureSpanSchema(Schema):
    """The words the figure itself was read from ("killed one person", "372 prisoners"): the number
    words, the noun they count and, when it is close, the word that says what happened. Indexed as
    the evidence is (article.text, or article.title when part is "title"), and inside its sentence,
    so a client can mark the exact words an editor should check."""

    start = fields.Integer(required=True)
    end = fields.Integer(required=True)

    @pre_dump
    def from_pair(self, span, **kwargs):
        """The analysis keeps the span as a (start, end) pair."""
        return {"start": span[0], "end": span[1]} if isinstance(span, tuple | list) else span


class EvidenceSchema(Schema):
    """The sentence a fact comes from; start/end index article.text (code points, end exclusive),
    or article.title when ``part`` is "title"."""

    text = fields.String(required=True)
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    figure = fields.Nested(
        FigureSpanSchema,
        metadata={
            "description": "The span of the figure's own words within the sentence; absent when no "
            "number word anchors the figure (a figure read without a number)."
        },
    )

    @post_dump
    def drop_absent_figure(self, data, **kwargs):
        """No figure span is left out, not null: clients test for the key."""
        if data.get("figure") is None:
            data.pop("figure", None)
        return data

    part = fields.String(
        validate=validate.OneOf(("text", "title")),
        metadata={
            "description": 'Present only when the fact was read from the title: "title" '
            "(start/end then index article.title); absent means article.text."
        },
    )


class _FigureSchema(Schema):
    count = _nullable_int("The stated figure; null when no single number is given.")
    min = _nullable_int("Lower bound, null when open.")
    max = _nullable_int("Upper bound, null when open.")
    qualifier = fields.String(required=True, validate=validate.OneOf(QUALIFIERS))
    evidence = fields.Nested(EvidenceSchema, required=True)


class CasualtySchema(_FigureSchema):
    """People killed, injured or missing, as one statement of the article gives them."""

    kind = fields.String(required=True, validate=validate.OneOf(("killed", "injured", "missing")))
    victims = _nullable_str("Who the victims were (civilians, soldiers, people…).")
    scope = fields.String(required=True, validate=validate.OneOf(SCOPES))
    location = _nullable_str()
    date = _nullable_str("TIMEX3 value of the event's date.")
    source = _nullable_str("Who gives the figure.")
    role = fields.String(
        allow_none=True,
        validate=validate.OneOf(("main", "earlier", "perpetrator")),
        metadata={
            "description": "main: the figure behind totals; earlier: a toll a later one superseded; "
            "perpetrator: the attackers among the dead or hurt; null: another mention."
        },
    )
    confidence = fields.Float(
        allow_none=True,
        validate=validate.Range(0, 1),
        metadata={
            "description": "How likely this figure is the story's own figure for its kind (killed and "
            "injured), calibrated on held-out articles: of figures rated 0.8, about 8 in 10 are. "
            "Null where no model rates the kind (missing)."
        },
    )


class PrisonersSchema(_FigureSchema):
    """People captured, held, released or exchanged in a conflict."""

    kind = fields.String(
        required=True, validate=validate.OneOf(("captured", "held", "released", "exchanged"))
    )
    parties = fields.List(
        fields.String(), required=True, metadata={"description": "Canonical sides involved."}
    )
    status = fields.String(
        required=True,
        validate=validate.OneOf(("done", "planned", "demanded")),
        metadata={"description": "Whether it happened or is planned or demanded."},
    )
    victims = _nullable_str("Who the prisoners are (prisoners of war, hostages…).")
    date = _nullable_str("TIMEX3 value of the event's date.")
    confidence = fields.Float(
        allow_none=True,
        validate=validate.Range(0, 1),
        metadata={
            "description": "How likely the story reports this figure for its event, calibrated on held-out "
            "stories; null without a model."
        },
    )


class PartySchema(Schema):
    """One real-world actor of the story, merged over all its surface forms."""

    name = fields.String(required=True)
    type = fields.String(required=True)
    id = _nullable_str("ISO 3166-1 alpha-2 code for countries.")
    title = _nullable_str()
    affiliation = _nullable_str()
    aliases = fields.List(fields.String(), required=True)
    mentions = fields.Integer(required=True)
    confidence = fields.Float(
        allow_none=True,
        validate=validate.Range(0, 1),
        metadata={
            "description": "How likely this is an actor of the story, calibrated on held-out stories; "
            "null without a model."
        },
    )


class DateMentionSchema(Schema):
    """A temporal expression with its TIMEX3 type and value."""

    text = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("DATE", "TIME", "DURATION", "SET")))
    value = _nullable_str("TIMEX3 value; null when it cannot be normalised.")
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class TotalsSchema(Schema):
    """The headline figure of the main event per casualty kind."""

    killed = _nullable_int()
    injured = _nullable_int()
    missing = _nullable_int()


class TotalsConfidenceSchema(Schema):
    """How likely each total is right (a null total: that the story states no figure), calibrated on
    held-out articles; null where no model rates the kind."""

    killed = fields.Float(allow_none=True, validate=validate.Range(0, 1))
    injured = fields.Float(allow_none=True, validate=validate.Range(0, 1))
    missing = fields.Float(allow_none=True, validate=validate.Range(0, 1))


class FactsSchema(Schema):
    """Key facts; a fact type the pipeline did not extract is absent, not empty."""

    casualties = fields.List(fields.Nested(CasualtySchema))
    prisoners = fields.List(fields.Nested(PrisonersSchema))
    parties = fields.List(fields.Nested(PartySchema))
    dates = fields.List(fields.Nested(DateMentionSchema))
    totals = fields.Nested(TotalsSchema)
    totals_confidence = fields.Nested(TotalsConfidenceSchema)

    @post_dump
    def drop_absent(self, data, **kwargs):
        return {name: value for name, value in data.items() if value is not None}


class BlockSchema(Schema):
    """One line of article.text and what it is."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(BLOCK_KINDS),
        metadata={
            "description": "body: the story; headline, standfirst, dateline; page furniture: byline, date, "
            "caption, credit, agency, related, timeline, boilerplate (figures there do not make totals)."
        },
    )
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)


class ArticleSchema(Schema):
    """The article's clean text and metadata."""

    url = _nullable_str()
    canonical_url = _nullable_str()
    title = _nullable_str()
    authors = fields.List(fields.String(), required=True)
    published_at = fields.Function(
        lambda article: normal_iso(article.published_at),
        allow_none=True,
        metadata={
            "type": "string",
            "nullable": True,
            "description": "ISO 8601 date or datetime, in normal form.",
        },
    )
    language = _nullable_str()
    top_image = _nullable_str()
    word_count = fields.Integer(required=True)
    text = fields.String(metadata={"description": "Omitted when options.include_text is false."})
    blocks = fields.List(
        fields.Nested(BlockSchema),
        metadata={"description": "The lines of article.text with their kinds; offsets index article.text."},
    )
    extraction = fields.Dict(
        allow_none=True, metadata={"description": "Which extractor supplied the body, and its confidence."}
    )


class MetaSchema(Schema):
    cached = fields.Boolean(required=True)
    elapsed_ms = fields.Integer(required=True)
    version = fields.String(required=True)


class WarningSchema(Schema):
    """Something the client should know about a result that is not an error."""

    code = fields.String(
        required=True,
        validate=validate.OneOf(("language-unsupported",)),
        metadata={"description": "language-unsupported: facts are read in English only."},
    )
    message = fields.String(required=True)


class ResultSchema(Schema):
    """An analysis result without its per-response ``meta`` (what the cache stores)."""

    id = fields.String(required=True)
    article = fields.Nested(ArticleSchema, required=True)
    summary = fields.List(fields.String(), required=True)
    facts = fields.Nested(FactsSchema, required=True)
    warnings = fields.List(
        fields.Nested(WarningSchema), metadata={"description": "Empty when there is nothing to say."}
    )


class EventRefSchema(Schema):
    """The event an analysed article was assigned to (stateful events: GET /v1/events/{id})."""

    id = fields.String(required=True)
    confidence = fields.Float(
        required=True,
        validate=validate.Range(0, 1),
        metadata={"description": "How likely the article reports this event (for a new event: how likely "
                  "it reports none of the events already stored)."},
    )  # fmt: skip


class AnalyzeResponseSchema(ResultSchema):
    """The response of POST /v1/analyze."""

    event = fields.Nested(
        EventRefSchema,
        allow_none=True,
        metadata={"description": "Present when the service keeps events (Redis configured, NEWSFACTS_EVENTS "
                  "on): the article's event; null when Redis failed and the article could not be assigned."},
    )  # fmt: skip
    meta = fields.Nested(MetaSchema, required=True)
