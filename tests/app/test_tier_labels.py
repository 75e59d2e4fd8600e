"""The tier pickers' labels: short enough that the plan's five tiers fit the Overview's picker, exact in either language."""

from __future__ import annotations

import pytest

from i18n.display import Display, using
from model.loading import plan_scenario
from model.result import evaluate
from ui.tables import dau_short, tier_options


@pytest.mark.parametrize(
    ("value", "en", "ko"),
    [
        (10_000, "10k", "1만"),
        (50_000, "50k", "5만"),
        (1_000_000, "1M", "100만"),
        (2_500_000, "2.5M", "250만"),
        (300_000_000, "300M", "3억"),
        (12_345, "12,345", "12,345"),  # never rounded: a DAU typed as 12,345 reads 12,345
        (15_500, "15,500", "15,500"),
    ],
)
def test_a_dau_as_a_person_says_it_exactly(value: float, en: str, ko: str) -> None:
    with using(Display(lang="en")):
        assert dau_short(value) == en
    with using(Display(lang="ko")):
        assert dau_short(value) == ko


def test_the_plans_tiers_in_english_and_korean() -> None:
    result = evaluate(plan_scenario())
    with using(Display(lang="en")):
        assert list(tier_options(result).values()) == ["10k · L1", "50k · L2", "100k · L3", "500k · L4", "1M · L5"]
    with using(Display(lang="ko")):
        assert list(tier_options(result).values()) == ["1만 · L1", "5만 · L2", "10만 · L3", "50만 · L4", "100만 · L5"]


def test_a_typed_tier_names_its_level() -> None:
    """A tier typed between the plan's (300,000 DAU) is labelled with the level in force there (level 3, from 100k to 500k)."""
    from model.overrides import with_overrides

    scenario = with_overrides(plan_scenario(), {"tiers_dau": [10_000, 300_000]})
    with using(Display(lang="en")):
        assert list(tier_options(evaluate(scenario)).values()) == ["10k · L1", "300k · L3"]
