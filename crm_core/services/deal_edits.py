"""Deleting a deal (confirmed by policy, like every Delete*): its stage history goes with it and its activities
keep their place on the customer's timeline; every row is audited, so undo brings the deal back whole."""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import DeleteDeal
from crm_core.context import Context
from crm_core.errors import AmbiguousDeal, NotFound
from crm_core.i18n import _, term
from crm_core.models import STAGES, Activity, Deal, DealStageChange
from crm_core.results import DealDeleted
from crm_core.services import lookup


def delete_deal(cmd: DeleteDeal, ctx: Context) -> DealDeleted:
    deal = _the_deal(cmd, ctx)
    permissions.require_deal_edit(ctx.user, deal, right="deal.delete")
    trail = AuditTrail(ctx, "delete_deal")
    customer = deal.customer
    for activity in Activity.select().where(Activity.deal == deal.id).order_by(Activity.id):
        before = snapshot(activity)
        activity.deal = None
        activity.save()
        trail.updated(activity, before)
    for change in deal.stage_changes.order_by(DealStageChange.id):
        trail.deleted(snapshot(change), change)
        change.delete_instance()
    trail.deleted(snapshot(deal), deal, f"deleted deal “{deal.title}” of {customer.name}")
    deal.delete_instance()
    return DealDeleted(message=_("Deleted the deal “{title}” ({customer}, {stage}, {amount} {currency}).").format(
        title=deal.title, customer=customer.name, stage=term("stage", deal.stage), amount=f"{deal.amount:,.0f}",
        currency=deal.currency), deal_id=deal.id)


def _the_deal(cmd: DeleteDeal, ctx: Context) -> Deal:
    """The deal meant: by id, or the customer's one deal (any stage) the hint fits; several -> buttons."""
    if cmd.deal_id is not None:
        return lookup.deal(cmd.deal_id)
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    deals = lookup.deals_named(customer, cmd.deal, STAGES)
    if len(deals) == 1:
        return deals[0]
    if deals:
        raise AmbiguousDeal(_("{customer} has {n} deals.").format(customer=customer.name, n=len(deals)),
                            lookup.deal_options(deals))
    raise NotFound(_("{customer} has no deals to delete.").format(customer=customer.name))
