"""Giving all of one teammate's customers to another through the bus, as a confirmed "give all of Bob's accounts
to Maria" does: prints the preview's time, the move's time, the undo's time, and the counts before, after and undone.

    python bench/reassign_customers.py --db postgres [--customers 10000]
    python bench/reassign_customers.py --db sqlite
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database

from crm_core import bus
from crm_core import commands as c
from crm_core.clock import utcnow
from crm_core.context import Context
from crm_core.db import database
from crm_core.models import AuditLog, Customer, User
from crm_core.names import normalize_name
from crm_core.results import TeamChanged, Undone
from crm_core.services import team_admin


def seed(customers: int) -> tuple[User, User, User]:
    admin = User.create(name="Ada Admin", role="admin")
    bob = User.create(name="Bob Stone", role="rep")
    maria = User.create(name="Maria Lopez", role="rep")
    rows = [{"name": f"Customer {i:05d}", "name_norm": normalize_name(f"Customer {i:05d}"), "owner": bob.id}
            for i in range(customers)]
    rows += [{"name": f"Other {i:03d}", "name_norm": normalize_name(f"Other {i:03d}"), "owner": maria.id}
             for i in range(100)]
    for chunk in range(0, len(rows), 1000):
        Customer.insert_many(rows[chunk:chunk + 1000]).execute()
    return admin, bob, maria


def owned() -> dict[str, int]:
    return {u.name: Customer.select().where(Customer.owner == u.id).count() for u in User.select()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--customers", type=int, default=10_000)
    args = parser.parse_args()
    command = c.ReassignWork(from_user="bob", to_user="maria")
    with scratch_database(args.db):
        with database.connection_context():
            admin, _, _ = seed(args.customers)
            before = owned()
            started = time.perf_counter()
            preview = team_admin.describe(command, Context(user=admin))
            preview_seconds = time.perf_counter() - started
        started = time.perf_counter()
        moved = bus.handle(command, admin, channel="console", now=utcnow())
        move_seconds = time.perf_counter() - started
        assert isinstance(moved, TeamChanged), moved
        with database.connection_context():
            after = owned()
            audit_rows = AuditLog.select().where(AuditLog.action == "reassign_work").count()
        started = time.perf_counter()
        undone = bus.handle(c.Undo(), admin, channel="console", now=utcnow())
        undo_seconds = time.perf_counter() - started
        assert isinstance(undone, Undone), undone
        with database.connection_context():
            restored = owned()
    print(f"{args.db}: reassign {args.customers:,} customers: preview {preview_seconds:.3f} s, "
          f"move {move_seconds:.2f} s ({audit_rows:,} audit rows), undo {undo_seconds:.2f} s")
    print(f"  preview: {preview}")
    print(f"  owned before {before}")
    print(f"  owned after  {after}")
    print(f"  after undo   {restored} (same as before: {restored == before})")


if __name__ == "__main__":
    main()
