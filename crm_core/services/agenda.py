"""The acting user's open reminders: what is due (for a home screen or a "what's due" answer)."""
from __future__ import annotations

from datetime import timedelta, timezone

from peewee import JOIN

from crm_core import permissions
from crm_core.commands import ShowReminders
from crm_core.context import Context
from crm_core.i18n import _, short_moment
from crm_core.models import Customer, Reminder
from crm_core.results import ReminderLine, ReminderList
from crm_core.services import validate

OPEN_STATUSES = ("pending", "sent")
LIMIT = 500  # the most a list shows, paged 20 at a time (paging.MOST)


def show_reminders(cmd: ShowReminders, ctx: Context) -> ReminderList:
    permissions.require(ctx.user, "reminder.set")
    days = None if cmd.days is None else validate.positive_int(cmd.days, "days ahead", 366)
    query = (Reminder.select(Reminder, Customer).join(Customer, JOIN.LEFT_OUTER)
             .where((Reminder.user == ctx.user.id) & Reminder.status.in_(OPEN_STATUSES))
             .order_by(Reminder.due_at, Reminder.id))  # the overdue first: they are due earliest
    if days is not None:
        query = query.where(Reminder.due_at <= ctx.now + timedelta(days=days))
    lines = tuple(ReminderLine(r.id, r.text, r.customer.name if r.customer_id else None,
                               short_moment(r.due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)),
                               r.due_at <= ctx.now) for r in query.limit(LIMIT))
    if not lines:
        return ReminderList(message=_("You have no open reminders.") if days is None
                            else _("No reminders due in the next {days} days.").format(days=days))
    return ReminderList(message=_("Your reminders:") + "\n" + reminder_lines(lines), reminders=lines,
                        total=query.count() if len(lines) == LIMIT else len(lines))


def reminder_lines(lines: tuple[ReminderLine, ...]) -> str:
    """ "overdue Fri 27 Nov 09:00: call Dana", one a line."""
    overdue = _("overdue ")
    return "\n".join(f"{overdue if line.overdue else ''}{line.due}: {line.text}" for line in lines)
