"""Changing or deleting a logged activity: the acting user's last one ("make that a meeting", "delete the note I
just logged"), or one picked by id (the timeline shows them) or by buttons. Deleting is confirmed (policy);
follow-up reminders the activity made go with it; undo brings both back."""
from __future__ import annotations

from babel.dates import format_date

from crm_core import i18n, permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import DeleteActivity, UpdateActivity
from crm_core.context import Context
from crm_core.errors import Ambiguous, NotFound, Option, ValidationError
from crm_core.i18n import _, pgettext, term
from crm_core.models import ACTIVITY_KINDS, Activity, Reminder
from crm_core.results import ActivityDeleted, ActivityUpdated
from crm_core.services import lookup, validate


class AmbiguousActivity(Ambiguous):
    code = "ambiguous_activity"
    slot = "activity_id"


def update_activity(cmd: UpdateActivity, ctx: Context) -> ActivityUpdated:
    wanted: dict[str, str] = {}
    if cmd.kind:
        wanted["kind"] = validate.choice(cmd.kind, ACTIVITY_KINDS, "kind of activity")
    if cmd.summary is not None and cmd.summary.strip():
        wanted["summary"] = validate.text(cmd.summary, "summary", 4000)
    if not wanted:
        raise ValidationError(_("What should change on the activity?"),
                              hint=_("Say the kind (“make that a meeting”) or the new text."))
    activity = the_activity(ctx, cmd, None)
    permissions.require_activity_edit(ctx.user, activity)
    changes = tuple((f, getattr(activity, f) or "-", v) for f, v in wanted.items() if getattr(activity, f) != v)
    if not changes:
        raise ValidationError(_("That {kind} already says so.").format(kind=term("activity kind", activity.kind)))
    before = snapshot(activity)
    for field, value in wanted.items():
        setattr(activity, field, value)
    activity.save()
    said = ", ".join(f"{f} {_short(old)} → {_short(new)}" for f, old, new in changes)
    AuditTrail(ctx, "update_activity").updated(activity, before, f"changed activity {activity.id}: {said}")
    told = pgettext("list separator", ", ").join(_("{field} {old} → {new}").format(
        field=term("activity field", f), old=_shown(f, old), new=_shown(f, new)) for f, old, new in changes)
    return ActivityUpdated(message=_("Changed your {kind} with {customer} ({day}): {changes}.").format(
        kind=term("activity kind", before["kind"]), customer=activity.customer.name, day=_day(activity),
        changes=told), activity_id=activity.id, changes=changes)


def delete_activity(cmd: DeleteActivity, ctx: Context) -> ActivityDeleted:
    activity = the_activity(ctx, cmd, cmd.kind)
    permissions.require_activity_edit(ctx.user, activity)
    trail = AuditTrail(ctx, "delete_activity")
    for reminder in activity.reminders.order_by(Reminder.id):
        trail.deleted(snapshot(reminder), reminder)
        reminder.delete_instance()
    said = f"{activity.kind} with {activity.customer.name} ({_day(activity)})"
    trail.deleted(snapshot(activity), activity, f"deleted the {said}")
    activity.delete_instance()
    told = _("Deleted the {kind} with {customer} ({day}): {text}.").format(
        kind=term("activity kind", activity.kind), customer=activity.customer.name, day=_day(activity),
        text=_short(activity.summary) or _("no text"))
    return ActivityDeleted(message=told,
                           activity_id=activity.id)


def the_activity(ctx: Context, cmd: UpdateActivity | DeleteActivity, kind: str | None) -> Activity:
    """By id; else with a customer named, the user's latest with them of `kind`, or buttons for their last few when
    no kind is said; else the user's latest (of `kind`)."""
    if cmd.activity_id is not None:
        number = validate.positive_int(cmd.activity_id, "the activity", 2_000_000_000)
        found = Activity.get_or_none(Activity.id == number)
        if found is None:
            raise NotFound(_("There is no activity with id {number}.").format(number=number),
                           hint=_("The customer's card lists their activities."))
        return found
    query = Activity.select().where(Activity.user == ctx.user.id)
    if kind:
        query = query.where(Activity.kind == validate.choice(kind, ACTIVITY_KINDS, "kind of activity"))
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id) if cmd.customer or cmd.customer_id else None
    if customer is not None:
        query = query.where(Activity.customer == customer.id)
    latest = list(query.order_by(Activity.created_at.desc(), Activity.id.desc()).limit(5))
    if not latest:
        what = term("activity kind", kind) if kind else _("activity")
        said = _("You haven't logged any {kind} with {customer}.") if customer else _("You haven't logged any {kind}.")
        raise NotFound(said.format(kind=what, customer=customer.name if customer else ""),
                       hint=_("Nothing was changed."))
    if customer is not None and not kind and len(latest) > 1:
        count = f"{len(latest)}{'+' if len(latest) == 5 else ''}"
        raise AmbiguousActivity(_("You logged {n} activities with {customer}.").format(n=count, customer=customer.name),
                                tuple(Option(a.id, _label(a)) for a in latest))
    return latest[0]


def _label(activity: Activity) -> str:
    return f"{term('activity kind', activity.kind)} {_day(activity)}: {_short(activity.summary) or '-'}"[:75]


def _day(activity: Activity) -> str:
    if i18n.current() == i18n.ENGLISH:
        return f"{activity.occurred_at:%d %b}"
    return format_date(activity.occurred_at, "M月d日", locale=i18n.format_locale())


def _shown(field: str, value: str) -> str:
    return term("activity kind", value) if field == "kind" else _short(value)


def _short(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= 60 else text[:59] + "…"
