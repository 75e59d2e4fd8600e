"""A second reading of the plan: contradictions between its sections, beyond its arithmetic.

model/audit.py checks that the plan's figures add up. This reads the sections against each other. Every
finding compares a figure from one section with one from another, in the same unit, and is listed only
where they disagree (status ``disagrees``), with ``gap = stated - computed``:

- ``reading-dashboard-ai-latency``: the dashboard's average AI response (seconds x 1,000) against level 1's
  P95 target (ms): an average above a 95th-percentile target means more than 5% of AI-backed requests miss it.
- ``reading-dr-level-N``: the database-failure RTO (minutes) against the downtime a level's availability
  target allows in a month, (1 - availability) x days_per_month x 1,440 minutes; one failure a month more
  than uses it up. Listed for each level whose budget is below the RTO.
- ``reading-checklist-replicas``: read replicas a level's checklist adds (the number in 'Add N read
  replica(s)') against the replicas its line items name (a line whose plan mentions 'replica': 1 or more).
- ``reading-cache-ttl-<cache>``: a cache key that carries a {date} against its TTL: a key for a whole day
  that expires after TTL hours is recomputed 24 / TTL times a day. Compared in hours (24 against the TTL).
- ``reading-level-1-headroom``: level 1's stated bottleneck ('None (headroom)'), i.e. its plans hold until
  level 2's DAU, against the first DAU at which a resource passes its warning line under level 1's capacities
  (model/capacity/crossings.py's crossing_dau).
- ``reading-alert-p95-level-N``: the P95 warning alert (ms) against a level's P95 target (ms), where the
  alert only fires above a latency the target already forbids.
- ``reading-reserved-aws``: the expected reserved-instance saving against what AWS reservations can apply
  to: the line items that can run on AWS (vendor or plan naming AWS or EKS) x the top of the discount range.
"""

from __future__ import annotations

import re

from model.audit import AuditFinding, _finding, _usd
from model.capacity import RESOURCES, capacities, crossing_dau, demand_coefficients, thresholds
from model.scenario import Scenario

MINUTES_PER_DAY = 1440.0
_REPLICAS = re.compile(r"\badd (\d+) read replicas?\b", re.IGNORECASE)
_AWS = re.compile(r"\b(aws|eks)\b", re.IGNORECASE)


