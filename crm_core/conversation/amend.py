"""A correction ("no, I meant Acme Ltd", "actually make it 15k", "I meant tuesday", "make that a meeting")
amends the rows of the conversation's last write: one audited change (action `correct`), never a second write.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from crm_core import bus, events, permissions, policy
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.db import database, write_transaction
from crm_core.errors import Conflict, CrmError, NotFound, ValidationError
from crm_core.i18n import _, pgettext, short_date, term
from crm_core.models import (
    ACTIVITY_KINDS,
    MODELS_BY_TABLE,
    OPEN_STAGES,
    AuditLog,
    Customer,
    User,
)
from crm_core.money import money
from crm_core.results import Corrected, Result
from crm_core.services import activities, lookup, validate
from crm_core.services.undo import NOT_UNDOABLE, changed_since
from crm_core.settings import get_settings

AMENDABLE = ("activities", "deals", "tickets", "reminders", "deal_stage_changes")
Change = tuple[str, str, str]


def amend(batch: str, said: dict[str, Any], user: User, *, channel: str, now: datetime) -> Result:
    ctx = Context(user=user, channel=channel, now=now)
    try:
        with database.connection_context(), write_transaction():
            corrected = _amend(batch, said, ctx)
    except CrmError as exc:
        return bus.rejected(exc)
    events.publish(ctx.events())
    return corrected


def _amend(batch: str, said: dict[str, Any], ctx: Context) -> Corrected:
    rows = _targets(batch, ctx)
    trail = AuditTrail(ctx, "correct")
    if "customer" in said:
        changes = _customer(rows, said["customer"], ctx, trail)
    elif "amount" in said:
        changes = _amount(rows, said["amount"], said.get("currency"), trail)
    elif "date" in said:
        changes = _date(rows, said["date"], ctx, trail)
    elif "kind" in said:
        changes = _kind(rows, said["kind"], trail)
    elif "stage" in said:
        changes = _stage(rows, said["stage"], trail)
    else:
        raise ValidationError(_("What should I correct?"), hint=_("Say e.g. “actually make it 15k” or “I meant tuesday”."))
    shown = pgettext("changes separator", "; ").join(f"{what} {old} -> {new}" for what, old, new in changes)
    return Corrected(message=_("Changed: {changes}.").format(changes=shown), changes=tuple(changes))


def _targets(batch: str, ctx: Context) -> dict[str, Any]:
    """The rows the last write made or changed, by table, each as it is now (unchanged since, or Conflict)."""
    window = timedelta(minutes=get_settings().undo_window_minutes)
    written = list(AuditLog.select().where((AuditLog.batch == batch) & AuditLog.undone_at.is_null()
                                           & (AuditLog.actor == ctx.user.id)).order_by(AuditLog.id))
    if not written or written[0].created_at < ctx.now - window:
        raise NotFound(_("There is no recent change of yours here to correct; nothing was changed."))
    found: dict[str, Any] = {}
    for row in written:
        if row.entity not in AMENDABLE or row.entity in found or row.op == "delete":
            continue
        model = MODELS_BY_TABLE[row.entity]
        current = model.get_or_none(model.id == row.entity_id)
        latest = _latest_after(row.entity, row.entity_id)
        if current is None or (latest is not None and changed_since(snapshot(current), latest)):
            raise Conflict(_("I can't correct it: it was changed since."), hint=_("Change it by hand."))
        found[row.entity] = current
    return found


def _latest_after(entity: str, entity_id: int) -> dict | None:
    row = (AuditLog.select(AuditLog.after).where((AuditLog.entity == entity) & (AuditLog.entity_id == entity_id)
                                                 & AuditLog.undone_at.is_null() & AuditLog.action.not_in(NOT_UNDOABLE))
           .order_by(AuditLog.id.desc()).first())
    return json.loads(row.after) if row is not None and row.after else None


def _save(trail: AuditTrail, instance: Any, changes: dict[str, Any], description: str) -> None:
    before = snapshot(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    trail.updated(instance, before, description)


def _customer(rows: dict, mention: str, ctx: Context, trail: AuditTrail) -> list[Change]:
    main = rows.get("activities") or rows.get("deals") or rows.get("tickets") or rows.get("reminders")
    if main is None or main.customer_id is None:
        raise ValidationError(_("Your last change names no customer to correct."))
    new = lookup.customer(ctx, mention, None)
    old = Customer.get_by_id(main.customer_id)
    if new.id == old.id:
        raise ValidationError(_("It is already with {customer}.").format(customer=new.name))
    for table, instance in rows.items():
        if getattr(instance, "customer_id", None) != old.id:
            continue
        fields: dict[str, Any] = {"customer": new.id}
        if table == "deals":
            permissions.require_deal_edit(ctx.user, instance)
            fields["title"] = instance.title.replace(old.name, new.name)
        if table == "reminders":
            fields["text"] = instance.text.replace(old.name, new.name)
        _save(trail, instance, fields, f"corrected the customer: {old.name} -> {new.name}")
    return [(_whose_customer(main._meta.table_name), old.name, new.name)]


def _whose_customer(table: str) -> str:
    if table == "activities":
        return _("the activity's customer")
    if table == "deals":
        return _("the deal's customer")
    return _("the ticket's customer") if table == "tickets" else _("the customer")


def _amount(rows: dict, amount: float, currency: str | None, trail: AuditTrail) -> list[Change]:
    deal = rows.get("deals")
    if deal is None:
        raise ValidationError(_("Your last change has no amount to correct."),
                              hint=_("To change a deal's amount, say e.g. “make the Acme deal 15k”."))
    fields: dict[str, Any] = {"amount": validate.amount(amount)}
    if currency:
        fields["currency"] = validate.currency(currency)
    old = money(deal.amount, deal.currency)
    _save(trail, deal, fields, f"corrected the amount of “{deal.title}”")
    return [(_("the deal's amount"), old, money(deal.amount, deal.currency))]


def _date(rows: dict, value: str, ctx: Context, trail: AuditTrail) -> list[Change]:
    day = activities.follow_up_day(value, ctx)
    activity, reminder, deal = rows.get("activities"), rows.get("reminders"), rows.get("deals")
    changes: list[Change] = []
    if activity is not None and activity.follow_up is not None:
        changes.append((_("the follow-up"), short_date(activity.follow_up), short_date(day)))
        _save(trail, activity, {"follow_up": day}, "corrected the follow-up date")
    if reminder is not None:
        if not changes:
            changes.append((_("the reminder"), short_date(_local(reminder.due_at, ctx).date()), short_date(day)))
        _save(trail, reminder, {"due_at": _same_time_on(day, reminder.due_at, ctx)}, "corrected the reminder date")
    elif deal is not None and deal.expected_close is not None:
        changes.append((_("the expected close"), short_date(deal.expected_close), short_date(day)))
        _save(trail, deal, {"expected_close": day}, "corrected the expected close")
    if not changes:
        raise ValidationError(_("Your last change has no date to correct."))
    return changes


def _kind(rows: dict, kind: str, trail: AuditTrail) -> list[Change]:
    activity = rows.get("activities")
    if activity is None:
        raise ValidationError(_("Your last change logged no activity to correct."))
    kind = validate.choice(kind, ACTIVITY_KINDS, "kind of activity")
    if activity.kind == kind:
        raise ValidationError(_("It is already a {kind}.").format(kind=term("activity kind", kind)))
    old = activity.kind
    _save(trail, activity, {"kind": kind}, f"corrected a {old} to a {kind}")
    return [(_("the activity"), term("activity kind", old), term("activity kind", kind))]


def _stage(rows: dict, stage: str, trail: AuditTrail) -> list[Change]:
    deal, history = rows.get("deals"), rows.get("deal_stage_changes")
    if deal is None or history is None:
        raise ValidationError(_("Your last change moved no deal to correct."))
    if stage not in OPEN_STAGES:
        raise ValidationError(_("To mark it {stage}, say “move it to {code}”: that one is confirmed first.").format(
            stage=term("stage", stage), code=stage))
    if deal.stage == stage:
        raise ValidationError(_("“{title}” is already in {stage}.").format(title=deal.title, stage=term("stage", stage)))
    if history.from_stage and policy.is_backward(stage, [history.from_stage]):
        raise ValidationError(_("That moves “{title}” back from {stage}.").format(
                                  title=deal.title, stage=term("stage", history.from_stage)),
                              hint=_("Say “move it back to {code}”: a backward move is confirmed first.").format(
                                  code=stage, stage=term("stage", stage)))
    old = deal.stage
    _save(trail, deal, {"stage": stage, "closed_at": None}, f"corrected the stage of “{deal.title}”")
    _save(trail, history, {"to_stage": stage}, "")
    return [(_("the deal's stage"), term("stage", old), term("stage", stage))]


def _local(moment: datetime, ctx: Context) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(ctx.tz)


def _same_time_on(day: date, due_at: datetime, ctx: Context) -> datetime:
    """The same wall-clock time as `due_at` in the user's zone, on `day`, as naive UTC."""
    local = datetime.combine(day, _local(due_at, ctx).time(), tzinfo=ctx.tz)
    return local.astimezone(UTC).replace(tzinfo=None)


