"""Durable first, then enqueue (DESIGN.md rule 5): a message to send is a row before anything is sent."""
from __future__ import annotations

import json
from typing import Any

from peewee import IntegrityError

from crm_core.context import Context
from crm_core.models import Outbox


def add(ctx: Context, kind: str, key: str, payload: dict[str, Any]) -> Outbox | None:
    """Write a pending row unless `key` exists already (then None); it is published after commit."""
    try:
        with Outbox._meta.database.atomic():
            row = Outbox.create(kind=kind, key=key, payload=json.dumps(payload), next_attempt_at=ctx.now,
                                created_at=ctx.now, updated_at=ctx.now)
    except IntegrityError:
        return None
    ctx.published.append(row.id)
    return row
