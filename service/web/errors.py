"""Domain errors and their RFC 9457 problem+json responses, registered in one place."""

from __future__ import annotations

import logging

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from service.analysis import fetch
from service.analysis.limits import ArticleTooLong
from service.analysis.pipeline import EmptyArticle

PROBLEM_MIME = "application/problem+json"
PROBLEM_BASE = "urn:newsfacts:problem:"
log = logging.getLogger(__name__)


class ProblemError(Exception):
    """An error that becomes a problem+json response with a stable ``type`` slug."""

    status = 400
    slug = "bad-request"
    title = "Bad request"
    headers: dict[str, str] = {}

    def __init__(self, detail: str | None = None, **extra):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class InvalidJSON(ProblemError):
    status, slug, title = 400, "invalid-json", "Request body is not valid JSON"


class UnsupportedMediaType(ProblemError):
    status, slug, title = 415, "unsupported-media-type", "Request body must be application/json"


class ValidationFailed(ProblemError):
    status, slug, title = 422, "validation-error", "Request fields are invalid"


class FetchRefused(ProblemError):
    status, slug, title = 422, "fetch-refused", "The URL may not be fetched"


class NotHTML(ProblemError):
    status, slug, title = 422, "not-html", "The URL did not return an HTML page"


class UpstreamError(ProblemError):
    status, slug, title = 502, "upstream-error", "The URL could not be fetched"


class UpstreamTimeout(ProblemError):
    status, slug, title = 504, "upstream-timeout", "Fetching the URL took too long"


class UpstreamTooLarge(ProblemError):
    status, slug, title = 413, "upstream-too-large", "The page is larger than the fetch limit"


class NoArticleText(ProblemError):
    status, slug, title = 422, "no-article-text", "No article text could be extracted"


class TextTooLong(ProblemError):
    status, slug, title = 413, "text-too-long", "The article text is longer than the limit"


class ApiKeyRequired(ProblemError):
    status, slug, title = 401, "api-key-required", "An API key is required"
    headers = {"WWW-Authenticate": 'Bearer realm="newsfacts"'}


class ApiKeyInvalid(ProblemError):
    status, slug, title = 401, "api-key-invalid", "The API key is not valid"
    headers = {"WWW-Authenticate": 'Bearer realm="newsfacts", error="invalid_token"'}


class RateLimited(ProblemError):
    status, slug, title = 429, "rate-limited", "Too many requests"


class InternalError(ProblemError):
    status, slug, title = 500, "internal-error", "Internal server error"


FETCH_PROBLEMS = {
    fetch.Refused: FetchRefused,
    fetch.NotHTML: NotHTML,
    fetch.Upstream: UpstreamError,
    fetch.Timeout: UpstreamTimeout,
    fetch.TooLarge: UpstreamTooLarge,
}


def as_problem(error: Exception) -> ProblemError:
    """The problem a domain error stands for (batch items and jobs report errors this way)."""
    if isinstance(error, ProblemError):
        return error
    if isinstance(error, fetch.FetchError):
        return FETCH_PROBLEMS.get(type(error), UpstreamError)(str(error))
    if isinstance(error, EmptyArticle):
        return NoArticleText(str(error))
    if isinstance(error, ArticleTooLong):
        return TextTooLong(str(error))
    return InternalError()


def problem_body(status: int, slug: str, title: str, detail: str | None = None, **extra) -> dict:
    """The problem details object (RFC 9457) of one error."""
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return body


def problem_of(error: ProblemError) -> dict:
    return problem_body(error.status, error.slug, error.title, error.detail, **error.extra)


def problem_json(body: dict) -> bytes:
    """A problem as UTF-8 JSON. Field names and messages echo the client's input, which may hold
    text UTF-8 cannot encode (a lone surrogate): such a problem is written with ASCII escapes."""
    try:
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(body, ensure_ascii=True).encode("ascii")


def problem_response(status: int, slug: str, title: str, detail: str | None = None, **extra) -> Response:
    """Build one problem+json response; every error of the service goes through here."""
    body = problem_body(status, slug, title, detail, **extra)
    return Response(problem_json(body), status=status, mimetype=PROBLEM_MIME)


def _http_slug(error: HTTPException) -> str:
    if error.code == 500:
        return InternalError.slug  # one type for every unexpected failure
    return (error.name or "error").lower().replace(" ", "-").replace("'", "")


def register_error_handlers(app: Flask) -> None:
    """Map domain errors, Flask's own HTTP errors and unexpected failures to problem+json."""

    @app.errorhandler(ProblemError)
    def handle_problem(error: ProblemError):
        response = problem_response(error.status, error.slug, error.title, error.detail, **error.extra)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(fetch.FetchError)
    def handle_fetch(error: fetch.FetchError):
        problem = FETCH_PROBLEMS.get(type(error), UpstreamError)
        return handle_problem(problem(str(error)))

    @app.errorhandler(EmptyArticle)
    def handle_empty(error: EmptyArticle):
        return handle_problem(NoArticleText(str(error)))

    @app.errorhandler(ArticleTooLong)
    def handle_too_long(error: ArticleTooLong):
        return handle_problem(TextTooLong(str(error)))

    @app.errorhandler(429)
    def handle_rate_limited(error: HTTPException):
        # Flask-Limiter's error carries the breached limit ("60 per 1 minute") as its description;
        # the RateLimit-* and Retry-After headers are added by service.web.ratelimit after the request.
        return handle_problem(RateLimited(f"Rate limit exceeded: {error.description}."))

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        response = problem_response(error.code or 500, _http_slug(error), error.name, error.description)
        if error.code == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        log.exception("unhandled error")
        return problem_response(500, "internal-error", "Internal server error")
