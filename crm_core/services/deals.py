"""Creating deals and moving them through the stages, with their history."""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import CreateDeal, MoveDeal, UpdateDeal
from crm_core.context import Context
from crm_core.errors import AmbiguousDeal, Conflict, NotFound, ValidationError
from crm_core.i18n import _, long_date, pgettext, short_date, term
from crm_core.models import CLOSED_STAGES, OPEN_STAGES, STAGES, Customer, Deal, DealStageChange
from crm_core.money import money
from crm_core.results import DealCreated, DealMoved, DealUpdated
from crm_core.services import activities, lookup, validate
from crm_core.settings import get_settings


def create_deal(cmd: CreateDeal, ctx: Context) -> DealCreated:
    permissions.require(ctx.user, "deal.create")
    stage = validate.choice(cmd.stage or "lead", STAGES, "stage")
    amount = validate.amount(cmd.amount if cmd.amount is not None else 0)
    currency = validate.currency(cmd.currency or get_settings().currency)
    expected_close = validate.iso_date(cmd.expected_close, "expected close") if cmd.expected_close else None
    follow_up = activities.follow_up_day(cmd.follow_up, ctx) if cmd.follow_up else None
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    title = validate.text(cmd.title, "title", 200, required=False) or f"{customer.name} deal"
    deal = Deal.create(customer=customer.id, title=title, amount=amount, currency=currency, stage=stage,
                       owner=ctx.user.id, expected_close=expected_close,
                       closed_at=ctx.now if stage in CLOSED_STAGES else None,
                       created_at=ctx.now, updated_at=ctx.now)
    trail = AuditTrail(ctx, "create_deal")
    trail.created(deal, f"created deal “{title}” for {customer.name}")
    trail.created(_record_stage(ctx, deal, None, stage))
    message = _("Created deal “{title}” for {customer}: {amount}, {stage}.").format(
        title=title, customer=customer.name, amount=money(amount, currency), stage=term("stage", stage))
    if follow_up:
        reminder = activities.follow_up_reminder(ctx, customer, f"Follow up on “{title}” with {customer.name}", follow_up)
        trail.created(reminder, f"follow-up reminder for {follow_up}")
        message += _(" I'll remind you to follow up on {day}.").format(day=short_date(follow_up))
    return DealCreated(message=message, deal_id=deal.id, customer_id=customer.id)


def move_deal(cmd: MoveDeal, ctx: Context) -> DealMoved:
    if cmd.stage is None and not cmd.reopen:
        raise ValidationError(_("To which stage?"), hint=_("Use one of: {choices}.").format(choices=", ".join(STAGES)))
    stage = validate.choice(cmd.stage, STAGES, "stage") if cmd.stage else None
    deal = _deal_to_move(cmd, ctx)
    permissions.require_deal_edit(ctx.user, deal)
    stage = stage or _last_open_stage(deal)
    if deal.stage in CLOSED_STAGES and not cmd.reopen:
        raise Conflict(_("“{title}” is closed ({stage} on {day}).").format(
                           title=deal.title, stage=term("stage", deal.stage), day=long_date(deal.closed_at)),
                       hint=_("Say “reopen the {customer} deal” to move it again.").format(customer=deal.customer.name))
    if deal.stage == stage:
        raise ValidationError(_("“{title}” is already in {stage}.").format(title=deal.title, stage=term("stage", stage)))
    before, from_stage = snapshot(deal), deal.stage
    deal.stage, deal.updated_at = stage, ctx.now
    deal.closed_at = ctx.now if stage in CLOSED_STAGES else None
    deal.save()
    verb = "Reopened" if from_stage in CLOSED_STAGES else "Moved"
    trail = AuditTrail(ctx, "move_deal")
    trail.updated(deal, before, f"{verb.lower()} “{deal.title}” from {from_stage} to {stage}")
    trail.created(_record_stage(ctx, deal, from_stage, stage))
    said = _("Reopened “{title}” ({customer}) from {old} to {new}.") if from_stage in CLOSED_STAGES \
        else _("Moved “{title}” ({customer}) from {old} to {new}.")
    message = said.format(title=deal.title, customer=deal.customer.name, old=term("stage", from_stage),
                          new=term("stage", stage))
    return DealMoved(message=message,
                     deal_id=deal.id, from_stage=from_stage, to_stage=stage)


