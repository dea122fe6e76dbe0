"""What every operation shares, for openapi.py: the request id header, and on /v1/ the API
key schemes, the rate limit headers and the 401 and 429 problems."""

from __future__ import annotations

from apispec import APISpec

PROBLEM = "application/problem+json"


def _problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM: {"schema": "Problem"}}}


def _header(description: str, schema: dict | None = None) -> dict:
    return {"description": description, "schema": schema or {"type": "integer", "minimum": 0}}


HEADERS = {
    "RequestId": _header(
        "The request id: the caller's X-Request-ID when valid, else a generated one.", {"type": "string"}
    ),
    "ETag": _header("A strong validator of the result (its content without meta).", {"type": "string"}),
    "RateLimitLimit": _header("Requests allowed in the current window (when limits are on)."),
    "RateLimitRemaining": _header("Requests left in the current window."),
    "RateLimitReset": _header("Seconds until the window resets."),
    "RateLimitPolicy": _header('The limit and its window in seconds, e.g. "60;w=60".', {"type": "string"}),
    "RetryAfter": _header("Seconds to wait before retrying."),
    "WWWAuthenticate": _header("The authentication scheme: Bearer.", {"type": "string"}),
}
RATE_HEADERS = {
    "RateLimit-Limit": "RateLimitLimit",
    "RateLimit-Remaining": "RateLimitRemaining",
    "RateLimit-Reset": "RateLimitReset",
    "RateLimit-Policy": "RateLimitPolicy",
}
RESPONSES = {
    "Unauthorized": {
        **_problem("No API key, or a wrong one (only when keys are configured)."),
        "headers": {"WWW-Authenticate": "WWWAuthenticate", "X-Request-ID": "RequestId"},
    },
    "RateLimited": {
        **_problem("Too many requests for this key or client address (only when limits are on)."),
        "headers": {**RATE_HEADERS, "Retry-After": "RetryAfter", "X-Request-ID": "RequestId"},
    },
}
KEYS_NOTE = (
    "API keys: off until the server configures some (NEWSFACTS_API_KEY_HASHES or NEWSFACTS_API_KEYS_FILE). "
    "Then every /v1/ operation (and /metrics with NEWSFACTS_METRICS_REQUIRE_KEY) needs "
    "`Authorization: Bearer <key>` (bearerAuth) or `X-API-Key: <key>` (apiKeyHeader), else 401."
)
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <API key>."},
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
REQUEST_ID = {
    "name": "X-Request-ID",
    "in": "header",
    "required": False,
    "description": (
        "Your id for this request (1-128 of A-Z a-z 0-9 . _ : / + = @ -); echoed back and logged. "
        "Any other value is replaced by a generated id, not rejected."
    ),
    "schema": {"type": "string"},
}


def with_edge(path: str, operation: dict) -> dict:
    """Add what every operation shares: the request id; on /v1/ also keys and rate limits."""
    operation = {**operation, "parameters": [*operation.get("parameters", []), "RequestId"]}
    responses = {}
    for status, response in operation["responses"].items():
        if isinstance(response, dict):
            headers = {**response.get("headers", {}), "X-Request-ID": "RequestId"}
            if path.startswith("/v1/") and status.startswith("2"):
                headers.update(RATE_HEADERS)
            response = {**response, "headers": headers}
        responses[status] = response
    if path.startswith("/v1/"):
        # No operation-level security: keys are off until a deployment configures them, and
        # generators ignore the optional ({}) alternative, so every generated call would demand an
        # authenticated client. The schemes are documented (components, info) for when keys are on.
        responses.update({"401": "Unauthorized", "429": "RateLimited"})
    operation["responses"] = dict(sorted(responses.items()))
    return operation


def add_edge_components(spec: APISpec) -> None:
    """Register the shared headers, responses, parameter and security schemes."""
    for name, header in HEADERS.items():
        spec.components.header(name, header)
    for name, response in RESPONSES.items():
        spec.components.response(name, response)
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)
    spec.components.parameter("RequestId", "header", REQUEST_ID)
