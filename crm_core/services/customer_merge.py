"""Merging duplicate customers: one implementation for migration 0014 (every duplicate at once) and for a
user's "merge Acme Ltd into Acme Limited" / `crm merge`.

The rows that name a duplicate (deals, activities, tickets, orders, reminders, invites, segment changes, and
any later table with a customer key, e.g. contacts) move to the kept customer in one UPDATE per table through
a temporary dup -> kept table; the kept customer takes the fields it lacks (email, phone, city, owner, Telegram
link) from the duplicate; then the duplicate goes.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from peewee import Database, Tuple

from crm_core import permissions, resolve
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import MergeCustomers
from crm_core.context import Context
from crm_core.db import database
from crm_core.errors import AmbiguousCustomer, Conflict, ValidationError
from crm_core.i18n import _, pgettext, term
from crm_core.models import ALL_MODELS, AuditLog, Customer
from crm_core.results import CustomersMerged
from crm_core.services import lookup

FILLABLE = ("email", "phone", "city", "owner_id", "telegram_user_id", "telegram_chat_id")
_COLUMNS = {f.name: f.column_name for f in AuditLog._meta.sorted_fields}
Moving = Callable[[str, str], None]  # (table, the SQL condition of its rows about to move)


# -- the shared core (raw SQL, so the migration can run it on the schema of its time) -------------------------

def move_children(db: Database, pairs: Sequence[tuple[int, int]], tables: Iterable[str],
                  before_move: Moving | None = None) -> dict[str, int]:
    """Point every row of `tables` naming a dup at its kept customer ((dup, kept) pairs); rows moved per table."""
    db.execute_sql("DROP TABLE IF EXISTS customer_merge")
    db.execute_sql("CREATE TEMPORARY TABLE customer_merge (dup_id INTEGER PRIMARY KEY, kept_id INTEGER NOT NULL)")
    for start in range(0, len(pairs), 400):
        chunk = pairs[start:start + 400]
        db.execute_sql("INSERT INTO customer_merge (dup_id, kept_id) VALUES "
                       + ", ".join([f"({db.param}, {db.param})"] * len(chunk)), [v for p in chunk for v in p])
    moved = {}
    for table in tables:
        where = "customer_id IN (SELECT dup_id FROM customer_merge)"
        if before_move is not None:
            before_move(table, where)
        moved[table] = db.execute_sql(
            f"UPDATE {table} SET customer_id = (SELECT kept_id FROM customer_merge "
            f"WHERE dup_id = {table}.customer_id) WHERE {where}").rowcount
    db.execute_sql("DROP TABLE customer_merge")
    return moved


def fill_and_delete(db: Database, kept: int, dup: int) -> tuple[dict, dict, dict]:
    """The kept customer takes the fields it lacks from `dup`, which is deleted first (so a unique email or
    Telegram id can pass over). Returns (the dup's row, kept before, kept after) as stored."""
    kept_before, dup_row = customer_row(db, kept), customer_row(db, dup)
    fills = {f: dup_row[f] for f in FILLABLE if kept_before[f] is None and dup_row[f] is not None}
    db.execute_sql(f"DELETE FROM customers WHERE id = {db.param}", [dup])
    if fills:
        assignments = ", ".join(f"{f} = {db.param}" for f in fills)
        db.execute_sql(f"UPDATE customers SET {assignments} WHERE id = {db.param}", [*fills.values(), kept])
    return dup_row, kept_before, {**kept_before, **fills}


def customer_row(db: Database, cid: int) -> dict:
    cursor = db.execute_sql(f"SELECT * FROM customers WHERE id = {db.param}", [cid])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone()))


# -- a user's merge ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergePlan:
    """What merging `dup` into `kept` moves: rows per table, and the fields `kept` takes."""
    dup: Customer
    kept: Customer
    counts: dict[str, int]
    fills: tuple[str, ...]
    dropped: tuple[str, ...]  # the dup's values kept already has another of (kept's wins)


def child_tables() -> dict[str, type]:
    """Every table with a key to customers, found from the models (a new one, e.g. contacts, moves too); not
    a table keyed by the customer itself (customer_scores): the dup's scores go with it, the next
    `crm score` scores the kept customer on all the orders."""
    return {m._meta.table_name: m for m in ALL_MODELS
            if m is not Customer and any(f.rel_model is Customer for f in m._meta.refs)
            and getattr(m._meta.primary_key, "rel_model", None) is not Customer}


def plan(dup: Customer, kept: Customer) -> MergePlan:
    if dup.id == kept.id:
        raise ValidationError(_("{customer} is the same customer twice.").format(customer=dup.name),
                              hint=_("Name two different customers."))
    _refuse_clashes(dup, kept)
    counts = {table: model.select().where(model.customer == dup.id).count()
              for table, model in child_tables().items()}
    pairs = [(f, getattr(dup, f), getattr(kept, f)) for f in FILLABLE]
    fills = tuple(f for f, mine, theirs in pairs if mine is not None and theirs is None)
    dropped = tuple(f for f, mine, theirs in pairs if mine is not None and theirs is not None and mine != theirs)
    return MergePlan(dup, kept, {t: n for t, n in counts.items() if n}, fills, dropped)


