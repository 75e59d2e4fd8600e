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

from model.audit import AuditFinding, Text, Usd, _finding, _t
from model.capacity import RESOURCES, capacities, crossing_dau, demand_coefficients, thresholds
from model.costs import days_in_month
from model.scenario import Scenario

MINUTES_PER_DAY = 1440.0
_REPLICAS = re.compile(r"\badd (\d+) read replicas?\b", re.IGNORECASE)
_AWS = re.compile(r"\b(aws|eks)\b", re.IGNORECASE)


def second_reading(s: Scenario) -> list[AuditFinding]:
    """The plan's sections against each other (module docstring); only disagreements are returned."""
    out: list[AuditFinding] = []

    def add(id_: str, topic: Text, stated: float, computed: float, unit: str, text: Text) -> None:
        out.append(_finding(id_, "plan", topic, stated, computed, unit, text, status="disagrees"))  # type: ignore[arg-type]

    d = s.dashboard
    first = s.levels[0]
    ai_ms = d.ai_response_seconds * 1000.0
    if ai_ms > first.targets.p95_ms:
        add(
            "reading-dashboard-ai-latency",
            _t("Second reading: level 1's P95 target vs the dashboard's AI response time (ms)"),
            first.targets.p95_ms,
            ai_ms,
            "count",
            _t(
                "The dashboard's AI calls take {ai} s on average, above level 1's P95 target of {target} s: an average "
                "above the 95th-percentile target means more than 5% of AI-backed requests miss it, yet the dashboard "
                "reports P95 {p95} s for all requests.",
                ai=f"{d.ai_response_seconds:g}",
                target=f"{first.targets.p95_ms / 1000:g}",
                p95=f"{d.p95_ms / 1000:g}",
            ),
        )

    db_failure = next((sc for sc in s.disaster_recovery.scenarios if "database" in sc.name.lower()), None)
    if db_failure is not None:
        for lv in s.levels:
            budget = (1.0 - lv.targets.availability) * days_in_month(s) * MINUTES_PER_DAY
            if budget < db_failure.rto_minutes:
                add(
                    f"reading-dr-level-{lv.number}",
                    _t(
                        "Second reading: level {number}'s monthly downtime budget vs the database-failure RTO (minutes)",
                        number=str(lv.number),
                    ),
                    budget,
                    db_failure.rto_minutes,
                    "count",
                    _downtime_text(lv.targets.availability, days_in_month(s), budget, db_failure.rto_minutes),
                )

    for lv in s.levels:
        added = sum(int(m.group(1)) for item in lv.checklist for m in _REPLICAS.finditer(item))
        named = sum(1 for li in lv.line_items if "replica" in li.plan.lower() or "replica" in li.vendor.lower())
        if added and not named:
            add(
                f"reading-checklist-replicas-level-{lv.number}",
                _t("Second reading: read replicas level {number}'s checklist adds vs its line items", number=str(lv.number)),
                float(added),
                float(named),
                "count",
                _replicas_text(lv.number, added, ", ".join(f"{li.vendor} {li.plan}" for li in lv.line_items)),
            )

    for c in s.caching.caches:
        if c.key_pattern and "{date}" in c.key_pattern and c.ttl_seconds and c.ttl_seconds < 86_400:
            hours = c.ttl_seconds / 3600
            add(
                f"reading-cache-ttl-{c.id}",
                _t("Second reading: {cache}: a key per day vs its TTL (hours)", cache=c.name),
                24.0,
                hours,
                "count",
                _t(
                    "The key {pattern} holds one value for a whole day, but expires after {hours} hours: each user's "
                    "'{cache}' result is recomputed up to {times} times a day.",
                    pattern=c.key_pattern,
                    hours=f"{hours:g}",
                    cache=c.name,
                    times=f"{24 / hours:g}",
                ),
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
                _t("Second reading: level 1's 'no bottleneck (headroom)' vs the capacity figures (DAU)"),
                float(nxt),
                float(at),
                "count",
                _t(
                    "Level 1 lists no bottleneck ('{bottleneck}') and the plan keeps its plans until {next} DAU, but "
                    "{resource} passes its {warning} warning line under level 1's plans from {at} DAU (the dashboard "
                    "already shows {redis_used} of {redis_max} GB of Redis and {pool_used} of {pool_max} pool connections "
                    "in use at {dau} DAU).",
                    bottleneck=first.bottlenecks[0],
                    next=f"{nxt:,}",
                    resource=res.label,
                    warning=f"{thr[res.id][0]:.0%}",
                    at=f"{at:,}",
                    redis_used=f"{d.redis_memory_used_gb:g}",
                    redis_max=f"{d.redis_memory_max_gb:g}",
                    pool_used=str(d.db_pool_connections_used),
                    pool_max=str(d.db_pool_connections_max),
                    dau=f"{d.dau:,}",
                ),
            )

    warn_ms = s.alerts.warning.p95_ms
    for lv in s.levels:
        if lv.targets.p95_ms < warn_ms:
            add(
                f"reading-alert-p95-level-{lv.number}",
                _t("Second reading: P95 warning alert vs level {number}'s P95 target (ms)", number=str(lv.number)),
                lv.targets.p95_ms,
                warn_ms,
                "count",
                _t(
                    "Level {number} targets P95 under {target} s, but the warning alert fires only above {warning} s "
                    "(critical above {critical} s): a P95 {times}x the target raises no alert.",
                    number=str(lv.number),
                    target=f"{lv.targets.p95_ms / 1000:g}",
                    warning=f"{warn_ms / 1000:g}",
                    critical=f"{s.alerts.critical.p95_ms / 1000:g}",
                    times=f"{warn_ms / lv.targets.p95_ms:.1f}",
                ),
            )

    ri = s.reserved_instances
    aws_items = [li for lv in s.levels if lv.dau >= ri.from_dau for li in lv.line_items if _AWS.search(f"{li.vendor} {li.plan}")]
    aws_top = max((li.usd_per_month for li in aws_items), default=0.0) * ri.discount_high
    if ri.stated_expected_saving_usd_per_month > aws_top + 0.5:
        # Each AWS item with its price, as words the app can convert: "{item0} ({usd0}), {item1} ({usd1})".
        items = {f"item{i}": f"{li.vendor} {li.plan}" for i, li in enumerate(aws_items)}
        listing = ", ".join(f"{{item{i}}} ({{usd{i}}})" for i in range(len(aws_items)))  # no words to translate
        prices = {f"usd{i}": Usd(li.usd_per_month) for i, li in enumerate(aws_items)}
        where = _t(listing, **items, **prices) if aws_items else _t("no line item that runs on AWS")
        add(
            "reading-reserved-aws",
            _t("Second reading: expected reserved-instance saving vs what AWS reservations can apply to"),
            ri.stated_expected_saving_usd_per_month,
            aws_top,
            "usd",
            _t(
                "Section 6 expects {expected}/month from AWS reserved instances from {dau} DAU, but the levels from there "
                "name {where}; at most {share} of that is {top}. Vercel, Citus, Redis Cluster, CockroachDB and Cloudflare "
                "are not AWS reservations.",
                expected=Usd(ri.stated_expected_saving_usd_per_month),
                dau=f"{ri.from_dau:,}",
                where=where,  # type: ignore[arg-type]
                share=f"{ri.discount_high:.0%}",
                top=Usd(aws_top),
            ),
        )
    return out


