"""Real responses checked against the published contract (openapi.yaml's component schemas)."""

from __future__ import annotations

from functools import lru_cache

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from schemas.openapi import spec_yaml

SPEC_URI = "urn:newsfacts:openapi"


@lru_cache(maxsize=1)
def _registry() -> Registry:
    spec = yaml.safe_load(spec_yaml())
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT4))


def violations(body, schema: str) -> list[str]:
    """What in ``body`` breaks components/schemas/``schema``; empty when it conforms."""
    validator = OAS30Validator({"$ref": f"{SPEC_URI}#/components/schemas/{schema}"}, registry=_registry())
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(body)
    ]
