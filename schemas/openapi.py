"""Builds openapi.yaml from the marshmallow schemas: the committed file is this output.

Regenerate with ``python -m schemas.openapi > openapi.yaml``; a test fails when they differ.
"""

from __future__ import annotations

import yaml
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from schemas.batch import (
    BatchRequestSchema,
    BatchResponseSchema,
    JobAcceptedSchema,
    JobRequestSchema,
    JobSchema,
)
from schemas.dates import PUBLISHED_AT_PATTERN
from schemas.edge import KEYS_NOTE, add_edge_components, with_edge
from schemas.errors import ProblemSchema, ValidationProblemSchema
from schemas.events import ClusterRequestSchema, ClusterResponseSchema, EventListSchema, EventSchema
from schemas.request import AnalyzeRequestSchema
from schemas.response import AnalyzeResponseSchema
from service.events.profile import event_types

VERSION = "0.1.0"
PROBLEM = "application/problem+json"


def _problem(description: str, schema: str = "Problem") -> dict:
    return {"description": description, "content": {PROBLEM: {"schema": schema}}}


def _json(description: str, schema) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


STATUS_SCHEMA = {"type": "object", "properties": {"status": {"type": "string"}}, "required": ["status"]}
READY_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["ready"]},
        "model": {"type": "string"},
        "cache": {"type": "string", "enum": ["ok", "degraded", "memory"]},
    },
    "required": ["status", "model", "cache"],
}