def update_deal(cmd: UpdateDeal, ctx: Context) -> DealUpdated:
    """Change what was said of an existing open deal; never creates one."""
    wanted = _deal_changes(cmd, ctx)
    if not wanted:
        raise ValidationError(_("What should change on the deal?"),
                              hint=_("Say the amount, currency, close date, title, owner or next step."))
    deal = lookup.one_open_deal(ctx, cmd.customer, cmd.customer_id, cmd.deal_id, cmd.deal)
    permissions.require_deal_edit(ctx.user, deal, wanted.get("owner"))
    before = snapshot(deal)
    changes = tuple((name, _shown(getattr(deal, name)), _shown(value)) for name, value in wanted.items()
                    if _shown(getattr(deal, name)) != _shown(value))
    if not changes:
        raise ValidationError(_("“{title}” already has that.").format(title=deal.title))
    for name, value in wanted.items():
        setattr(deal, name, value)
    deal.updated_at = ctx.now
    deal.save()
    said = ", ".join(f"{name.replace('_', ' ')} {old} → {new}" for name, old, new in changes)
    AuditTrail(ctx, "update_deal").updated(deal, before, f"changed “{deal.title}”: {said}")
    told = pgettext("list separator", ", ").join(
        _("{field} {old} → {new}").format(field=term("deal field", name), old=old, new=new) for name, old, new in changes)
    return DealUpdated(message=_("Updated “{title}” ({customer}): {changes}.").format(
        title=deal.title, customer=deal.customer.name, changes=told), deal_id=deal.id, changes=changes)


def _deal_changes(cmd: UpdateDeal, ctx: Context) -> dict[str, object]:
    changes: dict[str, object] = {}
    if cmd.amount is not None:
        changes["amount"] = validate.amount(cmd.amount)
    if cmd.currency:
        changes["currency"] = validate.currency(cmd.currency)
    if cmd.expected_close:
        changes["expected_close"] = validate.iso_date(cmd.expected_close, "expected close")
    if cmd.title and cmd.title.strip():
        changes["title"] = validate.text(cmd.title, "title", 200)
    if cmd.owner and cmd.owner.strip():
        changes["owner"] = lookup.user(ctx, cmd.owner)
    if cmd.next_step is not None:
        changes["next_step"] = validate.text(cmd.next_step, "next step", 300, required=False) or None
    return changes


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if hasattr(value, "role"):  # the owner
        return value.name
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        return f"{float(value):,.0f}" if not isinstance(value, str) else value
    except (TypeError, ValueError):
        return str(value)


def _last_open_stage(deal: Deal) -> str:
    last = (deal.stage_changes.where(DealStageChange.to_stage.in_(OPEN_STAGES))
            .order_by(DealStageChange.id.desc()).first())
    return last.to_stage if last else "negotiation"


def _record_stage(ctx: Context, deal: Deal, from_stage: str | None, to_stage: str) -> DealStageChange:
    return DealStageChange.create(deal=deal.id, from_stage=from_stage, to_stage=to_stage,
                                  changed_by=ctx.user.id, changed_at=ctx.now)


def _deal_to_move(cmd: MoveDeal, ctx: Context) -> Deal:
    if cmd.deal_id is not None:
        return lookup.deal(cmd.deal_id)
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    wanted = CLOSED_STAGES if cmd.reopen else OPEN_STAGES
    deals = lookup.deals_named(customer, cmd.deal, wanted)
    mine = [d for d in deals if d.owner_id == ctx.user.id]
    if len(deals) == 1 or len(mine) == 1:
        return (mine or deals)[0]
    if deals:
        many = _("{customer} has {n} closed deals.") if cmd.reopen else _("{customer} has {n} open deals.")
        raise AmbiguousDeal(many.format(customer=customer.name, n=len(deals)),
                            lookup.deal_options(deals))
    raise _no_deal(customer, cmd.reopen)


def _no_deal(customer: Customer, reopen: bool) -> Conflict | NotFound:
    if reopen:
        return NotFound(_("{customer} has no closed deal to reopen.").format(customer=customer.name))
    closed = customer.deals.where(Deal.stage.in_(CLOSED_STAGES)).order_by(Deal.closed_at.desc()).first()
    if closed is not None:
        return Conflict(_("{customer}'s deal “{title}” is closed ({stage}).").format(
            customer=customer.name, title=closed.title, stage=term("stage", closed.stage)),
                        hint=_("Say “reopen the {customer} deal” to move it again.").format(customer=customer.name))
    return NotFound(_("{customer} has no deals yet.").format(customer=customer.name),
                    hint=_("Create one: “new deal for {customer}, 10k, lead”.").format(customer=customer.name))
