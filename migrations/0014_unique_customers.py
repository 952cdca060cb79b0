"""A customer's normalised name, and its email when given, are unique: the duplicates already there (same
name_norm or same email) are merged into the oldest of them first, their deals, activities, tickets, orders,
reminders, invites and segment changes moved to it, each merge audited with the removed row as it was.
The merge itself is crm_core/services/customer_merge.py's, which `crm merge` and chat merges use too."""
from __future__ import annotations

import json
import uuid
from datetime import datetime

from peewee import Database
from playhouse.migrate import SchemaMigrator

from crm_core import clock
from crm_core.services.customer_merge import fill_and_delete, move_children

# the tables naming a customer when this migration was written (the service finds today's from the models)
CHILD_TABLES = ("deals", "activities", "tickets", "orders", "reminders", "telegram_invites", "segment_changes")
UNIQUE_INDEXES = {"customers_name_norm": "name_norm", "customers_email": "email"}


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    merges = _duplicate_groups(db)
    if merges:
        _merge(db, merges)
    for index, column in UNIQUE_INDEXES.items():
        db.execute_sql(f"DROP INDEX IF EXISTS {index}")
        db.execute_sql(f"CREATE UNIQUE INDEX {index} ON customers ({column})")


def _duplicate_groups(db: Database) -> dict[int, list[int]]:
    """kept id -> duplicate ids: customers linked by a shared name_norm or email, the oldest (lowest id) kept."""
    parent: dict[int, int] = {}

    def root(cid: int) -> int:
        while parent[cid] != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid

    first_by_key: dict[tuple[str, str], int] = {}
    rows = db.execute_sql("SELECT id, name_norm, email FROM customers ORDER BY id").fetchall()
    for cid, name_norm, email in rows:
        parent[cid] = cid
        for key in (("n", name_norm), ("e", email)):
            if key[1] is None:
                continue
            other = first_by_key.setdefault(key, cid)
            a, b = root(other), root(cid)
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for cid, *_ in rows:
        if root(cid) != cid:
            groups.setdefault(root(cid), []).append(cid)
    return groups


def _merge(db: Database, groups: dict[int, list[int]]) -> None:
    pairs = [(dup, kept) for kept, dups in groups.items() for dup in dups]
    moved = move_children(db, pairs, CHILD_TABLES)
    batch, now = uuid.uuid4().hex, clock.utcnow()
    for kept, dups in groups.items():
        for dup in dups:
            dup_row = fill_and_delete(db, kept, dup)[0]
            _audit(db, batch, now, "delete", dup, dup_row, None,
                   f"merged duplicate customer {dup_row['name']} (#{dup}) into #{kept}")
    summary = ", ".join(f"{n} {table}" for table, n in moved.items() if n)
    _audit(db, batch, now, "update", None, None, None,
           f"merged {len(pairs)} duplicate customers into {len(groups)}; moved {summary or 'nothing'}")


def _audit(db: Database, batch: str, now: datetime, op: str, entity_id: int | None, before: dict | None,
           after: dict | None, description: str) -> None:
    as_json = (lambda row: None if row is None else json.dumps(row, default=str))
    db.execute_sql(
        "INSERT INTO audit_log (batch, actor_id, action, entity, entity_id, op, before, after, description, "
        f"channel, created_at) VALUES ({', '.join([db.param] * 11)})",
        [batch, None, "merge_duplicates", "customers", entity_id, op, as_json(before), as_json(after),
         description, "system", now])
