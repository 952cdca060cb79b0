"""Read-only views: top customers, the pipeline, ticket lists and segment members."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from peewee import JOIN, SQL, Case, Select, fn

from crm_core import permissions
from crm_core.i18n import _, ngettext, pgettext, term
from crm_core.commands import ShowSegment, ShowTickets, ShowTopCustomers
from crm_core.context import Context
from crm_core.rates import Converter, latest_rates
from crm_core.settings import get_settings
from crm_core.models import PRIORITIES, SEGMENTS, Customer, CustomerScore, Deal, ModelRun, Order, Ticket, User
from crm_core.results import (
    CustomerRow, DealLine, SegmentMembers, TicketLine, TicketList, TopCustomers,
)
from crm_core.services import lookup, order_rollups, satisfaction, ticket_targets, validate
from crm_core.services.order_rollups import OrderTotal

METRICS = ("revenue", "score", "orders")
OPEN_TICKET_STATUSES = ("open", "pending")


def show_top_customers(cmd: ShowTopCustomers, ctx: Context) -> TopCustomers:
    permissions.require(ctx.user, "report.view")
    limit = validate.positive_int(cmd.limit, "customers", 500)
    metric = validate.choice(cmd.metric or "revenue", METRICS, "ranking (revenue, score or orders)")
    since = validate.iso_date(cmd.since, "start") if cmd.since else None
    until = validate.iso_date(cmd.until, "end") if cmd.until else None
    if metric == "score":
        rows = _top_by_score(limit)
    elif metric == "orders":
        rows = _top_by_orders(limit, since, until)
    else:
        to_base = Converter(min(until, ctx.now.date()) if until else ctx.now.date())
        rows = _top_by_revenue(limit, since, until, to_base)
        return TopCustomers(metric=metric, rows=rows, since=cmd.since, until=cmd.until, rates_note=to_base.note())
    return TopCustomers(metric=metric, rows=rows, since=cmd.since, until=cmd.until)


def revenue_by_customer(since=None, until=None, among: Select | None = None):
    """customer_id, currency and cents: orders plus won deals per customer and currency, optionally within
    [since, until] (dates) and of the customers `among` selects. The orders come summed per customer, month and
    currency (order_rollups), not one by one. Never summed across currencies: the caller converts."""
    orders = order_rollups.revenue(since, until, among)
    won = (Deal.select(Deal.customer.alias("customer_id"), Deal.currency, order_rollups.cents(Deal.amount).alias("cents"))
           .where(Deal.stage == "won"))
    if among is not None:
        won = won.where(Deal.customer.in_(among))
    if since:
        won = won.where(Deal.closed_at >= since)
    if until:
        won = won.where(Deal.closed_at < until + timedelta(days=1))
    money = (orders + won).alias("money")  # UNION ALL: a customer's orders and each won deal
    cents = fn.SUM(money.c.cents).alias("cents")  # summed in cents: exact and fast
    return Select([money], [money.c.customer_id, money.c.currency, cents]).group_by(money.c.customer_id,
                                                                                    money.c.currency)


def _top_by_revenue(limit: int, since, until, to_base: Converter) -> tuple[CustomerRow, ...]:
    """Ranked in the database by the amounts converted to the base currency (an amount without a rate counts 0 and
    is shown apart), then each winner's sums converted exactly per currency and ranked again."""
    archived = Customer.select(Customer.id).where(Customer.archived_at.is_null(False))
    among = _all_time_contenders(limit, to_base.base) if since is None and until is None else None
    per_currency = revenue_by_customer(since, until, among).alias("per_currency")
    rates = rates_in_force(to_base)
    converted = Case(per_currency.c.currency, [(to_base.base, per_currency.c.cents),
                                               *((code, per_currency.c.cents * float(rate)) for code, rate in rates)], 0)
    ranked = (Select([per_currency], [per_currency.c.customer_id, fn.SUM(converted).alias("total")])
              .group_by(per_currency.c.customer_id).having(SQL("customer_id").not_in(archived))
              .order_by(SQL("total").desc(), SQL("customer_id")).limit(limit))
    ids = [cid for (cid, _total) in ranked.bind(Order._meta.database).tuples()]
    exact = revenue_by_customer(since, until, Customer.select(Customer.id).where(Customer.id.in_(ids or [0])))
    base, apart = defaultdict(Decimal), defaultdict(dict)
    for cid, currency, cents in exact.bind(Order._meta.database).tuples():
        code, amount = to_base(currency, Decimal(int(cents)) / 100)
        if code == to_base.base:
            base[cid] += amount
        else:
            apart[cid][code] = float(amount)
    by_id = {cu.id: cu for cu in Customer.select().where(Customer.id.in_(ids or [0]))}
    ids.sort(key=lambda cid: (-base[cid], cid))
    return tuple(CustomerRow(cid, by_id[cid].name, float(base[cid]), by_id[cid].city, by_id[cid].segment,
                             tuple(sorted(apart[cid].items()))) for cid in ids)


