"""Request schemas: what a client may send to the analysis endpoints."""

from __future__ import annotations

import numbers
import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import pycountry
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from schemas.dates import PUBLISHED_AT_PATTERN, normal_iso
from service.analysis.pipeline import FACT_TYPES, AnalysisRequest

MAX_URL_LENGTH = 2048
# The service's default NEWSFACTS_MAX_TEXT_CHARS, as the contract states it (a deployment may differ).
MAX_TEXT_CHARS = 200_000
# The contract's patterns mean the same to Python's re, to ECMA-262 (which OpenAPI names) and to the
# Rust engine schemathesis validates with: no \s, \S or \d (each engine has its own Unicode white
# space and digits: a URL with U+001F was valid to one and refused by another), and the service
# anchors `$` at the very end (Python's `$` also matches before a final newline: ``Pattern``).
WHITE_SPACE = r"\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # str.isspace()
# An absolute http(s) URL with a host: what the service will consider fetching.
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{WHITE_SPACE}/?#@\[\]]+(?:[/?#][^{WHITE_SPACE}]*)?$"
NOT_BLANK = rf"[^{WHITE_SPACE}]"  # at least one character that is not white space (as str.strip sees it)


class Pattern(validate.Regexp):
    """``validate.Regexp`` with the pattern's final ``$`` at the very end of the value only, as
    ECMA-262 reads it (Python's ``$`` also matches before a final newline). ``regex`` stays the
    pattern as the contract states it (apispec reads it); ``strict`` is what values are matched by."""

    def __init__(self, pattern: str, **kwargs):
        super().__init__(pattern, **kwargs)
        self.strict = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)

    def __call__(self, value: str) -> str:
        if self.strict.match(value) is None:
            raise ValidationError(self._format_error(value))
        return value


