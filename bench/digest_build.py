"""How long a manager's digest takes to build (SQL aggregates) and to draw (the PNG), on the demo data
and on a large generated database, on SQLite and PostgreSQL.

    python bench/digest_build.py [--scale 1.0] [--only sqlite|postgres] [--repeat 5]

Scale 1.0 is 100,000 customers, 200,000 deals with 400,000 stage changes, 1,000,000 activities,
200,000 tickets and 100,000 segment changes spread over two years; the digest covers the last day.
"""
from __future__ import annotations

import argparse
import io
import random
from datetime import datetime, timedelta

from crm_core.db import is_postgres
from crm_core.demo import load_demo
from crm_core.digest.chart import render_chart
from crm_core.digest.content import build_digest
from crm_core.models import OPEN_STAGES, SEGMENTS, User, utcnow

from common import scratch_database, summary, timed

STAMP = "2026-01-01 00:00:00"
KINDS = ("call", "meeting", "email", "note")


def rows(scale: float, now: datetime) -> dict[str, tuple[str, list[tuple]]]:
    rng = random.Random(3)
    n = {k: int(v * scale) for k, v in dict(customers=100_000, deals=200_000, activities=1_000_000, tickets=200_000,
                                             segment_changes=100_000).items()}

    def when() -> str:
        return (now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))).strftime("%Y-%m-%d %H:%M:%S")

    stages = (*OPEN_STAGES, "won", "lost")
    deals, changes = [], []
    for i in range(1, n["deals"] + 1):
        stage, created = rng.choice(stages), when()
        deals.append((i, rng.randint(1, n["customers"]), f"Deal {i}", round(rng.lognormvariate(9, 1), 2), "USD", stage,
                      rng.randint(1, 8), created if stage in ("won", "lost") else None, created, created))
        changes += [(i, None, "lead", created), (i, "lead", stage, when())]
    return {
        "customers": ("id, name, name_norm, is_lead, outreach_opt_in, support_new_ticket, created_at, updated_at, "
                      "segment",
                      [(i, f"Company {i}", f"company {i}", False, True, False, STAMP, STAMP, rng.choice(SEGMENTS))
                       for i in range(1, n["customers"] + 1)]),
        "customer_scores": ("customer_id, p_alive, lifetime_value, score_version, scored_at",
                            [(i, rng.random(), rng.lognormvariate(5, 1), "bench", STAMP)
                             for i in range(1, n["customers"] + 1)]),
        "deals": ("id, customer_id, title, amount, currency, stage, owner_id, closed_at, created_at, updated_at",
                  deals),
        "deal_stage_changes": ("deal_id, from_stage, to_stage, changed_at", changes),
        "activities": ("customer_id, kind, summary, user_id, channel, occurred_at, created_at",
                       [(rng.randint(1, n["customers"]), rng.choice(KINDS), "", rng.randint(1, 8), "console", t, t)
                        for t in (when() for _ in range(n["activities"]))]),
        "tickets": ("number, customer_id, subject, status, priority, channel, csat_score, created_at, updated_at, "
                    "resolved_at, csat_at",
                    [(1000 + i, rng.randint(1, n["customers"]), "Help", "resolved", "normal", "console",
                      rng.randint(1, 5), t, t, t, t) for i, t in enumerate(when() for _ in range(n["tickets"]))]),
        "segment_changes": ("customer_id, from_segment, to_segment, as_of, changed_at",
                            [(rng.randint(1, n["customers"]), rng.choice(SEGMENTS), rng.choice(SEGMENTS), t[:10], t)
                             for t in (when() for _ in range(n["segment_changes"]))]),
    }


def load_large(db, scale: float, now: datetime) -> int:
    users = [(i, f"Rep {i}", "manager" if i == 1 else "rep", "UTC", True, STAMP) for i in range(1, 9)]
    tables = {"users": ("id, name, role, timezone, is_active, created_at", users), **rows(scale, now)}
    with db.atomic():
        for table, (columns, values) in tables.items():
            _insert(db, table, columns, values)
        if is_postgres():
            for table in ("users", "customers", "deals"):
                db.execute_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    db.execute_sql("ANALYZE")
    return sum(len(values) for _, values in tables.values())


def _insert(db, table: str, columns: str, values: list[tuple]) -> None:
    if is_postgres():
        text = "".join("\t".join(r"\N" if v is None else str(v) for v in row) + "\n" for row in values)
        db.cursor().copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(text))
    else:
        marks = ", ".join("?" * len(columns.split(",")))
        db.cursor().executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


def measure(label: str, manager: User, now: datetime, repeat: int) -> None:
    since = now - timedelta(days=1)
    digest = build_digest(manager, since, now)
    builds = timed(lambda: build_digest(manager, since, now), repeat)
    print(f"{label} build_digest (last day, SQL aggregates): {summary(builds)}")
    print(f"{label} render_chart (PNG, {len(render_chart(digest)):,} bytes): "
          f"{summary(timed(lambda: render_chart(digest), repeat))}")


def bench(kind: str, scale: float, repeat: int) -> None:
    with scratch_database(kind) as db:
        load_demo()
        now = utcnow()
        manager = User.select().where(User.role == "manager").first()
        measure(f"[{kind} demo]", manager, now, repeat)
    with scratch_database(kind) as db:
        now = datetime(2026, 11, 25, 8, 0)
        loaded = load_large(db, scale, now)
        measure(f"[{kind} large, {loaded:,} rows]", User.get_by_id(1), now, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    for kind in ("sqlite", "postgres"):
        if args.only in (None, kind):
            bench(kind, args.scale, args.repeat)


if __name__ == "__main__":
    main()
