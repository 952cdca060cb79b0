"""Audit rows: every write records the rows it touched, before and after, under one batch id."""
from __future__ import annotations

import json
import uuid
from typing import Any

from peewee import Model

from crm_core.context import Context
from crm_core.events import owners
from crm_core.models import AuditLog


def snapshot(instance: Model) -> dict[str, Any]:
    """The row's column values as JSON-safe primitives (dates and decimals as their `str`)."""
    row = {}
    for field in instance._meta.sorted_fields:
        value = instance.__data__.get(field.name)
        row[field.name] = value if value is None or isinstance(value, (bool, int, float, str)) else str(value)
    return row


class AuditTrail:
    """One per service call: `record(...)` for each row written, in the call's transaction."""

    def __init__(self, ctx: Context, action: str):
        self.ctx, self.action, self.batch = ctx, action, uuid.uuid4().hex

    def created(self, instance: Model, description: str = "") -> None:
        self._write("create", instance, None, snapshot(instance), description)

    def updated(self, instance: Model, before: dict[str, Any], description: str = "") -> None:
        self._write("update", instance, before, snapshot(instance), description)

    def deleted(self, before: dict[str, Any], instance: Model, description: str = "") -> None:
        self._write("delete", instance, before, None, description)

    def changed_rows(self, entity: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        """Tell, after commit, whose lists the rows of `entity` changed from `before` to `after` showed in (called
        by `_write`, and by the bulk moves that write their audit rows with one INSERT ... SELECT)."""
        self.ctx.touched |= {self.ctx.user.id, *owners(entity, before, after)}

    def _write(self, op: str, instance: Model, before: dict | None, after: dict | None, description: str) -> None:
        self.changed_rows(instance._meta.table_name, before or {}, after or {})
        AuditLog.create(
            batch=self.batch, actor=self.ctx.user.id, action=self.action, op=op,
            entity=instance._meta.table_name, entity_id=instance.id,
            before=json.dumps(before) if before is not None else None,
            after=json.dumps(after) if after is not None else None,
            description=description, channel=self.ctx.channel, created_at=self.ctx.now,
        )