def second_reading(s: Scenario) -> list[AuditFinding]:
    """The plan's sections against each other (module docstring); only disagreements are returned."""
    out: list[AuditFinding] = []

    def add(id_: str, topic: str, stated: float, computed: float, unit: str, text: str) -> None:
        out.append(_finding(id_, "plan", topic, stated, computed, unit, text, status="disagrees"))  # type: ignore[arg-type]

    d = s.dashboard
    first = s.levels[0]
    ai_ms = d.ai_response_seconds * 1000.0
    if ai_ms > first.targets.p95_ms:
        add(
            "reading-dashboard-ai-latency",
            "Second reading: level 1's P95 target vs the dashboard's AI response time (ms)",
            first.targets.p95_ms,
            ai_ms,
            "count",
            f"The dashboard's AI calls take {d.ai_response_seconds:g} s on average, above level 1's P95 target of "
            f"{first.targets.p95_ms / 1000:g} s: an average above the 95th-percentile target means more than 5% of "
            f"AI-backed requests miss it, yet the dashboard reports P95 {d.p95_ms / 1000:g} s for all requests.",
        )

    db_failure = next((sc for sc in s.disaster_recovery.scenarios if "database" in sc.name.lower()), None)
    if db_failure is not None:
        for lv in s.levels:
            budget = (1.0 - lv.targets.availability) * s.days_per_month * MINUTES_PER_DAY
            if budget < db_failure.rto_minutes:
                add(
                    f"reading-dr-level-{lv.number}",
                    f"Second reading: level {lv.number}'s monthly downtime budget vs the database-failure RTO (minutes)",
                    budget,
                    db_failure.rto_minutes,
                    "count",
                    f"{lv.targets.availability:.3%} availability allows (1 - {lv.targets.availability:g}) x "
                    f"{s.days_per_month:g} days x 1,440 = {budget:.2f} minutes of downtime a month; section 7 recovers from a "
                    f"database failure in {db_failure.rto_minutes:g} minutes, "
                    + (f"{db_failure.rto_minutes / budget:.1f}x that, " if budget > 0 else "and 100% availability allows none, ")
                    + "so one failure a month breaks the target.",
                )

    for lv in s.levels:
        added = sum(int(m.group(1)) for item in lv.checklist for m in _REPLICAS.finditer(item))
        named = sum(1 for li in lv.line_items if "replica" in li.plan.lower() or "replica" in li.vendor.lower())
        if added and not named:
            add(
                f"reading-checklist-replicas-level-{lv.number}",
                f"Second reading: read replicas level {lv.number}'s checklist adds vs its line items",
                float(added),
                float(named),
                "count",
                f"Level {lv.number}'s checklist adds {added} read replica{'s' if added > 1 else ''}, but none of its line items "
                f"({', '.join(f'{li.vendor} {li.plan}' for li in lv.line_items)}) names or prices one.",
            )

    for c in s.caching.caches:
        if c.key_pattern and "{date}" in c.key_pattern and c.ttl_seconds and c.ttl_seconds < 86_400:
            hours = c.ttl_seconds / 3600
            add(
                f"reading-cache-ttl-{c.id}",
                f"Second reading: {c.name}: a key per day vs its TTL (hours)",
                24.0,
                hours,
                "count",
                f"The key {c.key_pattern} holds one value for a whole day, but expires after {hours:g} hours: each "
                f"user's {c.name.lower()} is recomputed up to {24 / hours:g} times a day.",
            )

    if len(s.levels) > 1 and any("none" in b.lower() for b in first.bottlenecks):
        coeffs, caps, thr = demand_coefficients(s), capacities(s), thresholds(s)
        crossings = [
            (x, r) for r in RESOURCES if (x := crossing_dau(*coeffs[r.id], float(caps[r.id][0]), thr[r.id][0])) is not None
        ]
        nxt = s.levels[1].dau
        if crossings and min(crossings, key=lambda x: x[0])[0] < nxt:
            at, res = min(crossings, key=lambda x: x[0])
            add(
                "reading-level-1-headroom",
                "Second reading: level 1's 'no bottleneck (headroom)' vs the capacity figures (DAU)",
                float(nxt),
                float(at),
                "count",
                f"Level 1 lists no bottleneck ('{first.bottlenecks[0]}') and the plan keeps its plans until {nxt:,} DAU, but "
                f"{res.label} passes its {thr[res.id][0]:.0%} warning line under level 1's plans from {at:,} DAU "
                f"(the dashboard already shows {d.redis_memory_used_gb:g} of {d.redis_memory_max_gb:g} GB of Redis and "
                f"{d.db_pool_connections_used} of {d.db_pool_connections_max} pool connections in use at {d.dau:,} DAU).",
            )

    warn_ms = s.alerts.warning.p95_ms
    for lv in s.levels:
        if lv.targets.p95_ms < warn_ms:
            add(
                f"reading-alert-p95-level-{lv.number}",
                f"Second reading: P95 warning alert vs level {lv.number}'s P95 target (ms)",
                lv.targets.p95_ms,
                warn_ms,
                "count",
                f"Level {lv.number} targets P95 under {lv.targets.p95_ms / 1000:g} s, but the warning alert fires only above "
                f"{warn_ms / 1000:g} s (critical above {s.alerts.critical.p95_ms / 1000:g} s): a P95 "
                f"{warn_ms / lv.targets.p95_ms:.1f}x the target raises no alert.",
            )

    ri = s.reserved_instances
    aws_items = [li for lv in s.levels if lv.dau >= ri.from_dau for li in lv.line_items if _AWS.search(f"{li.vendor} {li.plan}")]
    aws_top = max((li.usd_per_month for li in aws_items), default=0.0) * ri.discount_high
    if ri.stated_expected_saving_usd_per_month > aws_top + 0.5:
        where = (
            ", ".join(f"{li.vendor} {li.plan} ({_usd(li.usd_per_month)})" for li in aws_items) or "no line item that runs on AWS"
        )
        add(
            "reading-reserved-aws",
            "Second reading: expected reserved-instance saving vs what AWS reservations can apply to",
            ri.stated_expected_saving_usd_per_month,
            aws_top,
            "usd",
            f"Section 6 expects {_usd(ri.stated_expected_saving_usd_per_month)}/month from AWS reserved instances from "
            f"{ri.from_dau:,} DAU, but the levels from there name {where}; at most {ri.discount_high:.0%} of that is "
            f"{_usd(aws_top)}. Vercel, Citus, Redis Cluster, CockroachDB and Cloudflare are not AWS reservations.",
        )
    return out
