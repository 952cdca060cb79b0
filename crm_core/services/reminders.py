"""The buttons on a reminder: Done, Snooze (remind again a day or more later) and, on a repeating one, Stop
repeating (Done on its next, pending occurrence). Only its rep may press them."""
from __future__ import annotations

from datetime import timedelta, timezone

from crm_core import permissions, recurrence
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import CompleteReminder, SnoozeReminder
from crm_core.context import Context
from crm_core.errors import Conflict, NotFound, PermissionDenied
from crm_core.models import Reminder
from crm_core.results import Notice, ReminderSet
from crm_core.services import validate

MAX_SNOOZE_DAYS = 30
OPEN_STATUSES = ("pending", "sent")


def checked_recurrence(rule: str | None) -> str | None:
    return recurrence.checked(rule)


def set_message(reminder: Reminder, ctx: Context) -> str:
    """ "I'll remind you on Fri 27 Nov at 15:00: call Dana", or for a repeating one "... every Monday, first on ..."."""
    local = reminder.due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)
    if reminder.recurrence:
        return (f"I'll remind you {recurrence.describe(reminder.recurrence)} at {local:%H:%M}, "
                f"first on {local:%a %d %b}: {reminder.text}")
    return f"I'll remind you on {local:%a %d %b at %H:%M}: {reminder.text}"


def complete_reminder(cmd: CompleteReminder, ctx: Context) -> Notice:
    reminder = _own_open_reminder(cmd.reminder_id, ctx)
    before = snapshot(reminder)
    stops_a_series = reminder.recurrence is not None and reminder.status == "pending"
    reminder.status = "done"
    reminder.save()
    AuditTrail(ctx, "complete_reminder").updated(reminder, before, f"reminder done: {reminder.text}")
    if stops_a_series:
        return Notice(message=f"Stopped repeating: {reminder.text}.")
    return Notice(message=f"Done: {reminder.text}.")


def snooze_reminder(cmd: SnoozeReminder, ctx: Context) -> ReminderSet:
    days = validate.positive_int(cmd.days, "days to snooze", MAX_SNOOZE_DAYS)
    reminder = _own_open_reminder(cmd.reminder_id, ctx)
    before = snapshot(reminder)
    due_at = reminder.due_at + timedelta(days=days)  # keeps the hour it was set for (09:00 local)
    if due_at <= ctx.now:
        due_at = ctx.now + timedelta(days=days)
    reminder.due_at, reminder.status = due_at, "pending"
    reminder.save()
    AuditTrail(ctx, "snooze_reminder").updated(reminder, before, f"snoozed reminder {days} day(s): {reminder.text}")
    local = due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)
    return ReminderSet(message=f"Snoozed: I'll remind you again on {local:%a %d %b at %H:%M}: {reminder.text}",
                       reminder_id=reminder.id, due_at=due_at.isoformat())


def _own_open_reminder(reminder_id: int, ctx: Context) -> Reminder:
    permissions.require(ctx.user, "reminder.set")
    reminder = Reminder.get_or_none(Reminder.id == reminder_id)
    if reminder is None:
        raise NotFound(f"There is no reminder #{reminder_id}.", hint="It may have been deleted; say “help” for commands.")
    if reminder.user_id != ctx.user.id:
        raise PermissionDenied(f"Reminder #{reminder_id} is {reminder.user.name}'s, not yours.",
                               hint="Only the person it reminds can mark it done or snooze it.")
    if reminder.status not in OPEN_STATUSES:
        raise Conflict(f"Reminder #{reminder_id} is already {reminder.status}: {reminder.text}",
                       hint="Set a new one with “remind me …”.")
    return reminder
