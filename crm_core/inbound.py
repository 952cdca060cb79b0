"""Each delivery from a chat platform is handled once (DESIGN.md rule 6): its id (a Slack event or trigger id, a
Telegram update id) goes into `processed_events` (unique) before anything runs, so a retry or a replay finds it
there and is dropped. The scheduler's nightly `prune_processed_events` forgets ids a week old."""
from __future__ import annotations

from datetime import datetime

from peewee import IntegrityError

from crm_core.db import database
from crm_core.models import ProcessedEvent, utcnow


def claim_event(source: str, event_id: object, now: datetime | None = None) -> bool:
    """True the first time (source, event_id) is seen; inside a transaction it is part of it."""
    try:
        with database.atomic():
            ProcessedEvent.create(source=source, event_id=str(event_id)[:128], received_at=now or utcnow())
        return True
    except IntegrityError:
        return False


def first_delivery(source: str, event_id: object) -> bool:
    """claim_event for a front-end before it does anything, on a connection of its own."""
    with database.connection_context():
        return claim_event(source, event_id)