def _refuse_clashes(dup: Customer, kept: Customer) -> None:
    """A row that may exist once per customer (a contact's name) and exists on both: said, not half-merged."""
    for table, model in child_tables().items():
        for columns, unique in model._meta.indexes:
            if not unique or "customer" not in columns:
                continue
            others = [getattr(model, c) for c in columns if c != "customer"]
            theirs = model.select(*others).where(model.customer == kept.id)
            clash = model.select(*others).where((model.customer == dup.id) & (Tuple(*others).in_(theirs))).first()
            if clash is not None:
                said = ", ".join(str(getattr(clash, f.name)) for f in others)
                raise Conflict(_("{customer} and {other} both have {records} “{said}”.").format(
                    customer=dup.name, other=kept.name, records=term("records", table), said=said),
                               hint=_("Remove or rename one of them first; nothing was changed."))


def merge_customers(cmd: MergeCustomers, ctx: Context) -> CustomersMerged:
    dup = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    try:
        kept = lookup.customer(ctx, cmd.into, cmd.into_id)
    except AmbiguousCustomer as exc:
        exc.slot = "into_id"  # the dialogue asks which one and fills this
        raise
    for customer in (dup, kept):
        permissions.require_customer_edit(ctx.user, customer, "customer.merge")
    merge_plan = plan(dup, kept)
    audit = _MergeAudit(ctx, dup, kept)
    move_children(database, [(dup.id, kept.id)], child_tables(), audit.moving)
    kept_before = snapshot(kept)
    fill_and_delete(database, kept.id, dup.id)
    Customer.update(updated_at=ctx.now).where(Customer.id == kept.id).execute()
    audit.finish(snapshot(dup), kept_before, snapshot(Customer.get_by_id(kept.id)))
    resolve.invalidate_index()
    return CustomersMerged(message=_said(merge_plan), customer_id=kept.id, merged_id=dup.id,
                           moved=tuple(sorted(merge_plan.counts.items())), filled=merge_plan.fills,
                           dropped=merge_plan.dropped)


def describe(merge_plan: MergePlan, done: bool = True) -> str:
    """"Merged X into Y: moved 3 deals, 2 tickets; Y took X's phone" (or "Merge ... will move ...")."""
    dup, kept = merge_plan.dup, merge_plan.kept
    moved = pgettext("list separator", ", ").join(_("{n} {records}").format(n=n, records=term("records", table))
                                                  for table, n in sorted(merge_plan.counts.items()))
    head = (_("Merged {customer} into {other}: moved {moved}") if done
            else _("Merge {customer} into {other}: will move {moved}")).format(
        customer=dup.name, other=kept.name, moved=moved or _("no records"))
    if merge_plan.fills:
        head += (_("; {other} took {customer}'s {fields}") if done else _("; {other} takes {customer}'s {fields}")
                 ).format(other=kept.name, customer=dup.name, fields=_fields(merge_plan.fills))
    if merge_plan.dropped:
        head += (_("; {other} kept its own {fields}") if done else _("; {other} keeps its own {fields}")
                 ).format(other=kept.name, fields=_fields(merge_plan.dropped))
    return head + pgettext("end of sentence", ".")


def _said(merge_plan: MergePlan) -> str:
    return describe(merge_plan) + _(" {customer} is gone; “undo” brings it back.").format(customer=merge_plan.dup.name)


def _fields(names: Sequence[str]) -> str:
    return pgettext("list separator", ", ").join(term("customer field", n.removesuffix("_id")) for n in names)


class _MergeAudit:
    """The merge's audit rows in one batch, written in bulk: each moved row (before: the dup, after: the kept
    customer), then the deleted dup, then the kept customer's fills. Undo reverts them last first: the kept
    customer gives back what it took, the dup returns, its rows move back."""

    def __init__(self, ctx: Context, dup: Customer, kept: Customer):
        self.trail, self.dup, self.kept = AuditTrail(ctx, "merge_customers"), dup, kept

    def moving(self, table: str, where: str) -> None:
        """One audit row per row about to move, written by the database in one INSERT ... SELECT."""
        field = next(f.name for f in child_tables()[table]._meta.refs if f.rel_model is Customer)
        row = self._row("update", table, 0, json.dumps({field: self.dup.id}), json.dumps({field: self.kept.id}), "")
        columns = [c for c in row if c != "entity_id"]
        p = database.param
        database.execute_sql(
            f"INSERT INTO audit_log ({', '.join(_COLUMNS[c] for c in columns)}, entity_id) "
            f"SELECT {', '.join([p] * len(columns))}, id FROM {table} WHERE {where} ORDER BY id",
            [row[c] for c in columns])

    def finish(self, dup_before: dict, kept_before: dict, kept_after: dict) -> None:
        dup, kept = self.dup, self.kept
        AuditLog.insert_many([
            self._row("delete", "customers", dup.id, json.dumps(dup_before), None,
                      f"merged {dup.name} (#{dup.id}) into {kept.name} (#{kept.id})"),
            self._row("update", "customers", kept.id, json.dumps(kept_before), json.dumps(kept_after), ""),
        ]).execute()
        self.trail.changed_rows("customers", dup_before, kept_after)

    def _row(self, op: str, entity: str, entity_id: int, before: str | None, after: str | None,
             description: str) -> dict:
        ctx = self.trail.ctx
        return dict(batch=self.trail.batch, actor=ctx.user.id, action=self.trail.action, op=op, entity=entity,
                    entity_id=entity_id, before=before, after=after, description=description,
                    channel=ctx.channel, created_at=ctx.now)
