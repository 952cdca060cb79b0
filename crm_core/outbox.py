"""Durable first, then enqueue (DESIGN.md rule 5): a message to send is a row before anything is sent."""
from __future__ import annotations

import json
from datetime import datetime
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


INSERT_CHUNK = 500  # rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits


def add_many(ctx: Context, kind: str, rows: list[tuple[str, dict[str, Any], datetime]],
             campaign_id: int | None = None) -> int:
    """Many pending rows (key, payload, due time) in a few INSERTs, in the caller's transaction; the number
    written. Unlike `add`, they are not published one by one: the caller publishes (with `add`) the row
    that dispatches them, so thousands of sends don't hold up the chat that asked for them."""
    written = 0
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start:start + INSERT_CHUNK]
        Outbox.insert_many([{"kind": kind, "key": key, "payload": json.dumps(payload), "next_attempt_at": due,
                             "created_at": ctx.now, "updated_at": ctx.now, "campaign_id": campaign_id}
                            for key, payload, due in chunk]).execute()
        written += len(chunk)
    return written
