"""Top customers over 1,000,000 orders, and the overhead of a service call, on SQLite and PostgreSQL.

    python bench/services.py [--orders 1000000] [--customers 100000] [--only sqlite|postgres]
"""
from __future__ import annotations

import argparse
import io
import random
import time
from datetime import date, timedelta

from crm_core import bus
from crm_core import commands as c
from crm_core.db import is_postgres
from crm_core.models import Customer, Order, User

from common import scratch_database, summary, timed


def load(customers: int, orders: int, db) -> None:
    rng = random.Random(1)
    start = date(2024, 11, 1)
    stamp = "2026-01-01 00:00:00"
    people = [(i, f"Company {i}", f"company {i}", False, True, False, stamp, stamp) for i in range(1, customers + 1)]
    rows = [(rng.randint(1, customers), start + timedelta(days=rng.randrange(730)),
             round(rng.lognormvariate(4, 1), 2), f"k{i}", stamp) for i in range(orders)]
    with db.atomic():
        if is_postgres():
            cursor = db.cursor()
            _copy(cursor, "customers (id, name, name_norm, is_lead, outreach_opt_in, support_new_ticket, created_at,"
                          " updated_at)", people)
            _copy(cursor, "orders (customer_id, date, amount, row_key, created_at)", rows)
            db.execute_sql("SELECT setval('customers_id_seq', %s)", (customers,))
        else:
            db.execute_sql("PRAGMA foreign_keys = OFF")
            db.cursor().executemany("INSERT INTO customers (id, name, name_norm, is_lead, outreach_opt_in,"
                                    " support_new_ticket, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    people)
            db.cursor().executemany("INSERT INTO orders (customer_id, date, amount, row_key, created_at)"
                                    " VALUES (?, ?, ?, ?, ?)", rows)
    if not is_postgres():
        db.execute_sql("ANALYZE")


def _copy(cursor, table: str, rows) -> None:
    buffer = io.StringIO("".join("\t".join(str(v) for v in row) + "\n" for row in rows))
    cursor.copy_expert(f"COPY {table} FROM STDIN", buffer)


def bench(kind: str, customers: int, orders: int) -> None:
    with scratch_database(kind) as db:
        started = time.perf_counter()
        load(customers, orders, db)
        if is_postgres():
            db.execute_sql("ANALYZE")
        print(f"[{kind}] loaded {customers:,} customers, {orders:,} orders in {time.perf_counter() - started:.1f} s")
        rep = User.create(name="Bench Rep", role="rep")
        top = timed(lambda: bus.handle(c.ShowTopCustomers(limit=10), rep), 5)
        print(f"[{kind}] top 10 customers by revenue, all time: {summary(top)}")
        year = timed(lambda: bus.handle(c.ShowTopCustomers(limit=10, since="2026-01-01"), rep), 5)
        print(f"[{kind}] top 10 customers by revenue since 2026-01-01: {summary(year)}")
        ids = [cu.id for cu in Customer.select(Customer.id).limit(200)]
        log = timed(lambda: bus.handle(c.LogActivity(kind="call", customer_id=random.choice(ids), summary="hi"), rep), 300)
        print(f"[{kind}] service call (log_activity, one write + audit): {summary(log)}")
        card = timed(lambda: bus.handle(c.ShowCustomer(customer_id=random.choice(ids)), rep), 300)
        print(f"[{kind}] service call (show_customer, read): {summary(card)}")
        noop = timed(lambda: bus.handle(c.Help(), rep), 300)
        print(f"[{kind}] bus overhead (help: connection + transaction, no query): {summary(noop)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    for kind in ("sqlite", "postgres"):
        if args.only in (None, kind):
            bench(kind, args.customers, args.orders)


if __name__ == "__main__":
    main()
