"""The published JSON Schema (data/scenario.schema.json) is the model's, and the plan's scenario satisfies it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # a dependency of altair, so always installed with requirements.txt

from model.loading import PLAN_SCENARIO
from model.schema import SCHEMA_PATH_IN_REPO, schema_text

ROOT = Path(__file__).resolve().parents[2]


def schema() -> dict:
    return json.loads((ROOT / SCHEMA_PATH_IN_REPO).read_text())


def test_published_schema_is_up_to_date():
    published = (ROOT / SCHEMA_PATH_IN_REPO).read_text()
    assert published == schema_text(), "data/scenario.schema.json is out of date with model/scenario.py: run `make schema`"


def test_plan_validates_against_the_schema():
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(json.loads(PLAN_SCENARIO.read_text())), key=str)
    assert errors == []


def test_schema_rejects_what_the_model_rejects():
    # The schema carries the same bounds and forbids unknown keys, so an editor flags these as they are typed.
    validator = jsonschema.Draft202012Validator(schema())
    data = json.loads(PLAN_SCENARIO.read_text())
    data["caching"]["caches"][1]["hit_rate"] = 1.5
    data["days_per_mnth"] = 30
    errors = list(validator.iter_errors(data))
    assert ["caching", "caches", 1, "hit_rate"] in [list(e.absolute_path) for e in errors]
    assert any("days_per_mnth" in e.message for e in errors)
    assert len(errors) == 2
