"""Speed of the segment reports (issue 14 items 5 and 7) through the command bus, on SQLite and PostgreSQL.

    python bench/segment_report_speed.py [--customers 100000] [--changes 300000] [--repeat 30] [--only sqlite]

Builds customers whose segments moved over 90 days (segment_changes as nightly runs write them, the customers'
current segment their last move), then times "segment sizes", "how have segments moved this month" and "who moved
from champions to at risk" as an admin, a manager of a team and a rep ask them; prints p50 / p99 against the
50 / 200 ms target and the query plan of the moves lookup. A scratch SQLite file and PostgreSQL schema, dropped
at the end.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from peewee import Database, chunked

from crm_core import bus, clock
from crm_core.models import SEGMENTS, Customer, SegmentChange, User
from crm_core.nlp_commands import parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database  # noqa: E402

QUESTIONS = ("segment sizes", "how have segments moved this month", "who moved from champions to at risk",
             "segment moves chart")
TARGET_P50, TARGET_P99 = 50.0, 200.0


def generate(customers: int, changes: int) -> None:
    rng, now = random.Random(5), clock.utcnow().replace(microsecond=0)
    User.insert_many([{"id": 1, "name": "Ada Admin", "role": "admin", "email": "ada@bench"},
                      {"id": 2, "name": "Mona Manager", "role": "manager", "email": "mona@bench", "team": "west"},
                      {"id": 3, "name": "Rita Rep", "role": "rep", "email": "rita@bench", "team": "west"}]
                     + [{"id": i, "name": f"Rep {i}", "role": "rep", "email": f"rep{i}@bench"} for i in range(4, 24)]
                     ).execute()
    segment = {c: None for c in range(1, customers + 1)}
    moves = []
    for moment in sorted(now - timedelta(days=rng.uniform(0, 90)) for _ in range(changes)):
        customer = rng.randrange(1, customers + 1)
        following = rng.choice([s for s in SEGMENTS if s != segment[customer]])
        moves.append({"customer": customer, "from_segment": segment[customer], "to_segment": following,
                      "as_of": moment.date(), "changed_at": moment})
        segment[customer] = following
    for batch in chunked(({"id": c, "name": f"Customer {c}", "name_norm": f"customer {c}", "segment": s,
                           "owner": 1 + c % 23} for c, s in segment.items()), 2000):
        Customer.insert_many(batch).execute()
    for batch in chunked(moves, 2000):
        SegmentChange.insert_many(batch).execute()


def timed(text: str, user: User, repeat: int) -> tuple[float, float, str]:
    command = parse(text, clock.utcnow(), None).to_command()
    result = bus.handle(command, user)
    for _ in range(2):
        bus.handle(command, user)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        bus.handle(command, user)
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], type(result).__name__


def plan(db: Database, kind: str) -> None:
    from crm_core.services.insights import Who
    from crm_core.services.segment_report import first_changes
    sql, params = first_changes(clock.utcnow() - timedelta(days=30), Who()).sql()
    print(f"[{kind}] plan of the moves lookup (each customer's first change in the window):")
    for row in db.execute_sql(("EXPLAIN QUERY PLAN " if kind == "sqlite" else "EXPLAIN ") + sql, params).fetchall():
        print("    ", " ".join(str(cell) for cell in row))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    for kind in ("sqlite", "postgres"):
        if args.only and kind != args.only:
            continue
        with scratch_database(kind) as db:
            started = time.perf_counter()
            generate(args.customers, args.changes)
            db.execute_sql("ANALYZE")  # planner statistics, as a database that has been running has them
            print(f"[{kind}] {args.customers:,} customers, {args.changes:,} segment changes over 90 days "
                  f"(generated in {time.perf_counter() - started:.0f} s)")
            for who in (User.get_by_id(1), User.get_by_id(2), User.get_by_id(3)):
                for text in QUESTIONS:
                    p50, p99, answer = timed(text, who, args.repeat)
                    flag = "" if p50 <= TARGET_P50 and p99 <= TARGET_P99 else "  MISSES THE TARGET"
                    print(f"[{kind}] {who.role:8s} {text!r:42s} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  ({answer}){flag}")
            plan(db, kind)


if __name__ == "__main__":
    main()