def rates_in_force(to_base: Converter) -> list[tuple[str, Decimal]]:
    """(currency, rate to the base) of every currency with a rate on the converter's day."""
    return [(code, rate) for code, (rate, _day) in sorted(latest_rates(to_base.on, to_base.base).items())
            if code != to_base.base]


def _all_time_contenders(limit: int, base: str) -> Select:
    """The customers who can be among the top `limit` by orders plus won deals: the top `limit` by orders in the
    base currency alone, everyone with an order in another currency and everyone with a won deal. A customer outside
    these has only base-currency orders and so ranks no higher overall than by those alone."""
    leaders = (OrderTotal.select(OrderTotal.customer_id).join(Customer, on=(Customer.id == OrderTotal.customer_id))
               .where(Customer.archived_at.is_null() & (OrderTotal.currency == base))
               .order_by(OrderTotal.revenue_cents.desc(), OrderTotal.customer_id).limit(limit))
    lead = leaders.alias("lead")  # a subquery: a LIMIT is not allowed on a member of a UNION in SQLite
    return (Select([lead], [lead.c.customer_id])
            | OrderTotal.select(OrderTotal.customer_id).where(OrderTotal.currency != base)
            | Deal.select(Deal.customer).where(Deal.stage == "won"))


def _order_contenders(limit: int, currency: str) -> Select:
    """The customers who can be among the top `limit` by orders of all time: the top `limit` by orders in one
    currency alone and everyone with an order in another. A customer outside these has orders in that currency only
    and so ranks no higher overall than by those alone."""
    leaders = (OrderTotal.select(OrderTotal.customer_id).join(Customer, on=(Customer.id == OrderTotal.customer_id))
               .where(Customer.archived_at.is_null() & (OrderTotal.currency == currency))
               .order_by(OrderTotal.orders.desc(), OrderTotal.customer_id).limit(limit))
    lead = leaders.alias("lead")  # a subquery: a LIMIT is not allowed on a member of a UNION in SQLite
    others = (OrderTotal.currency < currency) | (OrderTotal.currency > currency)  # two index ranges, not a scan
    return Select([lead], [lead.c.customer_id]) | OrderTotal.select(OrderTotal.customer_id).where(others)


def _top_by_orders(limit: int, since, until) -> tuple[CustomerRow, ...]:
    """How many orders each customer placed within [since, until], most first (archived customers left out)."""
    placed = order_rollups.totals(since, until)
    if since is None and until is None:  # all time: sum the few who can rank, not every customer's currencies
        placed = placed.where(OrderTotal.customer_id.in_(_order_contenders(limit, get_settings().currency)))
    placed = placed.alias("placed")
    query = (Customer.select(Customer, placed.c.orders.alias("value"))
             .join(placed, on=(placed.c.customer_id == Customer.id)).where(Customer.archived_at.is_null())
             .order_by(placed.c.orders.desc(), Customer.id).limit(limit))
    return tuple(CustomerRow(c.id, c.name, float(c.value), c.city, c.segment) for c in query.objects())


def _top_by_score(limit: int) -> tuple[CustomerRow, ...]:
    query = (Customer.select(Customer, CustomerScore.lifetime_value.alias("value")).join(CustomerScore)
             .where(CustomerScore.lifetime_value.is_null(False) & Customer.archived_at.is_null())
             .order_by(CustomerScore.lifetime_value.desc(), Customer.id).limit(limit).objects())
    return tuple(CustomerRow(c.id, c.name, float(c.value), c.city, c.segment) for c in query)


def deal_lines(which, order: tuple = (Deal.id,)) -> tuple[DealLine, ...]:
    """The deals `which` selects as lines, read as the columns a line shows (a list of 500 builds no models)."""
    rows = (Deal.select(Deal.id, Customer.name, Deal.title, Deal.amount, Deal.currency, Deal.stage, User.name,
                        Deal.expected_close, Deal.win_probability)
            .join(Customer).switch(Deal).join(User, JOIN.LEFT_OUTER).where(which).order_by(*order).tuples())
    return tuple(DealLine(deal_id, customer, title, float(amount), currency, stage, owner,
                          close.isoformat() if close else None, probability)
                 for deal_id, customer, title, amount, currency, stage, owner, close, probability in rows)


