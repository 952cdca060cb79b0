"""Logging calls, meetings, emails and notes, and the reminders their follow-ups make."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from crm_core import permissions
from crm_core.audit import AuditTrail
from crm_core.commands import LogActivity, Remind
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.i18n import _, short_date, term
from crm_core.models import ACTIVITY_KINDS, Activity, Customer, Reminder
from crm_core.results import ActivityLogged, ReminderSet
from crm_core.services import contacts, lookup, reminders, validate

REMINDER_HOUR = time(9, 0)


def log_activity(cmd: LogActivity, ctx: Context) -> ActivityLogged:
    permissions.require(ctx.user, "activity.log")
    kind = validate.choice(cmd.kind, ACTIVITY_KINDS, "kind of activity")
    summary = validate.text(cmd.summary, "summary", 4000, required=False)
    due_at = due_at_of(cmd.follow_up, ctx, "follow-up") if cmd.follow_up else None
    follow_up = _local(due_at, ctx).date() if due_at else None
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    contact = contacts.of_activity(ctx, customer, cmd.contact, cmd.contact_id)
    activity = Activity.create(customer=customer.id, deal=cmd.deal_id, kind=kind, summary=summary,
                               follow_up=follow_up, user=ctx.user.id, channel=ctx.channel,
                               occurred_at=ctx.now, created_at=ctx.now, contact=contact.id if contact else None)
    trail = AuditTrail(ctx, "log_activity")
    trail.created(activity, f"logged a {kind} with {customer.name}")
    said_kind = term("activity kind", kind)
    message = _("Logged a {kind} with {contact} at {customer}.").format(
        kind=said_kind, contact=contact.name, customer=customer.name) if contact else \
        _("Logged a {kind} with {customer}.").format(kind=said_kind, customer=customer.name) \
        + contacts.not_a_contact(cmd.contact, customer)
    if follow_up:
        reminder = _schedule(ctx, customer, f"Follow up with {customer.name}: {summary}".rstrip(": "), due_at, activity)
        trail.created(reminder, f"follow-up reminder for {follow_up}")
        message += _(" I'll remind you on {day}.").format(day=_shown(due_at, cmd.follow_up, ctx))
    return ActivityLogged(message=message, activity_id=activity.id, customer_id=customer.id,
                          follow_up=_said(due_at, cmd.follow_up, ctx) if due_at else None)


def remind(cmd: Remind, ctx: Context) -> ReminderSet:
    permissions.require(ctx.user, "reminder.set")
    text = validate.text(cmd.text, "reminder text", 1000, required=False)
    validate.present(cmd.when, _("When should I remind you?"), _("Say e.g. “remind me friday to call Acme”."))
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id) if (cmd.customer or cmd.customer_id) else None
    due_at = due_at_of(cmd.when, ctx)
    recurrence = reminders.checked_recurrence(cmd.recurrence)
    reminder = _schedule(ctx, customer, text or (f"About {customer.name}" if customer else "Reminder"), due_at,
                         recurrence=recurrence)
    AuditTrail(ctx, "remind").created(reminder, f"reminder {reminder.text!r}")
    return ReminderSet(message=reminders.set_message(reminder, ctx), reminder_id=reminder.id,
                       due_at=due_at.isoformat())


def follow_up_day(value: str, ctx: Context) -> date:
    """The follow-up date said, checked: today or later in the user's zone."""
    return _future_date(value, ctx, "follow-up")


def follow_up_reminder(ctx: Context, customer: Customer, text: str, day: date) -> Reminder:
    """A reminder at the reminder hour of `day` in the user's zone."""
    return _schedule(ctx, customer, text, _at_reminder_hour(day, ctx))


def _schedule(ctx: Context, customer: Customer | None, text: str, due_at: datetime,
              activity: Activity | None = None, recurrence: str | None = None) -> Reminder:
    return Reminder.create(user=ctx.user.id, customer=customer.id if customer else None,
                           activity=activity.id if activity else None, text=text, due_at=due_at,
                           created_at=ctx.now, recurrence=recurrence)


def _local_today(ctx: Context) -> date:
    return ctx.now.replace(tzinfo=timezone.utc).astimezone(ctx.tz).date()


def _future_date(value: str, ctx: Context, what: str) -> date:
    day = validate.iso_date(value, what)
    if day < _local_today(ctx):
        raise ValidationError(_("The {what} date {day} is in the past.").format(what=term("field", what), day=day),
                              hint=_("Give today or a later date."))
    return day


def _at_reminder_hour(day: date, ctx: Context) -> datetime:
    """09:00 on `day` in the user's time zone, as naive UTC."""
    local = datetime.combine(day, REMINDER_HOUR, tzinfo=ctx.tz)
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def due_at_of(when: str, ctx: Context, what: str = "reminder") -> datetime:
    """A date (at the reminder hour) or a date and time said in the user's zone, as naive UTC; not in the past."""
    if len(str(when).strip()) <= 10:
        return _at_reminder_hour(_future_date(when, ctx, what), ctx)
    moment = validate.iso_datetime(when, what)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ctx.tz)
    due = moment.astimezone(timezone.utc).replace(tzinfo=None)
    if due < ctx.now - timedelta(minutes=1):
        raise ValidationError(_("The {what} time {when} is in the past.").format(what=term("field", what), when=when),
                              hint=_("Give a later time."))
    return due


def _local(moment: datetime, ctx: Context) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(ctx.tz)


def _timed(said: str) -> bool:
    return len(str(said).strip()) > 10


def _shown(due_at: datetime, said: str, ctx: Context) -> str:
    """ "Fri 11 Dec", or "Fri 11 Dec at 15:00" when a time was said (in the user's zone)."""
    return short_date(_local(due_at, ctx), _timed(said))


def _said(due_at: datetime, said: str, ctx: Context) -> str:
    """The follow-up as the user's wall clock: YYYY-MM-DD, or YYYY-MM-DDTHH:MM when a time was said."""
    local = _local(due_at, ctx)
    return f"{local:%Y-%m-%dT%H:%M}" if _timed(said) else local.date().isoformat()
