"""Outreach sends: their own low-priority "outreach" queue, paced, re-checked, with progress notices.

* The campaign's `outreach.dispatch` row (written by crm_core/services/outreach.py) is "sent" by queueing
  every pending row of the campaign on "outreach", each delayed to its due time (the service spaced them
  at PLANNED_PER_SECOND). If the broker loses those messages, the sweeper hands the rows back here
  (`reroute`) and they are spread at the same pace again.
* `send_outreach_row` delivers one row like `send_outbox` does (claim, rate slot, send, mark), at priority
  LOW_PRIORITY: a worker thread takes an "outbox" message (answers, reminders) first whenever both wait.
* Rate: at most OUTREACH_PER_SECOND in any second for all outreach (20/s sustained, leaving room for the
  sends' uneven arrival), inside Telegram's 30/s overall and 1/s per chat.
* Right before the send, the customer must still be opted in: a /stop after queueing wins ("opted out").
* `notify_outreach_progress` (scheduler, every 30 s) tells the campaign's manager how far it is, at
  most once a run and only after another 10%, and once more when it is done.
"""
from __future__ import annotations

import logging
import math
import random
from datetime import datetime
from typing import Any

import dramatiq

from crm_core import outbox
from crm_core.context import Context
from crm_core.db import database
from crm_core.models import Customer, Outbox, OutreachCampaign, User, utcnow
from crm_core.services import outreach
from crm_core.services.outreach_customers import OPTED_OUT
from workers import senders
from workers.actors.outbox import (
    MAX_DELAY_SECONDS, RETRY_MAX_BACKOFF_MS, SEND_TIME_LIMIT_SECONDS, deliver, enqueue_committed, reroute,
)
from workers.actors.reminders import notification_address
from workers.senders import TELEGRAM_LIMIT, PermanentFailure, RateLimit

log = logging.getLogger(__name__)

QUEUE = "outreach"
LOW_PRIORITY = 100  # dramatiq runs lower numbers first; the outbox and default queues' actors are 0
# Never more than 25 in any 1.25 s (so no second holds 26 even when sends reach Telegram up to 0.25 s
# unevenly late), evenly spaced; 20 a second sustained, the pace the service plans for.
OUTREACH_LIMIT = RateLimit(scope="telegram:outreach", per_second=outreach.OUTREACH_PER_SECOND, within=TELEGRAM_LIMIT,
                           window_seconds=outreach.OUTREACH_PER_SECOND / outreach.PLANNED_PER_SECOND,
                           min_gap_seconds=1 / outreach.OUTREACH_PER_SECOND)
LIMITED_SPREAD_SECONDS = 2.0  # a row held by the limit comes back within this, not all at once
NOTICE_STEP = 0.10  # a progress notice after each further tenth of the campaign


@dramatiq.actor(queue_name=QUEUE, priority=LOW_PRIORITY, max_retries=20, min_backoff=1000,
                max_backoff=RETRY_MAX_BACKOFF_MS, time_limit=int(SEND_TIME_LIMIT_SECONDS * 1000))
def send_outreach_row(row_id: int) -> None:
    with database.connection_context():
        result = deliver(row_id)
    if result.retry_in is not None:
        spread = random.uniform(0.0, LIMITED_SPREAD_SECONDS) if result.status == "limited" else 0.0
        enqueue_row(row_id, result.retry_in + spread)


def enqueue_row(row_id: int, delay_seconds: float | None = None) -> None:
    delay = int(min(delay_seconds, MAX_DELAY_SECONDS) * 1000) if delay_seconds and delay_seconds > 0 else None
    send_outreach_row.send_with_options(args=(row_id,), delay=delay)


def dispatch(payload: dict[str, Any]) -> str:
    """The `outreach.dispatch` sender: queue the campaign's pending rows, each for its due time."""
    campaign_id = int(payload["campaign_id"])
    now = utcnow()
    with database.connection_context():
        rows = list(Outbox.select(Outbox.id, Outbox.next_attempt_at).where(
            (Outbox.campaign_id == campaign_id) & (Outbox.status == "pending")).order_by(Outbox.next_attempt_at)
            .tuples())
    for row_id, due in rows:
        enqueue_row(row_id, (due - now).total_seconds())
    return f"queued {len(rows)}"


def enqueue_swept(row_ids: list[int]) -> None:
    """Rows whose messages the broker lost, back on the outreach queue at the outreach pace."""
    for index, row_id in enumerate(row_ids):
        enqueue_row(row_id, index / outreach.PLANNED_PER_SECOND)


def send_if_opted_in(payload: dict[str, Any]) -> str:
    """The `telegram.outreach` sender: the customer's consent, checked at the last moment, then Telegram."""
    with database.connection_context():
        opted_in = Customer.select(Customer.outreach_opt_in).where(Customer.id == payload.get("customer_id")).scalar()
    if not opted_in:
        raise PermanentFailure(OPTED_OUT)
    return senders.sender_for("telegram.message")(payload)


senders.register("outreach.dispatch", dispatch)
senders.register(outreach.KIND, send_if_opted_in, rate_limit=OUTREACH_LIMIT)
reroute(outreach.KIND, enqueue_swept)


# -- progress notices ---------------------------------------------------------------------------------
@dramatiq.actor(queue_name="default", max_retries=3, min_backoff=5000)
def notify_outreach_progress() -> None:
    notified = notify_progress(utcnow())
    if notified:
        log.info("sent %d outreach progress notices", notified)


def notify_progress(now: datetime) -> int:
    """A notice to the manager of each running campaign that moved on a tenth, or finished; the number sent."""
    with database.connection_context():
        running = [campaign.id for campaign in OutreachCampaign.select(OutreachCampaign.id)
                   .where(OutreachCampaign.finished_at.is_null())]
    row_ids = [row_id for campaign_id in running for row_id in _notice(campaign_id, now)]
    enqueue_committed(row_ids)
    return len(row_ids)


def _notice(campaign_id: int, now: datetime) -> list[int]:
    """One campaign's notice, if one is due: recorded on the campaign and written to the outbox together."""
    with database.atomic():
        campaign = OutreachCampaign.get_by_id(campaign_id)
        progress = outreach.progress(campaign)
        done, finished = progress.sent + progress.failed, progress.waiting == 0
        step = max(1, math.ceil(campaign.total * NOTICE_STEP))
        if not finished and done - campaign.noticed_done < step:
            return []
        taken = OutreachCampaign.update(noticed_at=now, noticed_done=done, finished_at=now if finished else None).where(
            (OutreachCampaign.id == campaign_id) & OutreachCampaign.finished_at.is_null()
            & (OutreachCampaign.noticed_done == campaign.noticed_done)).execute()
        manager = User.get_or_none(User.id == campaign.created_by_id)
        if not taken or manager is None or not manager.is_active:
            return []
        kind, address = notification_address(manager)
        ctx = Context(user=manager, channel="system", now=now)
        key = f"outreach-done:{campaign_id}" if finished else f"outreach-progress:{campaign_id}:{done}"
        outbox.add(ctx, kind, key, {**address, "type": "outreach_progress", "campaign_id": campaign_id,
                                    "to_user_id": manager.id, "to_name": manager.name, "text": progress.message})
        return ctx.published

