"""`crm demo`: realistic demo data, loaded once.

Deterministic: one random.Random(seed) draws everything, and times are relative to the start of the day of
loading (orders run for two years up to today), so the same seed gives the same data shifted by whole days to
the day it is loaded: at any hour of any day the segments and scores come out the same. Loading twice changes
nothing: the load writes an audit row (action "load_demo") and its users have fixed emails; either one present
means the demo is already there."""
from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time

from peewee import IntegrityError, Model, fn

from crm_core import clock

from crm_core.data import demo_rows as rows
from crm_core.data.demo_words import DEMO_DOMAIN
from crm_core.data.report import unit_of_work
from crm_core.models import (
    Activity, AuditLog, Customer, Deal, DealStageChange, Order, Ticket, TicketMessage, User,
)

BATCH = 500
FIRST_TICKET_NUMBER = 1001


@dataclass
class DemoReport:
    already_loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows inserted


def load_demo(seed: int = 7) -> DemoReport:
    try:
        with unit_of_work():
            if _already_loaded():
                return DemoReport(already_loaded=True)
            return DemoReport(counts=_load(random.Random(seed)))
    except IntegrityError:
        with unit_of_work():
            if _already_loaded():  # another load committed its users first
                return DemoReport(already_loaded=True)
        raise


def _already_loaded() -> bool:
    return (AuditLog.select().where(AuditLog.action == "load_demo").exists()
            or User.select().where(User.email.endswith(f"@{DEMO_DOMAIN}")).exists())


def _load(rng: random.Random) -> dict[str, int]:
    now = datetime.combine(clock.today(), time())
    counts: dict[str, int] = {}
    users = _insert(User, rows.user_rows(now), counts, key=("email",))
    by_role = {role: [uid for row, uid in users if row["role"] == role] for role in ("admin", "manager", "rep")}
    reps, agents = by_role["rep"], by_role["rep"] + by_role["manager"]

    customer_rows = rows.customer_rows(rng, reps, by_role["manager"], now)
    customers = [rows.CustomerRef(cid, row["owner"], row["created_at"], row["is_lead"])
                 for row, cid in _insert(Customer, customer_rows, counts, key=("name_norm",))]

    deals = rows.deal_plans(rng, customers, reps, now)
    deal_ids = _insert(Deal, [p.row for p in deals], counts, key=("customer", "title"))
    _insert(DealStageChange, [{**change, "deal": deal_id} for (_, deal_id), plan in zip(deal_ids, deals)
                              for change in plan.children], counts)
    deals_of: dict[int, list[int]] = {}
    for row, deal_id in deal_ids:
        deals_of.setdefault(row["customer"], []).append(deal_id)
    _insert(Activity, rows.activity_rows(rng, customers, deals_of, reps, now), counts)

    first_number = max(FIRST_TICKET_NUMBER, (Ticket.select(fn.MAX(Ticket.number)).scalar() or 0) + 1)
    tickets = rows.ticket_plans(rng, customers, agents, first_number, now)
    ticket_ids = _insert(Ticket, [p.row for p in tickets], counts, key=("number",))
    _insert(TicketMessage, [{**message, "ticket": ticket_id} for (_, ticket_id), plan in zip(ticket_ids, tickets)
                            for message in plan.children], counts)
    _insert(Order, rows.order_rows(rng, customers, now.date()), counts)

    AuditLog.insert(batch=uuid.uuid4().hex, actor=by_role["admin"][0], action="load_demo",
                    entity="demo", op="create", channel="system",
                    description="demo data: " + ", ".join(f"{n} {table}" for table, n in counts.items())).execute()
    return counts


def _insert(model: type[Model], items: list[dict], counts: dict[str, int],
            key: tuple[str, ...] = ()) -> list[tuple[dict, int]]:
    """Insert in batches; with `key` (fields that tell the rows apart) each row paired with its new id."""
    paired: list[tuple[dict, int]] = []
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        if not key:
            model.insert_many(batch).execute()
            continue
        # RETURNING gives no order guarantee: rows and ids are paired through the key.
        returning = model.insert_many(batch).returning(model._meta.primary_key, *(model._meta.fields[f] for f in key))
        id_of = {tuple(values): pk for pk, *values in returning.tuples().execute()}
        paired += [(row, id_of[tuple(row[f] for f in key)]) for row in batch]
    counts[model._meta.table_name] = len(items)
    return paired
