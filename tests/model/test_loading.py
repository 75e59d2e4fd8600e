"""Bad scenario input gives one ScenarioError line naming the file, the field path and the rule broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.loading import MAX_SCENARIO_BYTES, PLAN_SCENARIO, ScenarioError, load_scenario, parse_scenario
from model.overrides import differences
from model.result import evaluate


def plan_data() -> dict:
    """A fresh, mutable copy of plan.json as parsed JSON."""
    return json.loads(PLAN_SCENARIO.read_text())


def write(tmp_path: Path, data: object, name: str = "scenario.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def error_for(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert "\n" not in str(err), "one line"
    assert str(err).startswith(f"{path}: ")
    assert err.source == str(path)
    return err


def test_the_plan_loads(plan):
    assert plan.name == "The plan: 09. Scaling Infrastructure v1.0"
    assert load_scenario(PLAN_SCENARIO) == plan


def test_missing_file(tmp_path):
    err = error_for(tmp_path / "nope.json")
    assert (err.field, err.rule) == ("", "no such file")


def test_a_folder_is_not_a_scenario(tmp_path):
    assert "folder" in error_for(tmp_path).rule


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    # line 2, '  "tiers_dau": [1,]': the ']' after the trailing comma is column 19
    path.write_text('{"name": "x",\n  "tiers_dau": [1,]\n}')
    err = error_for(path)
    assert err.rule.startswith("invalid JSON at line 2, column 19")


def test_unknown_top_level_key_names_the_typo(tmp_path):
    data = plan_data()
    data["days_per_mnth"] = data.pop("days_per_month")
    err = error_for(write(tmp_path, data))
    assert err.field == "days_per_mnth"
    # the typo also leaves days_per_month missing; the typo is named first
    assert err.rule == "unknown key (check the spelling; see data/scenario.schema.json) (and 1 more problem)"


def test_unknown_nested_key_names_the_full_path(tmp_path):
    data = plan_data()
    data["levels"][2]["line_items"][0]["usd_per_mont"] = 1
    err = error_for(write(tmp_path, data))
    assert err.field == "levels.2.line_items.0.usd_per_mont"
    assert err.rule.startswith("unknown key")


def test_hit_rate_above_one(tmp_path):
    data = plan_data()
    data["caching"]["caches"][1]["hit_rate"] = 1.5
    err = error_for(write(tmp_path, data))
    assert (err.field, err.rule) == ("caching.caches.1.hit_rate", "must be <= 1.0 (got 1.5)")


def test_negative_price(tmp_path):
    data = plan_data()
    data["levels"][0]["line_items"][1]["usd_per_month"] = -25
    err = error_for(write(tmp_path, data))
    assert (err.field, err.rule) == ("levels.0.line_items.1.usd_per_month", "must be >= 0.0 (got -25)")


def test_negative_dau(tmp_path):
    data = plan_data()
    data["tiers_dau"][0] = -10_000
    err = error_for(write(tmp_path, data))
    assert (err.field, err.rule) == ("tiers_dau.0", "must be > 0 (got -10000)")


def test_tiers_out_of_order(tmp_path):
    data = plan_data()
    data["tiers_dau"] = [50_000, 10_000]
    err = error_for(write(tmp_path, data))
    assert err.field == "tiers_dau"
    assert "strictly increasing" in err.rule


def test_levels_out_of_order(tmp_path):
    data = plan_data()
    data["levels"][0]["dau"], data["levels"][1]["dau"] = 50_000, 10_000
    err = error_for(write(tmp_path, data))
    assert err.field == "levels"
    assert "strictly increasing" in err.rule


def test_file_over_one_megabyte(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_SCENARIO_BYTES + 1))
    err = error_for(path)
    # Only MAX + 1 bytes are read, so the message says 'more than' rather than trusting the size the file claims.
    assert err.rule == "file is more than 1,000,000 bytes; a scenario may be at most 1,000,000 bytes"
    with pytest.raises(ScenarioError, match="at most 1,000,000 bytes"):
        parse_scenario(b" " * (MAX_SCENARIO_BYTES + 1), source="upload.json")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_name_the_field(tmp_path, constant):
    path = tmp_path / "nan.json"
    path.write_text(PLAN_SCENARIO.read_text().replace('"days_per_month": 30', f'"days_per_month": {constant}'))
    err = error_for(path)
    assert (err.field, err.rule) == ("days_per_month", "must be a finite number")


@pytest.mark.parametrize(("text", "kind"), [("[1, 2]", "list"), ('"plan"', "str"), ("null", "NoneType"), ("3", "int")])
def test_non_object_json(tmp_path, text, kind):
    path = tmp_path / "list.json"
    path.write_text(text)
    assert error_for(path).rule == f"a scenario is a JSON object, not {kind}"


def test_binary_bytes(tmp_path):
    path = tmp_path / "picture.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert error_for(path).rule == "not UTF-8 text (is it a binary file?)"


def test_deep_nesting(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"notes": ' + "[" * 100 + "]" * 100 + "}")
    assert error_for(path).rule == "nested more than 64 levels deep"


def test_model_mix_not_summing_to_one(tmp_path):
    data = plan_data()
    data["ai"]["model_mix"][1]["share_of_calls"] = 0.2
    err = error_for(write(tmp_path, data))
    assert err.field == "ai.model_mix"
    assert err.rule == "model_mix shares must sum to 1 (they sum to 1.1)"


def test_model_without_a_price(tmp_path):
    data = plan_data()
    data["ai"]["model_mix"][1]["model"] = "gpt-no-such-model"
    err = error_for(write(tmp_path, data))
    assert err.field == "ai.model_mix.1.model"
    assert "gpt-no-such-model" in err.rule and "price_overrides" in err.rule


def test_model_without_a_library_price_is_fine_with_an_override(tmp_path):
    data = plan_data()
    data["ai"]["model_mix"][1]["model"] = "our-own-finetune"
    data["ai"]["price_overrides"] = {
        "our-own-finetune": {"input_usd_per_mtok": 0.15, "cached_input_usd_per_mtok": 0.075, "output_usd_per_mtok": 0.6}
    }
    scenario = load_scenario(write(tmp_path, data))
    # the same prices as gpt-4o-mini, so the plan's cost table still holds: 9,000 at 10k
    assert evaluate(scenario).tier(10_000).ai_usd == pytest.approx(9_000, rel=1e-9)


def test_provenance_key_naming_no_field(tmp_path):
    data = plan_data()
    data["provenance"]["ai.calls_per_dau_per_dya"] = {"kind": "plan", "note": "typo"}
    err = error_for(write(tmp_path, data))
    assert err.field == "provenance"
    assert err.rule == "provenance key 'ai.calls_per_dau_per_dya' names no field of the scenario"


# --- overlays -----------------------------------------------------------------------------------


def test_overlay_extends_the_plan(tmp_path, plan):
    path = write(
        tmp_path,
        {"extends": "plan.json", "name": "Fewer calls", "notes": "One call a day.", "overrides": {"ai.calls_per_dau_per_day": 1}},
    )
    scenario = load_scenario(path)
    assert differences(plan, scenario) == {
        "name": (plan.name, "Fewer calls"),
        "notes": (plan.notes, "One call a day."),
        "ai.calls_per_dau_per_day": (2, 1),
    }
    assert scenario.provenance == plan.provenance
    # half the calls: 9,000 / 2 = 4,500 at 10k
    assert evaluate(scenario).tier(10_000).ai_usd == pytest.approx(4_500, rel=1e-9)


def test_overlay_with_a_bad_override_path(tmp_path):
    err = error_for(write(tmp_path, {"extends": "plan.json", "name": "x", "overrides": {"ai.calls_per_day": 1}}))
    assert (err.field, err.rule) == ("ai.calls_per_day", "no such setting")


def test_overlay_with_a_bad_override_value(tmp_path):
    err = error_for(write(tmp_path, {"extends": "plan.json", "name": "x", "overrides": {"caching.caches.1.hit_rate": 1.5}}))
    assert (err.field, err.rule) == ("caching.caches.1.hit_rate", "must be <= 1.0 (got 1.5)")


def test_overlay_with_an_unknown_key(tmp_path):
    err = error_for(write(tmp_path, {"extends": "plan.json", "name": "x", "overide": {}}))
    assert err.field == "overide"
    assert err.rule.startswith("unknown key")


@pytest.mark.parametrize("target", ["../plan.json", "/etc/passwd", "scenarios/plan.json", "plan.yaml"])
def test_overlay_extends_only_a_file_in_the_scenario_folder(tmp_path, target):
    err = error_for(write(tmp_path, {"extends": target, "name": "x"}))
    assert err.field == "extends"
    assert "pattern" in err.rule


def test_overlay_extending_a_missing_scenario(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, {"extends": "no-such-scenario.json", "name": "x"}))
    assert "no-such-scenario.json" in str(info.value)
    assert "no such file" in str(info.value)
