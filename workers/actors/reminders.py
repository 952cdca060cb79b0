"""Due reminders become outbox rows addressed to their rep, with Done and Snooze buttons as plain data.

Each reminder fires in one transaction: pending -> sent (only if still pending and due) plus one
outbox row keyed by reminder and due time, so a second run, a second scheduler or a redelivered
message adds nothing, and a snoozed reminder fires again at its new time. A repeating reminder hands its
rule on, in that same transaction, to a new pending row at the next occurrence (in the rep's zone), so each
occurrence is written once, has its own Done and Snooze, and "Stop repeating" completes the next one.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import dramatiq

from crm_core import outbox, recurrence
from crm_core.context import Context
from crm_core.db import database
from crm_core.models import Reminder, User, utcnow
from crm_core.services.reminders import SNOOZES
from workers.actors.outbox import enqueue_committed

log = logging.getLogger(__name__)

BATCH = 500


@dramatiq.actor(queue_name="default", max_retries=3, min_backoff=5000)
def fire_due_reminders(now_iso: str | None = None) -> None:
    """Fire every pending reminder due by `now_iso` (naive UTC ISO; default now)."""
    fired = fire_due(datetime.fromisoformat(now_iso).replace(tzinfo=None) if now_iso else utcnow())
    if fired:
        log.info("fired %d reminders", fired)


def fire_due(now: datetime) -> int:
    """Fire every pending reminder due by `now` and enqueue their sends; the number fired."""
    row_ids: list[int] = []
    while True:
        with database.connection_context():
            due = [r.id for r in Reminder.select(Reminder.id).where(
                (Reminder.status == "pending") & (Reminder.due_at <= now)).order_by(Reminder.due_at).limit(BATCH)]
            for reminder_id in due:
                row_ids += fire_reminder(reminder_id, now)
        if len(due) < BATCH:
            break
    enqueue_committed(row_ids)
    return len(row_ids)


def fire_reminder(reminder_id: int, now: datetime) -> list[int]:
    """Mark one reminder sent and write its outbox row, together; the outbox row ids written."""
    with database.atomic():  # the write comes first: SQLite then takes its write lock before reading
        taken = Reminder.update(status="sent").where(
            (Reminder.id == reminder_id) & (Reminder.status == "pending") & (Reminder.due_at <= now)).execute()
        if not taken:
            return []
        reminder = Reminder.get_by_id(reminder_id)
        user = reminder.user
        if not user.is_active:
            Reminder.update(status="cancelled").where(Reminder.id == reminder_id).execute()
            return []
        kind, address = notification_address(user)
        ctx = Context(user=user, channel="system", now=utcnow())  # the row may be sent from now on
        following = _schedule_next(reminder, ctx, now)
        outbox.add(ctx, kind, f"reminder:{reminder.id}:{reminder.due_at:%Y%m%dT%H%M%S}",
                   {**address, **reminder_payload(reminder, user, following)})
        return ctx.published


def _schedule_next(reminder: Reminder, ctx: Context, now: datetime) -> Reminder | None:
    """The next occurrence of a repeating reminder, as a new pending row that takes the rule over."""
    if not reminder.recurrence:
        return None
    due_at = recurrence.next_due(reminder.recurrence, reminder.due_at, ctx.tz, now)
    if due_at is None:
        return None
    following = Reminder.create(user=reminder.user_id, customer=reminder.customer_id, activity=reminder.activity_id,
                                text=reminder.text, due_at=due_at, recurrence=reminder.recurrence, created_at=ctx.now)
    Reminder.update(recurrence=None).where(Reminder.id == reminder.id).execute()
    return following


def notification_address(user: User) -> tuple[str, dict[str, Any]]:
    """The outbox kind and address for a DM to `user`: their choice if they can get it there, else
    Slack, then Telegram, then the console."""
    available: dict[str, tuple[str, dict[str, Any]]] = {}
    if user.slack_user_id:
        available["slack"] = ("slack.dm", {"user": user.slack_user_id})
    if user.telegram_user_id:
        available["telegram"] = ("telegram.message", {"chat_id": user.telegram_user_id})
    available["console"] = ("console.message", {"user_id": user.id})
    if user.notify_via in available:
        return available[user.notify_via]
    return next(iter(available.values()))


def reminder_payload(reminder: Reminder, user: User, following: Reminder | None = None) -> dict[str, Any]:
    customer = reminder.customer
    stop = [{"id": "stop", "label": "Stop repeating",
             "command": {"command": "complete_reminder", "reminder_id": following.id}}] if following else []
    return {
        "type": "reminder",
        "reminder_id": reminder.id,
        "to_user_id": user.id,
        "to_name": user.name,
        "text": f"Reminder: {reminder.text}",
        "reminder_text": reminder.text,
        "customer": {"id": customer.id, "name": customer.name} if customer else None,
        "due_at": reminder.due_at.isoformat(),
        "actions": [
            {"id": "done", "label": "Done",
             "command": {"command": "complete_reminder", "reminder_id": reminder.id}},
            *({"id": action_id, "label": label, "command": {"command": "snooze_reminder", "reminder_id": reminder.id,
                                                            **span}}
              for action_id, label, span in SNOOZES),
            *stop,
        ],
        "next_due_at": following.due_at.isoformat() if following else None,
    }