def show_tickets(cmd: ShowTickets, ctx: Context) -> TicketList:
    permissions.require(ctx.user, "report.view")
    statuses = (validate.choice(cmd.status, ("open", "pending", "resolved", "closed"), "ticket status"),) \
        if cmd.status else OPEN_TICKET_STATUSES
    query = (Ticket.select(Ticket, Customer, User).join(Customer).switch(Ticket).join(User, JOIN.LEFT_OUTER)
             .where(Ticket.status.in_(statuses)))
    described = _("{statuses} tickets").format(statuses="/".join(term("ticket status", s) for s in statuses))
    filters = []
    if cmd.customer or cmd.customer_id:
        customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
        filters.append(Ticket.customer == customer.id)
        described = _("{tickets} for {customer}").format(tickets=described, customer=customer.name)
    if cmd.assignee and not cmd.unassigned:
        assignee = lookup.user(ctx, cmd.assignee)
        filters.append(Ticket.assignee == assignee.id)
        described = _("{tickets} assigned to {assignee}").format(tickets=described, assignee=assignee.name)
    more, prefix, said = _ticket_filters(cmd, ctx, statuses)
    filters += more
    described = ", ".join([f"{term('priority', prefix)} {described}" if prefix else described, *said])
    query = query.where(*filters) if filters else query
    urgency = Case(Ticket.priority, [(p, i) for i, p in enumerate(("urgent", "high", "normal", "low"))], 9)
    total = query.count()
    tickets = query.order_by(urgency, Ticket.updated_at.desc()).limit(50)
    csat_average, csat_count = satisfaction.average(query)
    by_agent = satisfaction.by_agent(ctx.now, *filters) if {"resolved", "closed"} & set(statuses) else ()
    return TicketList(description=described, tickets=tuple(ticket_line(t) for t in tickets), total=total,
                      csat_average=csat_average, csat_count=csat_count, by_agent=by_agent)


def _ticket_filters(cmd: ShowTickets, ctx: Context, statuses: tuple[str, ...]) -> tuple[list, str, list[str]]:
    """Priority (said first: "urgent open tickets"), unassigned, age and the first-response target kept."""
    filters, prefix, said = [], "", []
    if cmd.priority:
        priority = validate.choice(cmd.priority, PRIORITIES, "priority")
        filters.append(Ticket.priority == priority)
        prefix = priority
    if cmd.unassigned:
        filters.append(Ticket.assignee.is_null())
        said.append(_("unassigned"))
    if cmd.older_days is not None:
        days = validate.positive_int(cmd.older_days, "days", 36500)
        filters.append(Ticket.created_at <= ctx.now - timedelta(days=days))
        said.append(ngettext("older than {n} day", "older than {n} days", days).format(n=days))
    if cmd.breaching:
        filters.append(Ticket.id.in_(ticket_targets.breaching(ctx.now, statuses)))
        said.append(_("past their first-response target"))
    return filters, prefix, said


def ticket_line(ticket: Ticket) -> TicketLine:
    return TicketLine(ticket.number, ticket.customer.name, ticket.subject, ticket.status, ticket.priority,
                      ticket.assignee.name if ticket.assignee_id else None, f"{ticket.updated_at:%Y-%m-%d %H:%M}",
                      ticket.csat_score)


def show_segment(cmd: ShowSegment, ctx: Context) -> SegmentMembers:
    permissions.require(ctx.user, "report.view")
    validate.present(cmd.segment, _("Which segment?"), _("Use one of: {choices}.").format(
        choices=pgettext("list separator", ", ").join(term("segment", s) for s in SEGMENTS)))
    segment = validate.choice(cmd.segment, SEGMENTS, "segment")
    limit = validate.positive_int(cmd.limit, "customers", 500)
    members = Customer.select().where((Customer.segment == segment) & Customer.archived_at.is_null())
    last_run = (ModelRun.select(ModelRun.as_of).where((ModelRun.kind == "segment") & (ModelRun.status == "succeeded"))
                .order_by(ModelRun.finished_at.desc()).first())
    as_of = last_run.as_of if last_run else Customer.select(fn.MAX(Customer.segment_at)).scalar()
    value = fn.COALESCE(CustomerScore.lifetime_value, 0)
    rows = (members.select(Customer, value.alias("value")).join(CustomerScore, JOIN.LEFT_OUTER)
            .order_by(CustomerScore.lifetime_value.desc(nulls="LAST"), Customer.name).limit(limit).objects())
    return SegmentMembers(segment=segment, total=members.count(),
                          rows=tuple(CustomerRow(c.id, c.name, float(c.value), c.city, c.segment) for c in rows),
                          as_of=f"{as_of:%Y-%m-%d}" if as_of else None)
