"""Merging two customers with N orders each (plus deals, activities and tickets) through the bus, as a chat
"merge A into B" does: prints the merge's time, the undo's time, and the row counts before, after and undone.

    python bench/merge_customers.py --db postgres [--orders 10000]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database

from crm_core import bus
from crm_core import commands as c
from crm_core.clock import utcnow
from crm_core.db import database
from crm_core.models import Activity, AuditLog, Customer, Deal, Order, Ticket, User
from crm_core.names import normalize_name
from crm_core.results import CustomersMerged, Undone

CHILDREN = (Order, Deal, Activity, Ticket)


def seed(orders: int) -> User:
    admin = User.create(name="Ada Admin", role="admin")
    for k, name in enumerate(("Acme Limited", "Acme Ltd Duplicate")):
        customer = Customer.create(name=name, name_norm=normalize_name(name), email=f"a{k}@acme.example")
        start = date(2020, 1, 1)
        rows = [{"customer": customer.id, "date": start + timedelta(days=i % 1500), "amount": 10 + i % 90}
                for i in range(orders)]
        for chunk in range(0, orders, 1000):
            Order.insert_many(rows[chunk:chunk + 1000]).execute()
        for i in range(50):
            Deal.create(customer=customer, title=f"Deal {i}", amount=100)
            Activity.create(customer=customer, kind="note", summary=f"note {i}")
            Ticket.create(number=k * 1000 + i + 1, customer=customer, subject=f"issue {i}")
    return admin


def counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in (*CHILDREN, Customer)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    with scratch_database(args.db):
        with database.connection_context():
            admin = seed(args.orders)
            before = counts()
        started = time.perf_counter()
        merged = bus.handle(c.MergeCustomers(customer="Acme Ltd Duplicate", into="Acme Limited"), admin,
                            channel="console", now=utcnow())
        merge_seconds = time.perf_counter() - started
        assert isinstance(merged, CustomersMerged), merged
        with database.connection_context():
            after = counts()
            kept_orders = Order.select().where(Order.customer == merged.customer_id).count()
            audit_rows = AuditLog.select().where(AuditLog.action == "merge_customers").count()
        started = time.perf_counter()
        undone = bus.handle(c.Undo(), admin, channel="console", now=utcnow())
        undo_seconds = time.perf_counter() - started
        assert isinstance(undone, Undone), undone
        with database.connection_context():
            restored = counts()
    lost = {t: before[t] - after[t] for t in before if t != "customers" and before[t] != after[t]}
    print(f"{args.db}: merge of 2 x {args.orders} orders (+50 deals, activities, tickets each): "
          f"{merge_seconds:.2f} s; {audit_rows} audit rows; kept customer has {kept_orders} orders")
    print(f"  rows before {before}")
    print(f"  rows after  {after}  (lost: {lost or 'none'}; customers {before['customers']} -> {after['customers']})")
    print(f"  undo: {undo_seconds:.2f} s; rows after undo {restored} (same as before: {restored == before})")


if __name__ == "__main__":
    main()
