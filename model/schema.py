"""The scenario's JSON Schema, published as data/scenario.schema.json for editors."""

from __future__ import annotations

import json

from model.scenario import Scenario

SCHEMA_PATH_IN_REPO = "data/scenario.schema.json"


def schema_text() -> str:
    """The JSON Schema of a scenario, as the published file holds it."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "scenario.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
