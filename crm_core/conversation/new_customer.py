"""A write for a customer nobody knows, once the rep pressed Add on "New customer 'Umbrella'? [Add] [Cancel]"
(crm_core/policy.py decides when that is asked): the customer and the write go in one transaction and one undo
batch, so a refused write adds no customer and "undo" takes both back.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime

from crm_core import bus, resolve
from crm_core import commands as c
from crm_core.db import database, write_transaction
from crm_core.models import AuditLog, User
from crm_core.results import CustomerAdded, Rejected, Result

ADD, CANCEL = "add", "cancel"


def add_then(mention: str, cmd: c.Command, user: User, *, channel: str,
             now: datetime) -> tuple[CustomerAdded | None, Result]:
    """Add customer `mention`, then run `cmd` for it: (the customer added, the write's result). When either is
    refused, neither is written: (None, the refusal)."""
    with database.connection_context(), write_transaction() as transaction:
        added = bus.handle(c.AddCustomer(customer=mention), user, channel=channel, now=now)
        if not isinstance(added, CustomerAdded):
            return None, added
        done = bus.handle(dataclasses.replace(cmd, customer_id=added.customer_id), user, channel=channel, now=now)
        if isinstance(done, Rejected):
            transaction.rollback()
            resolve.invalidate_index()  # it may have been read while the customer existed
            return None, dataclasses.replace(done, hint=f"{done.hint or ''} I didn't add {mention} either.".strip())
        _one_batch(added.customer_id, user)
    return added, done


def _one_batch(customer_id: int, user: User) -> None:
    """The customer's audit rows join the write's batch: one "undo" reverts the write, then the customer."""
    added = (AuditLog.select().where((AuditLog.entity == "customers") & (AuditLog.entity_id == customer_id)
                                     & (AuditLog.op == "create") & (AuditLog.actor == user.id))
             .order_by(AuditLog.id.desc()).get())  # the latest: SQLite may reuse the id of a customer undone
    write = (AuditLog.select(AuditLog.batch).where((AuditLog.actor == user.id) & (AuditLog.id > added.id))
             .order_by(AuditLog.id.desc()).first())
    if write is not None:
        AuditLog.update(batch=write.batch).where(AuditLog.batch == added.batch).execute()
