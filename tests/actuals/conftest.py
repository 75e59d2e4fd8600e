"""Small bills written by the tests: FOCUS with usage, a commitment purchase and its amortised usage, a credit, a
second currency; OpenAI's and Anthropic's cost reports in their documented shapes; the simple CSV and DAU."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.browser.conftest import app_url, browser_type_launch_args  # noqa: F401  (fixtures, found by name)

FOCUS_HEADER = [
    "BillingAccountId", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd", "ProviderName", "ServiceCategory",
    "ServiceName", "BillingCurrency", "BilledCost", "EffectiveCost", "ListCost", "ConsumedQuantity", "ConsumedUnit",
]  # fmt: skip

FOCUS_ROWS = [
    # January 2026 (UTC)
    ["a1", "Usage", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "OpenAI", "AI and Machine Learning", "GPT-4o", "USD", "5000", "5000", "5000", "220000", "Requests"],
    ["a1", "Usage", "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z", "OpenAI", "AI and Machine Learning", "GPT-4o", "USD", "4000", "4000", "4000", "200000", "Requests"],
    ["a1", "Usage", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "Vercel", "Compute", "Vercel Pro", "USD", "20", "20", "20", "", ""],
    ["a1", "Usage", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "Supabase", "Databases", "Supabase Pro", "USD", "25", "25", "25", "", ""],
    ["a1", "Usage", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "Upstash", "Databases", "Upstash Redis", "USD", "10", "10", "10", "", ""],
    # A one-year commitment bought in January: billed 12,000 up front, amortised 1,000 a month into its usage.
    ["a1", "Purchase", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "AWS", "Compute", "Amazon EC2", "USD", "12000", "0", "0", "", ""],
    ["a1", "Usage", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "AWS", "Compute", "Amazon EC2", "USD", "0", "1000", "1400", "744", "Hours"],
    # February 2026
    ["a1", "Usage", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "AWS", "Compute", "Amazon EC2", "USD", "0", "1000", "1400", "672", "Hours"],
    ["a1", "Credit", "2026-02-10T00:00:00Z", "2026-02-11T00:00:00Z", "AWS", "Compute", "Amazon EC2", "USD", "-50", "-50", "0", "", ""],
    # 23:00 on 31 January in New York is February in UTC.
    ["a1", "Usage", "2026-01-31T23:00:00-05:00", "2026-02-01T23:00:00-05:00", "Vercel", "Compute", "Vercel Pro", "USD", "5", "5", "5", "", ""],
    # A second billing currency.
    ["a2", "Usage", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "Hetzner", "Compute", "Cloud servers", "EUR", "90", "90", "90", "", ""],
    # A service the mapping does not know.
    ["a1", "Usage", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "Twilio", "Business Applications", "SMS", "USD", "7", "7", "7", "", ""],
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def focus_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "focus.csv", FOCUS_HEADER, FOCUS_ROWS)


def openai_pages() -> list[dict]:
    # start_time 1769731200 = 2026-01-30T00:00:00Z; 1769904000 = 2026-02-01T00:00:00Z
    return [
        {
            "object": "page",
            "data": [
                {
                    "object": "bucket",
                    "start_time": 1769731200,
                    "end_time": 1769817600,
                    "results": [
                        {"object": "organization.costs.result", "amount": {"value": 100.5, "currency": "usd"}, "line_item": "gpt-4o, input", "project_id": None},
                        {"object": "organization.costs.result", "amount": {"value": 50.25, "currency": "usd"}, "line_item": "gpt-4o, output", "project_id": None},
                    ],
                }
            ],
            "has_more": True,
            "next_page": "page_abc",
        },
        {
            "object": "page",
            "data": [
                {
                    "object": "bucket",
                    "start_time": 1769904000,
                    "end_time": 1769990400,
                    "results": [{"object": "organization.costs.result", "amount": {"value": 200.0, "currency": "usd"}, "line_item": "gpt-4o, input", "project_id": None}],
                }
            ],
            "has_more": False,
            "next_page": None,
        },
    ]  # fmt: skip


@pytest.fixture
def openai_json(tmp_path: Path) -> Path:
    path = tmp_path / "openai-costs.json"
    path.write_text(json.dumps(openai_pages()))
    return path


@pytest.fixture
def anthropic_json(tmp_path: Path) -> Path:
    report = {
        "data": [
            {
                "starting_at": "2026-01-31T00:00:00Z",
                "ending_at": "2026-02-01T00:00:00Z",
                "results": [
                    {"amount": "12345.6", "currency": "USD", "model": "claude-sonnet-4", "cost_type": "tokens", "description": None, "workspace_id": None, "service_tier": "standard", "token_type": "output_tokens", "context_window": "0-200k"},
                    {"amount": "54.4", "currency": "USD", "model": None, "cost_type": "web_search", "description": None, "workspace_id": None, "service_tier": None, "token_type": None, "context_window": None},
                ],
            },
            {
                "starting_at": "2026-02-01T00:00:00Z",
                "ending_at": "2026-02-02T00:00:00Z",
                "results": [{"amount": "100", "currency": "USD", "model": "claude-sonnet-4", "cost_type": "tokens", "description": None, "workspace_id": None, "service_tier": "batch", "token_type": "uncached_input_tokens", "context_window": "0-200k"}],
            },
        ],
        "has_more": False,
        "next_page": None,
    }  # fmt: skip
    path = tmp_path / "anthropic-cost-report.json"
    path.write_text(json.dumps(report))
    return path
