"""Problem details (RFC 9457): the one shape of every error response."""

from marshmallow import Schema, fields


class ProblemSchema(Schema):
    """An RFC 9457 problem; ``type`` is stable per error kind."""

    type = fields.String(required=True, metadata={"example": "urn:newsfacts:problem:validation-error"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()


class ValidationProblemSchema(ProblemSchema):
    """A validation problem lists the offending fields and their messages."""

    errors = fields.Dict(
        keys=fields.String(), values=fields.Raw(), metadata={"description": "Field name → messages."}
    )