PATHS = {
    "/v1/analyze": {
        "post": {
            "summary": "Analyse one article given as url, html or text.",
            "operationId": "analyzeArticle",
            "parameters": [
                {
                    "name": "Cache-Control",
                    "in": "header",
                    "required": False,
                    "description": "no-cache recomputes the result and refreshes the cache.",
                    "schema": {"type": "string"},
                },
                {
                    "name": "If-None-Match",
                    "in": "header",
                    "required": False,
                    "description": "ETag(s) of a copy the client holds: 304 when the result is unchanged.",
                    "schema": {"type": "string"},
                },
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": "AnalyzeRequest"}}},
            "responses": {
                "200": {
                    **_json("The analysis.", "AnalyzeResponse"),
                    "headers": {
                        "X-Cache": {"schema": {"type": "string", "enum": ["HIT", "MISS"]}},
                        "ETag": "ETag",
                    },
                },
                "304": {
                    "description": "Not modified: the result has the ETag sent in If-None-Match (no body).",
                    "headers": {
                        "X-Cache": {"schema": {"type": "string", "enum": ["HIT", "MISS"]}},
                        "ETag": "ETag",
                    },
                },
                "400": _problem("The body is not valid JSON."),
                "413": _problem("The request body, the fetched page or its article text is too large."),
                "415": _problem("The body is not application/json."),
                "422": _problem(
                    "Invalid fields, a refused or non-HTML URL, or no article text.", "ValidationProblem"
                ),
                "502": _problem("The URL could not be fetched."),
                "504": _problem("Fetching the URL took too long."),
            },
        }
    },
    "/v1/analyze/batch": {
        "post": {
            "summary": "Analyse many articles in one request; one result or problem per item, in order.",
            "description": "Each item is validated and analysed on its own: a bad item gets its problem "
            "in its place and never fails the others. At most NEWSFACTS_BATCH_MAX_ITEMS items (default 50).",
            "operationId": "analyzeBatch",
            "parameters": [
                {
                    "name": "Cache-Control",
                    "in": "header",
                    "required": False,
                    "description": "no-cache recomputes every item and refreshes the cache.",
                    "schema": {"type": "string"},
                }
            ],
            "requestBody": {"required": True, "content": {"application/json": {"schema": "BatchRequest"}}},
            "responses": {
                "200": _json("One outcome per item, in order.", "BatchResponse"),
                "400": _problem("The body is not valid JSON."),
                "413": _problem("The request body is too large."),
                "415": _problem("The body is not application/json."),
                "422": _problem("No items, too many items, or invalid batch options.", "ValidationProblem"),
            },
        }
    },
    "/v1/jobs": {
        "post": {
            "summary": "Queue a job of one or many articles; 202 with its id and Location.",
            "description": "Each item is analysed by a queue worker like one POST /v1/analyze. Items that "
            "fail validation get their problem at once. With callback_url, the finished job (the same "
            "document as GET /v1/jobs/{id}) is POSTed there, retried with backoff and signed: "
            "X-Newsfacts-Signature: sha256=HMAC-SHA256(secret, X-Newsfacts-Timestamp + '.' + body). "
            "Needs NEWSFACTS_REDIS_URL; at most NEWSFACTS_JOB_MAX_ITEMS items (default 1000).",
            "operationId": "createJob",
            "requestBody": {"required": True, "content": {"application/json": {"schema": "JobRequest"}}},
            "responses": {
                "202": {
                    **_json("Queued.", "JobAccepted"),
                    "headers": {"Location": {"schema": {"type": "string"}, "description": "The job."}},
                },
                "400": _problem("The body is not valid JSON."),
                "413": _problem("The request body is too large."),
                "415": _problem("The body is not application/json."),
                "422": _problem(
                    "No items, too many items, invalid options, or a refused callback_url.",
                    "ValidationProblem",
                ),
                "503": _problem("Jobs are not available (no Redis configured, or Redis failed)."),
            },
        }
    },
    "/v1/jobs/{job_id}": {
        "get": {
            "summary": "A job's status and progress; with every item's result or problem once it has ended.",
            "description": "Results stay readable for NEWSFACTS_JOB_RESULT_TTL seconds after the job ends.",
            "operationId": "readJob",
            "parameters": [{"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": _json("The job.", "Job"),
                "404": _problem("No such job, or its results have expired."),
                "503": _problem("Jobs are not available (no Redis configured, or Redis failed)."),
            },
        }
    },
    "/v1/events/cluster": {
        "post": {
            "summary": "Link articles about one incident into events, with their figures reconciled.",
            "description": "Stateless: each article is analysed like one POST /v1/analyze (cached alike), "
            "then the articles are linked in order of publication and every event gets its figures over "
            "time. Up to NEWSFACTS_BATCH_MAX_ITEMS articles (default 50) are answered at once; more, up "
            "to NEWSFACTS_JOB_MAX_ITEMS, become a job on the queue (202, needs Redis), whose document "
            "gains `events` when it ends. An article that fails is reported in `items` and joins no event.",
            "operationId": "clusterEvents",
            "requestBody": {"required": True, "content": {"application/json": {"schema": "ClusterRequest"}}},
            "responses": {
                "200": _json("The events and what became of each article.", "ClusterResponse"),
                "202": {
                    **_json("Queued as a job (more articles than NEWSFACTS_BATCH_MAX_ITEMS).", "JobAccepted"),
                    "headers": {"Location": {"schema": {"type": "string"}, "description": "The job."}},
                },
                "400": _problem("The body is not valid JSON."),
                "413": _problem("The request body is too large."),
                "415": _problem("The body is not application/json."),
                "422": _problem(
                    "No articles, too many, invalid options, or an id that is not a short string or repeats.",
                    "ValidationProblem",
                ),
                "503": _problem("A job was needed but jobs are not available (no Redis, or Redis failed)."),
            },
        }
    },
    "/v1/events": {
        "get": {
            "summary": "Recent events, newest update first (stateful events).",
            "description": "Every article analysed while NEWSFACTS_REDIS_URL is set (and NEWSFACTS_EVENTS "
            "on) is assigned to an event, shared by all instances. An event expires NEWSFACTS_EVENTS_TTL "
            "seconds (default 30 days) after its latest article.",
            "operationId": "listEvents",
            "parameters": [
                {
                    "name": "since",
                    "in": "query",
                    "required": False,
                    "description": "Only events updated at or after this time (ISO 8601; UTC if no offset).",
                    "schema": {"type": "string", "pattern": PUBLISHED_AT_PATTERN},
                },
                {
                    "name": "type",
                    "in": "query",
                    "required": False,
                    "description": "Only events of this type.",
                    "schema": {"type": "string", "enum": list(event_types())},
                },
                {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "description": "At most this many events.",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                },
            ],  # fmt: skip
            "responses": {
                "200": _json("The events.", "EventList"),
                "422": _problem("An invalid query parameter.", "ValidationProblem"),
                "503": _problem(
                    "Events are not available (no Redis configured, events off, or Redis failed)."
                ),
            },
        }
    },
    "/v1/events/{event_id}": {
        "get": {
            "summary": "One event: its articles, figure history, current figures and disagreements.",
            "operationId": "readEvent",
            "parameters": [
                {"name": "event_id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": _json("The event.", "Event"),
                "404": _problem("No such event, or it has expired."),
                "503": _problem(
                    "Events are not available (no Redis configured, events off, or Redis failed)."
                ),
            },
        }
    },
    "/healthz": {
        "get": {
            "summary": "Liveness: the process answers.",
            "operationId": "healthz",
            "responses": {"200": _json("Alive.", STATUS_SCHEMA)},
        }
    },
    "/readyz": {
        "get": {
            "summary": "Readiness: the model is loaded; cache state.",
            "operationId": "readyz",
            "responses": {"200": _json("Ready (the cache may be degraded).", READY_SCHEMA)},
        }
    },
    "/metrics": {
        "get": {
            "summary": "Metrics in the Prometheus text format.",
            "operationId": "metrics",
            "responses": {
                "200": {
                    "description": "Requests, latency, cache, fetch failures, step times, queue depth.",
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                "401": "Unauthorized",
            },
        }
    },
    "/docs": {
        "get": {
            "summary": "A human page on the OpenAPI document (Swagger UI).",
            "operationId": "docs",
            "responses": {
                "200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}
            },
        }
    },
    "/": {
        "get": {
            "summary": "The page for editors: paste an article, see its facts highlighted.",
            "operationId": "page",
            "responses": {
                "200": {
                    "description": "An HTML page.",
                    "content": {"text/html": {"schema": {"type": "string"}}},
                }
            },
        }
    },
    "/openapi.yaml": {
        "get": {
            "summary": "This document.",
            "operationId": "openapi",
            "responses": {
                "200": {
                    "description": "The OpenAPI document; text/yaml when Accept asks for it.",
                    "content": {
                        "application/yaml": {"schema": {"type": "string"}},
                        "text/yaml": {"schema": {"type": "string"}},
                    },
                }
            },
        }
    },
}


def build_spec() -> APISpec:
    """The OpenAPI 3.0 document of the service."""
    spec = APISpec(
        title="newsfacts",
        version=VERSION,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": f"Structured, evidence-backed facts from news articles.\n\n{KEYS_NOTE}"},
    )
    for name, schema in (
        ("AnalyzeRequest", AnalyzeRequestSchema),
        ("AnalyzeResponse", AnalyzeResponseSchema),
        ("Problem", ProblemSchema),
        ("ValidationProblem", ValidationProblemSchema),
        ("BatchRequest", BatchRequestSchema),
        ("BatchResponse", BatchResponseSchema),
        ("Event", EventSchema),
        ("EventList", EventListSchema),
        ("ClusterRequest", ClusterRequestSchema),
        ("ClusterResponse", ClusterResponseSchema),
        ("JobRequest", JobRequestSchema),
        ("JobAccepted", JobAcceptedSchema),
        ("Job", JobSchema),
    ):
        spec.components.schema(name, getattr(schema, "OPENAPI_RULES", None), schema=schema)
    add_edge_components(spec)
    for path, operations in PATHS.items():
        edged = {method: with_edge(path, operation) for method, operation in operations.items()}
        spec.path(path=path, operations=edged)
    return spec


# apispec writes a nullable nested schema as anyOf[the schema, {type: object, nullable: true}]
# (sometimes the other way round): that alternative admits any object, so the nested schema's
# rules (additionalProperties: false, its types) bind nothing, and a generated client never builds
# the nested model. Here the schema comes first and the other alternative admits null alone.
_LOOSE_NULL = {"type": "object", "nullable": True}
NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}


def _tighten(node):
    """The document with every nullable nested schema as anyOf[the schema, null only], in that order."""
    if isinstance(node, list):
        return [_tighten(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _tighten(value) for key, value in node.items()}
    if node.get("nullable") and None in node.get("enum", ()) and len(node["enum"]) > 1:
        # An enum of values and null: generators make several enum classes of it. As anyOf[the
        # values, null only], it is one enum class or None (null stays valid: OAS 3.0.3 needs it in
        # the enum of a nullable schema).
        values = {
            "type": node.pop("type"),
            "enum": [value for value in node.pop("enum") if value is not None],
        }
        node.pop("nullable")
        node["anyOf"] = [values, {**NULL_ONLY, "type": values["type"], "enum": [None]}]
    alternatives = node.get("anyOf")
    if isinstance(alternatives, list) and _LOOSE_NULL in alternatives:
        # The schema first, then null (apispec's order varies): generators try the alternatives in order.
        schemas = [item for item in alternatives if item != _LOOSE_NULL]
        node["anyOf"] = [*schemas, {**NULL_ONLY, "enum": [None]}]
    return node


def spec_dict() -> dict:
    """The document as a plain dict."""
    return _tighten(build_spec().to_dict())


def spec_yaml() -> str:
    """The document as YAML, keys in a stable order."""
    return yaml.safe_dump(spec_dict(), sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    print(spec_yaml(), end="")
