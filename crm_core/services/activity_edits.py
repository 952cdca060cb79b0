"""Changing or deleting a logged activity: the acting user's last one ("make that a meeting", "delete the note I
just logged"), or one picked by id (the timeline shows them) or by buttons. Deleting is confirmed (policy);
follow-up reminders the activity made go with it; undo brings both back."""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import DeleteActivity, UpdateActivity
from crm_core.context import Context
from crm_core.errors import Ambiguous, NotFound, Option, ValidationError
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
        raise ValidationError("What should change on the activity?",
                              hint="Say the kind (“make that a meeting”) or the new text.")
    activity = the_activity(ctx, cmd, None)
    permissions.require_activity_edit(ctx.user, activity)
    changes = tuple((f, getattr(activity, f) or "-", v) for f, v in wanted.items() if getattr(activity, f) != v)
    if not changes:
        raise ValidationError(f"That {activity.kind} already says so.")
    before = snapshot(activity)
    for field, value in wanted.items():
        setattr(activity, field, value)
    activity.save()
    said = ", ".join(f"{f} {_short(old)} → {_short(new)}" for f, old, new in changes)
    AuditTrail(ctx, "update_activity").updated(activity, before, f"changed activity {activity.id}: {said}")
    return ActivityUpdated(message=f"Changed your {before['kind']} with {activity.customer.name} "
                                   f"({_day(activity)}): {said}.", activity_id=activity.id, changes=changes)


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
    return ActivityDeleted(message=f"Deleted the {said}: {_short(activity.summary) or 'no text'}.",
                           activity_id=activity.id)


def the_activity(ctx: Context, cmd: UpdateActivity | DeleteActivity, kind: str | None) -> Activity:
    """By id; else with a customer named, the user's latest with them of `kind`, or buttons for their last few when
    no kind is said; else the user's latest (of `kind`)."""
    if cmd.activity_id is not None:
        number = validate.positive_int(cmd.activity_id, "the activity", 2_000_000_000)
        found = Activity.get_or_none(Activity.id == number)
        if found is None:
            raise NotFound(f"There is no activity with id {number}.", hint="The customer's card lists their activities.")
        return found
    query = Activity.select().where(Activity.user == ctx.user.id)
    if kind:
        query = query.where(Activity.kind == validate.choice(kind, ACTIVITY_KINDS, "kind of activity"))
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id) if cmd.customer or cmd.customer_id else None
    if customer is not None:
        query = query.where(Activity.customer == customer.id)
    latest = list(query.order_by(Activity.created_at.desc(), Activity.id.desc()).limit(5))
    if not latest:
        raise NotFound(f"You haven't logged any {kind or 'activity'}{f' with {customer.name}' if customer else ''}.",
                       hint="Nothing was changed.")
    if customer is not None and not kind and len(latest) > 1:
        raise AmbiguousActivity(f"You logged {len(latest)}{'+' if len(latest) == 5 else ''} activities with "
                                f"{customer.name}.", tuple(Option(a.id, _label(a)) for a in latest))
    return latest[0]


def _label(activity: Activity) -> str:
    return f"{activity.kind} {_day(activity)}: {_short(activity.summary) or '-'}"[:75]


def _day(activity: Activity) -> str:
    return f"{activity.occurred_at:%d %b}"


def _short(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= 60 else text[:59] + "…"
