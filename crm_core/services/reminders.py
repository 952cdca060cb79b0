"""What a rep does with a reminder: Done, Snooze (an hour, a day, a week), move it to another time, cancel it;
on a repeating one, Done on its pending occurrence stops the series. By the buttons on a reminder (its id) or from
chat, naming it by words of its text or its customer ("push the acme reminder to monday"); unnamed, it is the one
that fired last, or the rep's only open one; several fit: buttons. Only its rep may change it; undo restores it.
Said of an occurrence of a repeating one, with `following` set (the dialogue asks it), services/reminder_series.py
changes that occurrence alone or the series from it; unset (a notification's buttons), it is this occurrence, and Done
on the pending one stops the series."""
from __future__ import annotations

import re
from datetime import timedelta, timezone

from peewee import JOIN

from crm_core import permissions, recurrence
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import CancelReminder, CompleteReminder, MoveReminder, SnoozeReminder
from crm_core.context import Context
from crm_core.errors import Ambiguous, Conflict, NotFound, Option, PermissionDenied
from crm_core.i18n import CHINESE, N_, _, short_date, short_moment, term, written_in
from crm_core.models import Customer, Reminder
from crm_core.results import Notice, ReminderSet
from crm_core.services import reminder_series, validate

MAX_SNOOZE_DAYS = 30
MAX_SNOOZE_HOURS = 72
OPEN_STATUSES = ("pending", "sent")
CHOICES_SHOWN = 8
# The Snooze buttons on a reminder: id, label, span (SnoozeReminder's fields); short: Telegram allows 64 bytes of data
SNOOZES = (("snooze_hour", N_("1 h"), {"hours": 1}), ("snooze", N_("Tomorrow"), {"days": 1}),
           ("snooze_week", N_("Next week"), {"days": 7}))  # labels: said with _() where the buttons are drawn
_NOT_NAMING = frozenset("""the a an my our this that it its reminder reminders one about for to with on re of follow
followup up alarm task todo""".split())


class AmbiguousReminder(Ambiguous):
    code = "ambiguous_reminder"
    slot = "reminder_id"


def checked_recurrence(rule: str | None) -> str | None:
    return recurrence.checked(rule)


def set_message(reminder: Reminder, ctx: Context) -> str:
    """ "I'll remind you on Fri 27 Nov at 15:00: call Dana", or for a repeating one "... every Monday, first on ..."."""
    local = reminder.due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)
    if reminder.recurrence:
        return _("I'll remind you {every} at {time}, first on {day}: {text}").format(
            every=recurrence.describe(reminder.recurrence), time=f"{local:%H:%M}", day=short_date(local),
            text=reminder.text)
    return _("I'll remind you on {moment}: {text}").format(moment=short_date(local, with_time=True), text=reminder.text)


def complete_reminder(cmd: CompleteReminder, ctx: Context) -> Notice:
    reminder = the_reminder(ctx, cmd.reminder_id, cmd.reminder)
    if cmd.following is not None and reminder_series.head(reminder) is not None:
        return Notice(message=reminder_series.close(reminder, "done", bool(cmd.following), ctx,
                                                    AuditTrail(ctx, "complete_reminder"), "reminder done"))
    before = snapshot(reminder)
    stops_a_series = reminder.recurrence is not None and reminder.status == "pending"
    reminder.status = "done"
    reminder.save()
    AuditTrail(ctx, "complete_reminder").updated(reminder, before, f"reminder done: {reminder.text}")
    if stops_a_series:
        return Notice(message=_("Stopped repeating: {text}.").format(text=reminder.text))
    return Notice(message=_("Done: {text}.").format(text=reminder.text))


def snooze_reminder(cmd: SnoozeReminder, ctx: Context) -> ReminderSet:
    if cmd.hours or cmd.minutes:
        minutes = validate.positive_int(cmd.hours * 60 + cmd.minutes, "minutes to snooze", MAX_SNOOZE_HOURS * 60)
        reminder = the_reminder(ctx, cmd.reminder_id, cmd.reminder)
        return _due_again(reminder, ctx.now + timedelta(minutes=minutes), ctx, AuditTrail(ctx, "snooze_reminder"),
                          f"snoozed reminder {_span(minutes)}", _("Snoozed: "), cmd.following)
    days = validate.positive_int(cmd.days, "days to snooze", MAX_SNOOZE_DAYS)
    reminder = the_reminder(ctx, cmd.reminder_id, cmd.reminder)
    due_at = reminder.due_at + timedelta(days=days)  # keeps the hour it was set for (09:00 local)
    if due_at <= ctx.now:
        due_at = ctx.now + timedelta(days=days)
    return _due_again(reminder, due_at, ctx, AuditTrail(ctx, "snooze_reminder"), f"snoozed reminder {days} day(s)",
                      _("Snoozed: "), cmd.following)


def _span(minutes: int) -> str:
    """For the audit trail (English): "2 hour(s)", "45 minute(s)"."""
    return f"{minutes // 60} hour(s)" if minutes % 60 == 0 else f"{minutes} minute(s)"


def move_reminder(cmd: MoveReminder, ctx: Context) -> ReminderSet:
    from crm_core.services.activities import due_at_of  # activities imports this module

    validate.present(cmd.when, _("When should it remind you instead?"),
                     _("Say e.g. “push the acme reminder to monday 10am”."))
    reminder = the_reminder(ctx, cmd.reminder_id, cmd.reminder)
    return _due_again(reminder, due_at_of(cmd.when, ctx), ctx, AuditTrail(ctx, "move_reminder"), "moved reminder",
                      _("Moved: "), cmd.following)


