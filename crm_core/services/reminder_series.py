"""An occurrence of a repeating reminder changed "only this one" or "this and all following" (RFC 5545's split).

A series is a chain of rows: each fired occurrence is its own row, and only the pending one (its head) carries the
RRULE (workers/actors/reminders.py). So "only this one" on the head hands the rule on to the next occurrence, as a
firing does (the series keeps going); on a fired occurrence it touches that row alone. "This and all following" ends
the series at this occurrence; a move also continues it from the new time, its day rules moved along.
"""
from __future__ import annotations

from datetime import datetime

from crm_core import recurrence
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import CancelReminder, Command, CompleteReminder, MoveReminder, SnoozeReminder
from crm_core.context import Context
from crm_core.errors import CrmError
from crm_core.i18n import _, short_date
from crm_core.models import Reminder, User
from crm_core.results import Choice

ONLY_THIS, AND_FOLLOWING = 0, 1
CHANGES = (CompleteReminder, SnoozeReminder, MoveReminder, CancelReminder)


def scope_choices() -> tuple[Choice, Choice]:
    """The question's answers: the value is `following` (a choice id)."""
    return Choice(f"id:{ONLY_THIS}", _("Only this one")), Choice(f"id:{AND_FOLLOWING}", _("This and all following"))


def head(reminder: Reminder) -> Reminder | None:
    """The series' pending occurrence (the one with the rule): the reminder itself, or, for one that fired, the next
    occurrence firing wrote (same rep, text, customer and activity, later); None when it does not repeat."""
    if reminder.recurrence:
        return reminder
    if reminder.status != "sent":
        return None
    return (Reminder.select().where(
        (Reminder.user == reminder.user_id) & (Reminder.status == "pending") & Reminder.recurrence.is_null(False)
        & (Reminder.text == reminder.text) & (Reminder.customer == reminder.customer_id)
        & (Reminder.activity == reminder.activity_id) & (Reminder.due_at > reminder.due_at))
        .order_by(Reminder.due_at, Reminder.id).first())


def close(reminder: Reminder, status: str, following: bool, ctx: Context, trail: AuditTrail, audit: str) -> str:
    """Done or cancelled: this occurrence, and with `following` the series; the notice's text."""
    series = head(reminder)
    if following:
        _write(reminder, trail, audit, status=status)
        if series is not None and series.id != reminder.id:
            _write(series, trail, f"{audit} (the series)", status="cancelled")
        return _("Stopped repeating: {text}.").format(text=reminder.text)
    later = series if series is None or series.id != reminder.id else _next(reminder, ctx, trail)
    _write(reminder, trail, audit, status=status, recurrence=None)
    return _only_this(reminder, later, ctx)


def due_again(reminder: Reminder, due_at: datetime, following: bool, ctx: Context, trail: AuditTrail,
              audit: str) -> None:
    """Snoozed or moved to `due_at`: this occurrence alone (the series keeps its times), or the series from there."""
    series = head(reminder)
    if not following:
        if series is not None and series.id == reminder.id:
            _next(reminder, ctx, trail)
        _write(reminder, trail, audit, due_at=due_at, status="pending",
               recurrence=None if series is not None else reminder.recurrence)
        return
    rule = (series or reminder).recurrence
    moved = recurrence.moved(rule, recurrence.local(reminder.due_at, ctx.tz), recurrence.local(due_at, ctx.tz)) \
        if rule else None
    if series is not None and series.id != reminder.id:
        _write(series, trail, f"{audit} (the series)", status="cancelled")
    _write(reminder, trail, audit, due_at=due_at, status="pending", recurrence=moved)


def _next(reminder: Reminder, ctx: Context, trail: AuditTrail) -> Reminder | None:
    """The occurrence after this one, written as the series' new head (the rule handed on); None when it ends."""
    due_at = recurrence.next_due(reminder.recurrence, reminder.due_at, ctx.tz, ctx.now)
    if due_at is None:
        return None
    following = Reminder.create(user=reminder.user_id, customer=reminder.customer_id, activity=reminder.activity_id,
                                text=reminder.text, due_at=due_at, recurrence=reminder.recurrence, created_at=ctx.now)
    trail.created(following, f"next occurrence of reminder: {reminder.text}")
    return following


def _write(reminder: Reminder, trail: AuditTrail, audit: str, **changes) -> None:
    before = snapshot(reminder)
    for name, value in changes.items():
        setattr(reminder, name, value)
    reminder.save()
    trail.updated(reminder, before, f"{audit}: {reminder.text}")


def _only_this(reminder: Reminder, following: Reminder | None, ctx: Context) -> str:
    said = (_("Done: {text}.") if reminder.status == "done" else _("Cancelled the reminder: {text}.")).format(
        text=reminder.text)
    if following is None:
        return said
    local = recurrence.local(following.due_at, ctx.tz)
    return said + " " + _("The series goes on: next on {moment}.").format(moment=short_date(local, with_time=True))


def needs_scope(cmd: Command, user: User) -> Reminder | None:
    """The repeating reminder a change said in chat is about, when it has not said which occurrences; None when there
    is nothing to ask (not a reminder change, no series, or a refusal or ambiguity the service will say)."""
    from crm_core.services.reminders import the_reminder  # reminders imports this module

    if not isinstance(cmd, CHANGES) or cmd.following is not None:
        return None
    try:
        reminder = the_reminder(Context(user=user), cmd.reminder_id, cmd.reminder)
    except CrmError:
        return None
    return reminder if head(reminder) is not None else None