LANGUAGES = tuple(
    sorted(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2"))
)


class StrictInteger(fields.Integer):
    """A JSON integer: no strings ("3"), no fractions (3.5), no booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise self.make_error("invalid")
        return super()._validated(value)


class StrictBoolean(fields.Boolean):
    """A JSON true or false: no strings ("no"), no numbers."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


def _given(name: str) -> dict:
    """JSON Schema: ``name`` is present and not null."""
    return {"required": [name], "properties": {name: {"type": "string"}}}


# Exactly one of url, html, text; url may accompany html as the page's address. Stated for
# openapi.yaml (schemas/openapi.py), checked by AnalyzeRequestSchema.check_input. Inside allOf, so
# that generated clients keep one AnalyzeRequest model with every field (a top-level oneOf becomes
# three models of one field each).
ONE_INPUT = {
    "allOf": [
        {
            "oneOf": [
                {**_given("text"), "not": {"anyOf": [_given("url"), _given("html")]}},
                {**_given("html"), "not": _given("text")},
                {**_given("url"), "not": {"anyOf": [_given("html"), _given("text")]}},
            ]
        }
    ]
}


class OptionsSchema(Schema):
    """What to include in the result."""

    summary_sentences = StrictInteger(
        load_default=3, validate=validate.Range(min=0, max=10), metadata={"description": "Summary length."}
    )
    include_text = StrictBoolean(
        load_default=True, metadata={"description": "Return article.text (offsets always index it)."}
    )
    facts = fields.List(
        fields.String(validate=validate.OneOf(FACT_TYPES)),
        load_default=None,
        allow_none=True,
        metadata={"description": "Fact types to extract; all when omitted."},
    )


DEFAULT_OPTIONS = OptionsSchema().load({})


class AnalyzeRequestSchema(Schema):
    """One article: exactly one of url, html or text (url may accompany html as its address)."""

    url = fields.String(
        load_default=None,
        allow_none=True,
        validate=[
            validate.Length(max=MAX_URL_LENGTH),
            Pattern(URL_PATTERN, error="Must be an absolute http or https URL."),
        ],
        metadata={"description": "http(s) URL of the article; fetched unless html is given."},
    )
    html = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "The page's HTML (not blank).", "minLength": 1, "pattern": NOT_BLANK},
    )
    text = fields.String(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Plain article text (not blank); at most NEWSFACTS_MAX_TEXT_CHARS characters.",
            "minLength": 1,
            "maxLength": MAX_TEXT_CHARS,
            "pattern": NOT_BLANK,
        },
    )
    title = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=1000),
        metadata={"description": "Overrides the extracted title."},
    )
    published_at = fields.String(
        load_default=None,
        allow_none=True,
        validate=Pattern(
            PUBLISHED_AT_PATTERN,
            error="Must be an ISO 8601 date (2025-03-19) or datetime (2025-03-19T10:00:00Z).",
        ),
        metadata={
            "description": "ISO 8601 date or datetime (2025-03-19, 2025-03-19T10:00, "
            "2025-03-19 10:00:00+02:00); the reference for relative dates; echoed in normal form "
            "(2025-03-19T10:00:00).",
            "example": "2025-03-19",
        },
    )
    language = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(LANGUAGES, error="Must be an ISO 639-1 language code."),
        metadata={
            "description": "ISO 639-1 language code. Facts are extracted from English only: another "
            "language gets a language-unsupported warning."
        },
    )
    options = fields.Nested(OptionsSchema, load_default=None, allow_none=True)

    OPENAPI_RULES = ONE_INPUT

    def __init__(self, *args, max_text_chars: int = MAX_TEXT_CHARS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_text_chars = max_text_chars

    @pre_load
    def refuse_lone_surrogates(self, data, **kwargs):
        """JSON may escape half a surrogate pair ("\\ud800"); such text cannot be hashed or stored."""
        refuse_lone_surrogates(data)
        return data

    @validates("url")
    def check_url(self, value, **kwargs):
        if value is None:
            return
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 (parsing the port raises on a bad one)
        except ValueError as error:
            raise ValidationError("Must be an absolute http or https URL.") from error
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValidationError("Must be an absolute http or https URL.")

    @validates("published_at")
    def check_published_at(self, value, **kwargs):
        if value is None:
            return
        try:
            datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError("Must be an ISO 8601 date or datetime.") from error

    @validates_schema
    def check_input(self, data, **kwargs):
        given = [name for name in ("url", "html", "text") if data.get(name) is not None]
        if not given:
            raise ValidationError("Give one of url, html or text.", "_schema")
        if "text" in given and len(given) > 1:
            raise ValidationError("Give text alone, without url or html.", "text")
        for name in ("html", "text"):
            value = data.get(name)
            if value is not None and not value.strip():
                raise ValidationError("Must not be empty.", name)
        if data.get("text") and len(data["text"]) > self.max_text_chars:
            raise ValidationError(f"Longer than {self.max_text_chars} characters.", "text")

    @post_load
    def make_request(self, data, **kwargs) -> AnalysisRequest:
        options = data.pop("options", None) or DEFAULT_OPTIONS
        data["published_at"] = normal_iso(data["published_at"])
        return AnalysisRequest(
            **data,
            summary_sentences=options["summary_sentences"],
            include_text=options["include_text"],
            facts=tuple(options["facts"]) if options["facts"] is not None else None,
        )


@lru_cache(maxsize=8)
def analyze_request_schema(max_text_chars: int) -> AnalyzeRequestSchema:
    """A shared schema instance: building one per request costs more than the cache hit it serves."""
    return AnalyzeRequestSchema(max_text_chars=max_text_chars)


SURROGATE_MESSAGE = "Must be valid Unicode (no lone surrogates)."


def refuse_lone_surrogates(data, skip: tuple[str, ...] = ()) -> None:
    """ValidationError naming each field of ``data`` whose name or value holds a lone surrogate.

    A bad field name is reported in its escaped form ("\\ud800"), so the problem itself can be
    written as UTF-8. Fields named in ``skip`` are left to their own checks (batch items).
    """
    if not isinstance(data, dict):
        return
    bad = [
        name
        for name, value in data.items()
        if _has_surrogate(name) or (name not in skip and _has_surrogate(value))
    ]
    if bad:
        raise ValidationError({_printable(name): [SURROGATE_MESSAGE] for name in bad})


def _printable(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _has_surrogate(value) -> bool:
    """True when a string anywhere in ``value`` (keys included) holds a lone surrogate code point.

    Iterative: the body's nesting is bounded when it is read, but this must not recurse either.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")  # C speed; only lone surrogates fail
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


# The defaults of NEWSFACTS_BATCH_MAX_ITEMS and NEWSFACTS_JOB_MAX_ITEMS, as the contract states them.
BATCH_MAX_ITEMS = 50
JOB_MAX_ITEMS = 1000


class RawItem(fields.Nested):
    """Documented as an AnalyzeRequest but loaded as given (null too): each item is validated on
    its own, so that one bad item becomes that item's problem instead of failing the whole request."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        return value  # null included: that item's problem, like 1, "x" or []


class ListRequestSchema(Schema):
    """A request carrying a list of analysis inputs under ``LIST`` (a batch's items, a clustering's
    articles): its length checked against ``max_items``, the list's own surrogates left to each item."""

    LIST = "items"
    NOUN = "items"

    def __init__(self, *args, max_items: int = BATCH_MAX_ITEMS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_items = max_items

    @pre_load
    def refuse_lone_surrogates(self, data, **kwargs):
        """As for one article; each item's own surrogates are that item's problem."""
        refuse_lone_surrogates(data, skip=(self.LIST,))
        return data

    @validates_schema
    def check_length(self, data, **kwargs):
        if not 1 <= len(data.get(self.LIST) or ()) <= self.max_items:
            raise ValidationError(f"Give between 1 and {self.max_items} {self.NOUN}.", self.LIST)