def cancel_reminder(cmd: CancelReminder, ctx: Context) -> Notice:
    reminder = the_reminder(ctx, cmd.reminder_id, cmd.reminder)
    if cmd.following is not None and reminder_series.head(reminder) is not None:
        return Notice(message=reminder_series.close(reminder, "cancelled", bool(cmd.following), ctx,
                                                    AuditTrail(ctx, "cancel_reminder"), "cancelled reminder"))
    before = snapshot(reminder)
    reminder.status = "cancelled"
    reminder.save()
    AuditTrail(ctx, "cancel_reminder").updated(reminder, before, f"cancelled reminder: {reminder.text}")
    repeating = _(" It won't repeat either.") if reminder.recurrence else ""
    return Notice(message=_("Cancelled the reminder: {text}.").format(text=reminder.text) + repeating)


def _due_again(reminder: Reminder, due_at, ctx: Context, trail: AuditTrail, audit: str, lead: str,
               following: bool | None = None) -> ReminderSet:
    if following is not None and reminder_series.head(reminder) is not None:
        reminder_series.due_again(reminder, due_at, bool(following), ctx, trail, audit)
    else:
        before = snapshot(reminder)
        reminder.due_at, reminder.status = due_at, "pending"
        reminder.save()
        trail.updated(reminder, before, f"{audit}: {reminder.text}")
    local = due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)
    again = _("I'll remind you again on {moment}: {text}").format(moment=short_date(local, with_time=True),
                                                                   text=reminder.text)
    if following and reminder.recurrence:
        again += "\n" + _("Then {every} at {time}.").format(every=recurrence.describe(reminder.recurrence),
                                                          time=f"{local:%H:%M}")
    return ReminderSet(message=lead + again,
                       reminder_id=reminder.id, due_at=due_at.isoformat())


def the_reminder(ctx: Context, reminder_id: int | None, words: str = "") -> Reminder:
    """The acting user's open reminder: by id; else the one whose text or customer has every word said; else
    (nothing said) the one that fired last, or their only open one. Several fit: AmbiguousReminder (buttons)."""
    permissions.require(ctx.user, "reminder.set")
    if reminder_id is not None:
        return _own_open_reminder(validate.positive_int(reminder_id, "the reminder", 2_000_000_000), ctx)
    open_ones = list(Reminder.select(Reminder, Customer).join(Customer, JOIN.LEFT_OUTER)
                     .where((Reminder.user == ctx.user.id) & Reminder.status.in_(OPEN_STATUSES))
                     .order_by(Reminder.due_at, Reminder.id))
    named = _naming_words(words)
    if named:
        fitting = [r for r in open_ones if _fits(r, named)]
    else:
        fired = [r for r in open_ones if r.status == "sent"]
        fitting = [max(fired, key=lambda r: (r.due_at, r.id))] if fired else open_ones
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        said = _("You have no open reminder about “{words}”.").format(words=words.strip()) if named \
            else _("You have no open reminder.")
        raise NotFound(said, hint=_("Say “my reminders” to see them; nothing was changed."))
    many = _("You have {n} open reminders that fit.") if named else _("You have {n} open reminders.")
    raise AmbiguousReminder(many.format(n=len(fitting)),
                            tuple(Option(r.id, _label(r, ctx)) for r in fitting[:CHOICES_SHOWN]),
                            hint=_("Which one?"))


def _naming_words(words: str) -> list[str]:
    return [w for w in re.findall(r"[\w']+", (words or "").lower()) if w not in _NOT_NAMING]


def _fits(reminder: Reminder, words: list[str]) -> bool:
    """Every word starts a word of the text or the customer's name ("invoice" fits "invoices"); Chinese has no spaces
    between words, so a Chinese word need only be in it ("发票" fits "寄发票给Globex")."""
    text = f"{reminder.text} {reminder.customer.name if reminder.customer_id else ''}".lower()
    said = set(re.findall(r"[\w']+", text))
    return all(word in text if written_in(word) == CHINESE else
               any(token.startswith(word) or word.startswith(token) and len(token) >= 4 for token in said)
               for word in words)


def _label(reminder: Reminder, ctx: Context) -> str:
    local = reminder.due_at.replace(tzinfo=timezone.utc).astimezone(ctx.tz)
    return f"{short_moment(local)}: {reminder.text}"[:75]


def _own_open_reminder(reminder_id: int, ctx: Context) -> Reminder:
    reminder = Reminder.get_or_none(Reminder.id == reminder_id)
    if reminder is None:
        raise NotFound(_("There is no reminder #{id}.").format(id=reminder_id),
                       hint=_("It may have been deleted; say “help” for commands."))
    if reminder.user_id != ctx.user.id:
        raise PermissionDenied(_("Reminder #{id} is {name}'s, not yours.").format(id=reminder_id,
                                                                                 name=reminder.user.name),
                               hint=_("Only the person it reminds can mark it done or snooze it."))
    if reminder.status not in OPEN_STATUSES:
        raise Conflict(_("Reminder #{id} is already {status}: {text}").format(
            id=reminder_id, status=term("reminder status", reminder.status), text=reminder.text),
                       hint=_("Set a new one with “remind me …”."))
    return reminder