def _downtime_text(availability: float, days: float, budget: float, rto_minutes: float) -> Text:
    """The downtime a level's availability allows in a month against the database-failure RTO."""
    args = {
        "availability": f"{availability:.3%}",
        "share": f"{availability:g}",
        "days": f"{days:g}",
        "budget": f"{budget:.2f}",
        "rto": f"{rto_minutes:g}",
    }
    if budget > 0:
        return _t(
            "{availability} availability allows (1 - {share}) x {days} days x 1,440 = {budget} minutes of downtime a "
            "month; section 7 recovers from a database failure in {rto} minutes, {times}x that, so one failure a month "
            "breaks the target.",
            times=f"{rto_minutes / budget:.1f}",
            **args,
        )
    return _t(
        "{availability} availability allows (1 - {share}) x {days} days x 1,440 = {budget} minutes of downtime a "
        "month; section 7 recovers from a database failure in {rto} minutes, and 100% availability allows none, so one "
        "failure a month breaks the target.",
        **args,
    )


def _replicas_text(number: int, added: int, items: str) -> Text:
    """A level's checklist adds read replicas its line items do not price."""
    if added == 1:
        return _t(
            "Level {number}'s checklist adds {n} read replica, but none of its line items ({items}) names or prices one.",
            number=str(number),
            n=str(added),
            items=items,
        )
    return _t(
        "Level {number}'s checklist adds {n} read replicas, but none of its line items ({items}) names or prices one.",
        number=str(number),
        n=str(added),
        items=items,
    )
