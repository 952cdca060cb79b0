"""Housekeeping: forget old inbound event ids (processed_events), nightly.

Dedupe only needs recent ids: Slack retries within minutes and Telegram keeps an update for 24 hours,
so rows older than KEEP are deleted, in batches of BATCH (short transactions; the bots keep writing
meanwhile). Deleting what is already gone does nothing, so a redelivered or second run is harmless.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import dramatiq

from crm_core.db import database
from crm_core.models import ProcessedEvent, utcnow

log = logging.getLogger(__name__)

KEEP = timedelta(days=7)
BATCH = 5_000


@dramatiq.actor(queue_name="default", max_retries=3, min_backoff=5000)
def prune_processed_events(now_iso: str | None = None) -> None:
    """Delete the event ids received more than KEEP before `now_iso` (naive UTC ISO; default now)."""
    removed = prune_events(datetime.fromisoformat(now_iso).replace(tzinfo=None) if now_iso else utcnow())
    if removed:
        log.info("pruned %d processed events", removed)


def prune_events(now: datetime, keep: timedelta = KEEP, batch: int = BATCH) -> int:
    """Delete processed events older than `now - keep`, `batch` rows a transaction; how many were deleted."""
    cutoff, removed = now - keep, 0
    while True:
        with database.connection_context(), database.atomic():
            ids = [row.id for row in ProcessedEvent.select(ProcessedEvent.id)
                   .where(ProcessedEvent.received_at < cutoff).order_by(ProcessedEvent.id).limit(batch)]
            if ids:
                ProcessedEvent.delete().where(ProcessedEvent.id.in_(ids)).execute()
        removed += len(ids)
        if len(ids) < batch:
            return removed
