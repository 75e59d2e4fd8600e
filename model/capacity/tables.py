"""Per-level tables: each level's targets beside the modelled concurrency, and the capacity in force with its source."""

from __future__ import annotations

import pandas as pd

from model.capacity.formulas import capacities, pgbouncer_in_force
from model.capacity.resources import CAPACITY_FIELDS, RESOURCES
from model.scenario import Scenario


def targets_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per level: its targets beside the modelled concurrency at its start, its bottlenecks and checklist.

    Columns: level, level_name, dau, target_concurrent_users, modelled_concurrent_users
    (= capacity.concurrent_users_per_dau x level DAU), target_p95_ms, target_availability,
    ai_provider, pgbouncer, bottlenecks, checklist (each joined with '; ').
    """
    share = scenario.capacity.concurrent_users_per_dau
    rows = []
    for lv, lc in zip(scenario.levels, scenario.capacity.levels, strict=True):
        rows.append(
            {
                "level": lv.number,
                "level_name": lv.name,
                "dau": lv.dau,
                "target_concurrent_users": lv.targets.concurrent_users,
                "modelled_concurrent_users": share * lv.dau,
                "target_p95_ms": lv.targets.p95_ms,
                "target_availability": lv.targets.availability,
                "ai_provider": lc.ai_provider,
                "pgbouncer": pgbouncer_in_force(scenario, lv.number),
                "bottlenecks": "; ".join(lv.bottlenecks),
                "checklist": "; ".join(lv.checklist),
            }
        )
    return pd.DataFrame(rows)


def capacity_frame(scenario: Scenario) -> pd.DataFrame:
    """One row per level and resource: the capacity in force and where its number comes from.

    Columns: level, level_name, dau, resource, label, unit, capacity, path (the scenario field),
    source ('plan' / 'assumption' / 'implied' from the provenance, '' if none), note, pgbouncer (for
    db_connections: whether PgBouncer's max_client_conn sets the capacity).
    """
    caps = capacities(scenario)
    pgb = scenario.database.pgbouncer
    rows = []
    for i, (lv, lc) in enumerate(zip(scenario.levels, scenario.capacity.levels, strict=True)):
        for r in RESOURCES:
            path = f"capacity.levels.{i}.{CAPACITY_FIELDS[r.id]}"
            prov = scenario.provenance.get(path)
            via_pgbouncer = (
                r.id == "db_connections"
                and pgbouncer_in_force(scenario, lv.number)
                and pgb.max_client_conn > lc.db_max_connections
            )
            rows.append(
                {
                    "level": lv.number,
                    "level_name": lv.name,
                    "dau": lv.dau,
                    "resource": r.id,
                    "label": r.label,
                    "unit": r.unit,
                    "capacity": float(caps[r.id][i]),
                    "path": path,
                    "source": prov.kind if prov else "",
                    "note": prov.note if prov else "",
                    "pgbouncer": via_pgbouncer,
                }
            )
    return pd.DataFrame(rows)
