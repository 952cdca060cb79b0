"""Inbound deduplication (DESIGN.md rule 6): an event or an interaction is handled once.

Events carry `event_id` (a retry, `X-Slack-Retry-Num`, repeats it); slash commands, buttons, modals
and shortcuts carry a one-time `trigger_id`. The key goes into `processed_events` (unique) before
anything runs, so a replay or a retry finds it there and is acknowledged without doing anything.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from peewee import IntegrityError
from slack_bolt import BoltRequest, BoltResponse

from crm_core.db import database
from crm_core.models import ProcessedEvent, utcnow

log = logging.getLogger(__name__)

SOURCE = "slack"
KEEP = timedelta(days=3)  # Slack retries for about an hour; replays older than 5 minutes fail the signature
PRUNE_CHANCE = 0.001
NOT_DEDUPED = frozenset({"block_suggestion", "url_verification", "ssl_check"})  # reads and handshakes


def event_key(body: dict[str, Any]) -> str | None:
    if body.get("type") in NOT_DEDUPED:
        return None
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


def first_time(key: str) -> bool:
    """Record `key`; False when it was recorded before."""
    with database.connection_context():
        try:
            with database.atomic():
                ProcessedEvent.create(source=SOURCE, event_id=key[:128], received_at=utcnow())
        except IntegrityError:
            return False
        if random.random() < PRUNE_CHANCE:
            ProcessedEvent.delete().where((ProcessedEvent.source == SOURCE)
                                          & (ProcessedEvent.received_at < utcnow() - KEEP)).execute()
    return True


def dedupe(request: BoltRequest, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
    """Global middleware: a second delivery of the same event or interaction is acknowledged and dropped."""
    key = event_key(body)
    if key is None or first_time(key):
        return next()
    retry = (request.headers.get("x-slack-retry-num") or [None])[0]
    reason = (request.headers.get("x-slack-retry-reason") or [None])[0]
    log.info("dropped a repeated Slack delivery %s (retry %s, %s)", key, retry, reason)
    return BoltResponse(status=200, body="")
