"""Inbound deduplication (DESIGN.md rule 6): an event or an interaction is handled once.

Events carry `event_id` (a retry, `X-Slack-Retry-Num`, repeats it); slash commands, buttons, modals
and shortcuts carry a one-time `trigger_id`. The key goes into `processed_events` (unique) before
anything runs (crm_core/inbound.py), so a replay or a retry finds it there and is acknowledged without doing
anything.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from crm_core import inbound

log = logging.getLogger(__name__)

SOURCE = "slack"
NOT_DEDUPED = frozenset({"block_suggestion", "url_verification", "ssl_check"})  # reads and handshakes


def event_key(body: dict[str, Any]) -> str | None:
    if body.get("type") in NOT_DEDUPED:
        return None
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("trigger_id"):
        return f"trigger:{body['trigger_id']}"
    return None


def dedupe(request: BoltRequest, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
    """Global middleware: a second delivery of the same event or interaction is acknowledged and dropped."""
    key = event_key(body)
    if key is None or inbound.first_delivery(SOURCE, key):
        return next()
    retry = (request.headers.get("x-slack-retry-num") or [None])[0]
    reason = (request.headers.get("x-slack-retry-reason") or [None])[0]
    log.info("dropped a repeated Slack delivery %s (retry %s, %s)", key, retry, reason)
    return BoltResponse(status=200, body="")
