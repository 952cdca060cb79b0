"""Everything about one customer, on one card."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from peewee import fn

from crm_core import paging, permissions
from crm_core.commands import ShowCustomer, ShowPipeline, ShowTickets
from crm_core.analytics.explain import purchase_outlook
from crm_core.clock import today
from crm_core.context import Context
from crm_core.models import Activity, CustomerScore, Deal, Order, Ticket
from crm_core.rates import Converter
from crm_core.results import ActivityLine, CustomerCard
from crm_core.services import contacts, deal_lists, lookup, reports, satisfaction
from crm_core.services.customer_edits import archived_label
from crm_core.settings import get_settings

DEALS_SHOWN, ACTIVITIES_SHOWN, TICKETS_SHOWN = 10, 5, 10


def show_customer(cmd: ShowCustomer, ctx: Context) -> CustomerCard:
    permissions.require(ctx.user, "report.view")
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    revenue, apart = _revenue(customer.id, Converter(ctx.now.date()))
    # the card's deals and tickets are the first rows of the lists its More buttons page through
    deals = deal_lists.show_pipeline(ShowPipeline(customer_id=customer.id), ctx)
    tickets = reports.show_tickets(ShowTickets(customer_id=customer.id), ctx)
    activities = customer.activities.order_by(Activity.occurred_at.desc(), Activity.id.desc())
    csat_average, csat_count = satisfaction.average(Ticket.select().where(Ticket.customer == customer.id))
    scores = CustomerScore.get_or_none(CustomerScore.customer == customer.id)
    return CustomerCard(
        customer_id=customer.id, name=archived_label(customer), email=customer.email, phone=customer.phone,
        city=customer.city, owner=customer.owner.name if customer.owner_id else None, segment=customer.segment,
        lifetime_value=scores.lifetime_value if scores else None, p_alive=scores.p_alive if scores else None,
        revenue=revenue, revenue_apart=apart,
        open_deals=deals.deals[:DEALS_SHOWN], open_deal_count=paging.total(deals),
        activities=tuple(ActivityLine(a.kind, a.summary, a.user.name if a.user_id else None,
                                      f"{a.occurred_at:%Y-%m-%d}", a.follow_up.isoformat() if a.follow_up else None,
                                      a.contact.name if a.contact_id else None)
                         for a in activities.limit(ACTIVITIES_SHOWN)),
        activity_count=activities.count(),
        open_tickets=tickets.tickets[:TICKETS_SHOWN], open_ticket_count=paging.total(tickets),
        csat_average=csat_average, csat_count=csat_count, outlook=_outlook(customer, scores),
        contacts=contacts.lines_of(customer),
    )


def _revenue(customer_id: int, to_base: Converter) -> tuple[float, tuple[tuple[str, float], ...]]:
    """Orders plus won deals in the base currency; the amounts in a currency without a rate apart, by currency."""
    orders = (Order.select(Order.currency, fn.SUM(Order.amount)).where(Order.customer == customer_id)
              .group_by(Order.currency))
    won = (Deal.select(Deal.currency, fn.SUM(Deal.amount)).where((Deal.customer == customer_id) & (Deal.stage == "won"))
           .group_by(Deal.currency))
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in [*orders.tuples(), *won.tuples()]:
        code, value = to_base(currency, amount or 0)
        sums[code] += value
    base = float(sums.pop(to_base.base, 0))
    return base, tuple((code, float(amount)) for code, amount in sorted(sums.items()) if amount)


def _outlook(customer, scores: CustomerScore | None) -> str | None:
    days = [d for (d,) in Order.select(Order.date).where(Order.customer == customer.id).distinct().tuples()]
    return purchase_outlook(days, today(), scores.churn_risk if scores else None, get_settings().churn_horizon_days)
