"""Reports a sales team asks for (issue 14): leaderboard, win rate, deal size, sales cycle, funnel, forecast,
activity, tickets and revenue by month; customer lists and a customer's timeline; what's on my plate.

Every answer is one `Table`. Amounts in different currencies are never added up: a money cell holds one
currency, and a rep with deals in two currencies has two rows. A question never writes.
Scope: reps see their own figures, managers their team's (users.team; everyone's when they lead no team), admins
everyone's; one rep's when named and visible to the asker.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from statistics import median

from peewee import JOIN, SQL, Case, Select, fn

from crm_core import permissions
from crm_core.db import database, not_among
from crm_core.i18n import _, long_date, ngettext, pgettext, term
from crm_core.commands import ListCustomers, ShowMyDay, ShowReport, ShowTimeline
from crm_core.context import Context
from crm_core.errors import PermissionDenied
from crm_core.models import (OPEN_STAGES, SEGMENTS, STAGES, Activity, Customer, Deal, DealStageChange, Order,
                             Outbox, OutreachCampaign, Reminder, Ticket, TicketMessage, User)
from crm_core.money import money
from crm_core.paging import MOST
from crm_core.rates import Converter
from crm_core.results import Table
from crm_core.services import activity_rollup, lookup, order_rollups, validate
from crm_core.services.activity_rollup import LastActivity
from crm_core.services.agenda import OPEN_STATUSES as OPEN_REMINDERS
from crm_core.services.deal_lists import EVERYONE
from crm_core.services import segment_report  # segment sizes and moves (issue 14 item 5)
from crm_core.services.order_rollups import OrderTotal

REPORTS = ("leaderboard", "win_rate", "deal_size", "sales_cycle", "funnel", "forecast", "activity", "tickets",
           "revenue")
REPORTS = (*REPORTS, *segment_report.REPORTS)  # segment sizes and moves
KINDS = ("call", "meeting", "email", "note")
OPEN_TICKETS = ("open", "pending")
TOUCH_IDLE_DAYS = 14  # an open deal whose customer had no activity for this long wants touching
TOUCH_CLOSE_DAYS = 7  # ... or one expected to close within a week (or overdue)


# -- who and when ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Who:
    """Whose figures a report holds: `ids` of the reps (None: everyone) and how the title names them."""
    ids: tuple[int, ...] | None = None
    name: str | None = None


def scope(ctx: Context, owner: str | None) -> Who:
    """Reps see their own figures; a manager their team's (everyone's when they lead no team), admins everyone's;
    a rep named narrows it to them, when the asker may see them."""
    permissions.require(ctx.user, "report.view")
    named = lookup.user(ctx, owner) if owner and owner.strip().lower() not in EVERYONE else None
    if ctx.user.role == "admin" or (ctx.user.role in permissions.MANAGERS and not ctx.user.team):
        return Who((named.id,), named.name) if named else Who()
    if ctx.user.role in permissions.MANAGERS:
        team = tuple(User.select(User.id).where(fn.LOWER(User.team) == ctx.user.team.lower()).tuples())
        ids = tuple(sorted({i for (i,) in team} | {ctx.user.id}))
        if named is None:
            return Who(ids, _("{team} team").format(team=ctx.user.team))
        if named.id in ids:
            return Who((named.id,), named.name)
        raise PermissionDenied(_("{name} is not on your team ({team}).").format(name=named.name, team=ctx.user.team),
                               hint=_("Ask an admin."))
    if named is not None and named.id != ctx.user.id:
        raise PermissionDenied(_("Reps see their own figures, not {name}'s.").format(name=named.name),
                               hint=_("Ask a manager."))
    return Who((ctx.user.id,), ctx.user.name)


def period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    start = validate.iso_date(since, "start") if since else None
    end = validate.iso_date(until, "end") if until else None
    return start, end


def _between(column, start: date | None, end: date | None):
    """`column` (a datetime) within the whole days [start, end]."""
    condition = True
    if start is not None:
        condition = column >= datetime.combine(start, time.min)
    if end is not None:
        condition = (column < datetime.combine(end + timedelta(days=1), time.min)) & condition
    return condition


def _said(title: str, who: Who, start: date | None, end: date | None) -> str:
    span = f"{long_date(start)} – {long_date(end)}" if start and end \
        else _("since {day}").format(day=long_date(start)) if start \
        else _("until {day}").format(day=long_date(end)) if end else _("all time")
    return f"{title}{f' — {who.name}' if who.name else ''} ({span})"


def _mine(column, who: Who):
    return True if who.ids is None else column.in_(who.ids)


def _name(user_id: int | None, names: dict[int, str]) -> str:
    return names.get(user_id, "(nobody)") if user_id is not None else "(nobody)"


def _names() -> dict[int, str]:
    return dict(User.select(User.id, User.name).tuples())


def _money_totals(pairs: Iterable[tuple[str, float]]) -> str:
    """ "$240,000.00 + €55,000.00": one sum per currency, never one sum of them all."""
    sums: dict[str, float] = defaultdict(float)
    for currency, amount in pairs:
        sums[currency] += float(amount or 0)
    return " + ".join(money(amount, currency) for currency, amount in sorted(sums.items())) or money(0)


# -- reports -----------------------------------------------------------------------------------------
def show_report(cmd: ShowReport, ctx: Context) -> Table:
    report = validate.choice(cmd.report or "leaderboard", REPORTS, "report")
    who = scope(ctx, cmd.owner)
    start, end = period(cmd.since, cmd.until)
    build = BUILDERS.get(report) or partial(segment_report.BUILDERS[report], cmd)  # they read the segments said
    table, bars = replace(build(ctx, who, start, end), csv=cmd.csv), None
    if cmd.chart and table.rows and (bars := CHARTS.get(report)) is not None:
        return replace(table, chart=tuple((str(row[bars[0]]), _number(row[bars[1]])) for row in table.rows))
    return table


CHARTS = {"leaderboard": (0, 1), "win_rate": (0, 1), "sales_cycle": (0, 2), "funnel": (0, 3), "activity": (0, 5),
          "tickets": (0, 1), "revenue": (0, 4), "deal_size": (0, 2), "forecast": (0, 2)}  # label and value columns


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _closed(stage: str, who: Who, start: date | None, end: date | None):
    return (Deal.select(Deal.owner, Deal.currency, Deal.amount, Deal.created_at, Deal.closed_at)
            .where((Deal.stage == stage) & _mine(Deal.owner, who) & _between(Deal.closed_at, start, end)))


def _converter(ctx: Context, end: date | None) -> Converter:
    """Amounts to the base currency at the rates of the period's last day (today for one not over yet)."""
    today = ctx.now.date()
    return Converter(min(end, today) if end is not None else today)


def _with_rates(notes: tuple[str, ...], to_base: Converter) -> tuple[str, ...]:
    """The report's notes and the rates' date when it converted anything."""
    said = to_base.note()
    return (*notes, said) if said else notes


def leaderboard(ctx: Context, who: Who, start, end) -> Table:
    names, won, to_base = _names(), defaultdict(lambda: [0, 0.0]), _converter(ctx, end)
    for owner, currency, amount, _created, _closed_at in _closed("won", who, start, end).tuples():
        currency, amount = to_base(currency, amount)  # a currency without a rate keeps rows of its own
        won[(owner, currency)][0] += 1
        won[(owner, currency)][1] += float(amount)
    counts = defaultdict(int)
    for (owner, _currency), (count, _amount) in won.items():
        counts[owner] += count
    ranked = sorted(won.items(), key=lambda kv: (-counts[kv[0][0]], _name(kv[0][0], names), -kv[1][1]))
    rows = tuple((_name(owner, names), count, money(amount, currency)) for (owner, currency), (count, amount) in ranked)
    total = _money_totals((currency, amount) for (_owner, currency), (_count, amount) in won.items())
    return Table("leaderboard", _said(_("Leaderboard: deals won"), who, start, end),
                 (_("Rep"), _("Won"), _("Amount")), rows,
                 notes=_with_rates((_("{n} won: {total}").format(n=sum(counts.values()), total=total),), to_base),
                 empty=_("No deals won in that period."))


def win_rate(ctx: Context, who: Who, start, end) -> Table:
    names, tally = _names(), defaultdict(lambda: [0, 0])
    for column, stage in ((0, "won"), (1, "lost")):
        counted = _closed(stage, who, start, end).select(Deal.owner, fn.COUNT(Deal.id)).group_by(Deal.owner)
        for owner, n in counted.tuples():  # counted by the database: a year's closed deals are ~40k rows at scale
            tally[owner][column] += n
    rows = [(_name(o, names), w, lost, _percent(w, w + lost)) for o, (w, lost) in tally.items()]
    rows.sort(key=lambda row: (-(row[1] + row[2]), row[0]))
    won, lost = sum(w for w, _ in tally.values()), sum(x for _, x in tally.values())
    return Table("win_rate", _said(_("Win rate"), who, start, end),
                 (_("Rep"), _("Won"), _("Lost"), _("Win rate")), tuple(rows),
                 notes=(_("All: {won} won, {lost} lost, win rate {rate}").format(
                     won=won, lost=lost, rate=_percent(won, won + lost)),),
                 empty=_("No deals won or lost in that period."))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def deal_size(ctx: Context, who: Who, start, end) -> Table:
    names, amounts = _names(), defaultdict(list)
    for owner, currency, amount, *_rest in _closed("won", who, start, end).tuples():
        amounts[(owner, currency)].append(float(amount))
    rows = sorted(((_name(o, names), cur, len(a), money(sum(a) / len(a), cur)) for (o, cur), a in amounts.items()),
                  key=lambda row: (row[0], row[1]))
    by_currency = defaultdict(list)
    for (_owner, currency), values in amounts.items():
        by_currency[currency] += values
    notes = tuple(_("All in {currency}: {n} won, average {average}").format(
                      currency=cur, n=len(v), average=money(sum(v) / len(v), cur)) for cur, v in sorted(by_currency.items()))
    return Table("deal_size", _said(_("Average won deal"), who, start, end),
                 (_("Rep"), _("Currency"), _("Won"), _("Average")),
                 tuple(rows), notes=notes, empty=_("No deals won in that period."))


def sales_cycle(ctx: Context, who: Who, start, end) -> Table:
    names, days = _names(), defaultdict(list)
    for owner, _currency, _amount, created, closed in _closed("won", who, start, end).tuples():
        days[owner].append(max(0, (closed - created).days))
    rows = sorted(((_name(o, names), len(d), round(sum(d) / len(d), 1), median(d)) for o, d in days.items()),
                  key=lambda row: row[0])
    every = [d for values in days.values() for d in values]
    notes = (_("All: {n} won, average {average} days, median {median} days").format(
        n=len(every), average=f"{sum(every) / len(every):.1f}", median=median(every)),) if every else ()
    return Table("sales_cycle", _said(_("Sales cycle: days from created to won"), who, start, end),
                 (_("Rep"), _("Won"), _("Average days"), _("Median days")), tuple(rows), notes=notes,
                 empty=_("No deals won in that period."))


LADDER = STAGES[:5]  # lead .. won; a lost deal counts up to the furthest stage it reached


def funnel(ctx: Context, who: Who, start, end) -> Table:
    """Open deals by stage (count and amount per currency) and, of the deals created in the period, how many
    reached each stage and the share of the previous stage's that went on. The database counts and sums."""
    created = _mine(Deal.owner, who) & _between(Deal.created_at, start, end)
    to_base = _converter(ctx, None)
    counts, amounts = _open_by_stage(created, to_base)
    reach = _furthest_reached(created)
    reached = [sum(n for furthest, n in reach.items() if furthest >= i) for i in range(len(LADDER))]
    rows = tuple((stage, counts[stage] if stage in OPEN_STAGES else "",
                  _money_totals(amounts[stage]) if stage in OPEN_STAGES else "", reached[i],
                  _percent(reached[i], reached[i - 1]) if i else "")
                 for i, stage in enumerate(LADDER))
    return Table("funnel", _said(_("Pipeline by stage and conversion (deals created)"), who, start, end),
                 (_("Stage"), _("Open deals"), _("Open amount"), _("Reached"), _("From previous")),
                 rows if reach else (),
                 notes=_with_rates((), to_base),
                 empty=_("No deals created in that period."))


def _open_by_stage(created, to_base: Converter) -> tuple[dict[str, int], dict[str, list]]:
    """Per open stage: how many deals and their amounts as (currency, amount) pairs, summed by the database in the
    base currency; a deal in another currency is converted on its own (rates round each deal to the cent)."""
    counts: dict[str, int] = defaultdict(int)
    amounts: dict[str, list] = defaultdict(list)
    open_deals = created & Deal.stage.in_(OPEN_STAGES)
    grouped = (Deal.select(Deal.stage, Deal.currency, fn.COUNT(Deal.id), fn.SUM(Deal.amount))
               .where(open_deals).group_by(Deal.stage, Deal.currency).tuples())
    for stage, currency, n, total in grouped:
        counts[stage] += n
        if (currency or to_base.base) == to_base.base:
            amounts[stage].append(to_base(currency, total))
            continue
        rows = Deal.select(Deal.amount).where(open_deals & (Deal.stage == stage) & (Deal.currency == currency))
        amounts[stage] += [to_base(currency, amount) for (amount,) in rows.tuples()]
    return counts, amounts


def _ladder_rank(column):
    return Case(column, [(stage, i) for i, stage in enumerate(LADDER)], 0)


def _furthest_reached(created) -> dict[int, int]:
    """{rung of LADDER: how many deals created in the period got that far and no further}: a deal's furthest rung
    over its stage now and every stage it entered (lost counts as no rung beyond the others). Each deal's stage
    changes are read through its index (one pass over the deals, no union to sort)."""
    change = DealStageChange.alias()
    entered = change.select(fn.MAX(_ladder_rank(change.to_stage))).where(change.deal == Deal.id)
    per_deal = Deal.select(_ladder_rank(Deal.stage).alias("own"), entered.alias("entered")).where(created)
    rungs = per_deal.alias("rungs")
    counted = (Select([rungs], [rungs.c.own, rungs.c.entered, fn.COUNT(SQL("*"))])
               .group_by(rungs.c.own, rungs.c.entered).bind(database))
    out: dict[int, int] = defaultdict(int)
    for own, entered_, n in counted.tuples():
        out[max(int(own), int(entered_ or 0))] += n
    return dict(out)


def forecast(ctx: Context, who: Who, start, end) -> Table:
    """Open deals by expected close month: amount and amount × win probability, per currency."""
    query = (Deal.select().where(Deal.stage.in_(OPEN_STAGES) & Deal.expected_close.is_null(False)
                                 & _mine(Deal.owner, who)))
    if start is not None:
        query = query.where(Deal.expected_close >= start)
    if end is not None:
        query = query.where(Deal.expected_close <= end)
    months, unscored, to_base = defaultdict(lambda: [0, 0.0, 0.0]), 0, _converter(ctx, None)
    for close, currency, n, amount, weighted, unrated in _forecast_cells(query, to_base):
        cell = months[(f"{close:%Y-%m}", currency)]
        cell[0] += n
        cell[1] += amount
        cell[2] += weighted
        unscored += unrated
    rows = tuple((month, currency, n, money(amount, currency), money(weighted, currency))
                 for (month, currency), (n, amount, weighted) in sorted(months.items()))
    unscored_said = ngettext("{n} deal without a win probability counts as 0.",
                             "{n} deals without a win probability count as 0.", unscored).format(n=unscored)
    notes = _with_rates((unscored_said,) if unscored else (), to_base)
    return Table("forecast", _said(_("Weighted forecast by expected close month"), who, start, end),
                 (_("Month"), _("Currency"), _("Deals"), _("Amount"), _("Weighted")), rows, notes=notes,
                 empty=_("No open deals with an expected close date in that period."))


def _forecast_cells(query, to_base: Converter) -> Iterable[tuple]:
    """(close day, currency, deals, amount, weighted, unscored) of the deals in `query`. Base-currency deals are summed
    per day by the database (100k open deals at scale); others are converted one by one, as each rounds to a cent."""
    p = fn.COALESCE(Deal.win_probability, 0)
    unscored = fn.SUM(Case(None, [(Deal.win_probability.is_null(), 1)], 0))
    in_base = (query.select(Deal.expected_close, fn.COUNT(Deal.id), fn.SUM(Deal.amount).coerce(False),
                            fn.SUM(Deal.amount * p).coerce(False), unscored)
               .where(Deal.currency == to_base.base).group_by(Deal.expected_close).tuples())
    for close, n, amount, weighted, unrated in in_base:
        yield close, to_base.base, n, float(amount), float(weighted), unrated
    others = (query.select(Deal.expected_close, Deal.currency, Deal.amount, Deal.win_probability)
              .where(Deal.currency != to_base.base).tuples())
    for close, currency, amount, probability in others:
        currency, amount = to_base(currency, amount)
        yield close, currency, 1, float(amount), float(amount) * (probability or 0), int(probability is None)


def activity(ctx: Context, who: Who, start, end) -> Table:
    names, counts = _names(), defaultdict(lambda: dict.fromkeys(KINDS, 0))
    query = (Activity.select(Activity.user, Activity.kind, fn.COUNT(Activity.id))
             .where(_mine(Activity.user, who) & _between(Activity.occurred_at, start, end))
             .group_by(Activity.user, Activity.kind))
    for user_id, kind, n in query.tuples():
        counts[user_id][kind if kind in KINDS else "note"] += n
    rows = sorted(((_name(u, names), *(k[x] for x in KINDS), sum(k.values())) for u, k in counts.items()),
                  key=lambda row: (-row[-1], row[0]))
    return Table("activity", _said(_("Activity per rep"), who, start, end),
                 (_("Rep"), _("Calls"), _("Meetings"), _("Emails"), _("Notes"), _("Total")), tuple(rows),
                 empty=_("No activity logged in that period."))


def tickets(ctx: Context, who: Who, start, end) -> Table:
    """Tickets opened in the period per assignee: volume, hours to the first answer and to resolution, CSAT."""
    names = _names()
    opened = list(Ticket.select(Ticket.id, Ticket.assignee, Ticket.created_at, Ticket.resolved_at, Ticket.csat_score)
                  .where(_mine(Ticket.assignee, who) & _between(Ticket.created_at, start, end)).tuples())
    first = dict(TicketMessage.select(TicketMessage.ticket, fn.MIN(TicketMessage.created_at))
                 .where(TicketMessage.ticket.in_([t[0] for t in opened] or [0])
                        & (TicketMessage.from_customer == False) & (TicketMessage.internal == False)  # noqa: E712
                        & TicketMessage.author_user.is_null(False))
                 .group_by(TicketMessage.ticket).tuples()) if opened else {}
    agents = defaultdict(lambda: {"n": 0, "first": [], "resolve": [], "csat": []})
    for ticket_id, assignee, created, resolved, csat in opened:
        a = agents[assignee]
        a["n"] += 1
        if ticket_id in first:
            a["first"].append(_hours(created, first[ticket_id]))
        if resolved is not None:
            a["resolve"].append(_hours(created, resolved))
        if csat is not None:
            a["csat"].append(csat)
    rows = sorted(((_name(u, names), a["n"], _mean(a["first"]), _mean(a["resolve"]), _mean(a["csat"], 2),
                    len(a["csat"])) for u, a in agents.items()), key=lambda row: (-row[1], row[0]))
    return Table("tickets", _said(_("Tickets opened"), who, start, end),
                 (_("Agent"), _("Tickets"), _("First reply (h)"), _("Resolution (h)"), _("CSAT"), _("Rated")),
                 tuple(rows),
                 notes=(ngettext("{n} ticket", "{n} tickets", len(opened)).format(n=len(opened)),) if opened else (),
                 empty=_("No tickets opened in that period."))


def _hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600)


def _mean(values: list, digits: int = 1) -> float | None:
    return round(sum(values) / len(values), digits) if values else None


def revenue(ctx: Context, who: Who, start, end) -> Table:
    """Orders by month beside the same month a year before (customers the rep owns, for a rep), in the base
    currency at the rates of the period's end; a currency without a rate is said apart, month by month."""
    today = _today(ctx)
    end = end or date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    start = start or date(end.year - 1, end.month, 1) + timedelta(days=31)
    start = start.replace(day=1)
    months = _months(start, end)
    earliest = date(start.year - 1, start.month, 1)
    sums: dict[str, float] = defaultdict(float)
    apart: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    to_base = _converter(ctx, end)
    for (month, currency), cents in order_rollups.by_month(earliest, end, who.ids).items():
        code, amount = to_base(currency, Decimal(cents) / 100)
        if code == to_base.base:
            sums[f"{month:%Y-%m}"] += float(amount)
        else:
            apart[code][f"{month:%Y-%m}"] += amount
    rows = tuple((m, money(sums[m]), money(sums[_year_before(m)]), _change(sums[m], sums[_year_before(m)]),
                  round(sums[m], 2)) for m in months)
    notes = (_("Total {total}, a year before {before}").format(
        total=money(sum(sums[m] for m in months)), before=money(sum(sums[_year_before(m)] for m in months))),
        *_unrated_months(apart, months))
    return Table("revenue", _said(_("Orders by month"), who, start, end),
                 (_("Month"), _("Revenue"), _("A year before"), _("Change"), _("Amount")), rows,
                 notes=_with_rates(notes, to_base))


def _unrated_months(apart: dict[str, dict[str, Decimal]], months: list[str]) -> tuple[str, ...]:
    """ "In THB (no exchange rate), not in the sums above: 2026-03 ฿300.00, 2026-04 ฿900.00" per such currency."""
    notes = []
    for code, by_month in sorted(apart.items()):
        said = ", ".join(f"{m} {money(by_month[m], code)}" for m in months if by_month.get(m))
        before = sum(by_month.get(_year_before(m), Decimal(0)) for m in months)
        if said or before:
            notes.append(_("In {currency} (no exchange rate), not in the sums above: {months}; a year before {before}")
                         .format(currency=code, months=said or money(0, code), before=money(before, code)))
    return tuple(notes)


def _months(start: date, end: date) -> list[str]:
    out, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _year_before(month: str) -> str:
    return f"{int(month[:4]) - 1:04d}{month[4:]}"


def _change(now: float, before: float) -> str:
    return f"{100 * (now - before) / before:+.0f}%" if before else "–"


BUILDERS: dict[str, Callable[..., Table]] = {
    "leaderboard": leaderboard, "win_rate": win_rate, "deal_size": deal_size, "sales_cycle": sales_cycle,
    "funnel": funnel, "forecast": forecast, "activity": activity, "tickets": tickets, "revenue": revenue,
}


# -- customers ---------------------------------------------------------------------------------------
def list_customers(cmd: ListCustomers, ctx: Context) -> Table:
    permissions.require(ctx.user, "report.view")
    owner = lookup.user(ctx, cmd.owner) if cmd.owner and cmd.owner.strip().lower() not in EVERYONE else None
    query = Customer.select().where(Customer.archived_at.is_null())
    said = []
    if cmd.city:
        query = query.where(fn.LOWER(Customer.city) == cmd.city.strip().lower())
        said.append(_("in {city}").format(city=cmd.city.strip().title()))
    if cmd.segment:
        segment = validate.choice(cmd.segment, SEGMENTS, "segment")
        query = query.where(Customer.segment == segment)
        said.append(term("segment", segment))
    if owner is not None:
        query = query.where(Customer.owner == owner.id)
        said.append(_("owned by {name}").format(name=owner.name))
    if cmd.idle_days:
        days = validate.positive_int(cmd.idle_days, "days", 3660)
        query = query.where(activity_rollup.inactive_since(Customer.id, ctx.now - timedelta(days=days)))
        said.append(_("no contact in {days} days").format(days=days))
    if cmd.no_order_since:
        since = validate.iso_date(cmd.no_order_since, "date")
        recent = OrderTotal.select(OrderTotal.customer_id).where((OrderTotal.customer_id == Customer.id)
                                                                 & (OrderTotal.last_order >= since))
        query = query.where(~fn.EXISTS(recent))  # a probe per customer listed, not a set of every recent buyer
        said.append(_("no order since {day}").format(day=long_date(since)))
    found = list(query.order_by(Customer.name).limit(MOST))
    total = query.count() if len(found) == MOST else len(found)
    ids = [c.id for c in found] or [0]
    last_contact = dict(LastActivity.select(LastActivity.customer_id, LastActivity.occurred_at)
                        .where(LastActivity.customer_id.in_(ids)).tuples())
    last_order = dict(OrderTotal.select(OrderTotal.customer_id, fn.MAX(OrderTotal.last_order))  # any currency
                      .where(OrderTotal.customer_id.in_(ids)).group_by(OrderTotal.customer_id).tuples())
    names = _names()
    rows = tuple((c.name, c.city, c.segment, _name(c.owner_id, names) if c.owner_id else None,
                  _day(last_contact.get(c.id)), _day(last_order.get(c.id))) for c in found)
    title = _("Customers {which}").format(which=pgettext("list separator", ", ").join(said)) if said \
        else pgettext("list title", "Customers")
    return Table("customers", title,
                 (_("Customer"), _("City"), _("Segment"), _("Owner"), _("Last contact"), _("Last order")), rows,
                 empty=_("No customers match."), csv=cmd.csv, total=total)


def _day(value: date | datetime | str | None) -> str | None:
    if value is None:
        return None
    return str(value)[:10]


def show_timeline(cmd: ShowTimeline, ctx: Context) -> Table:
    """Everything with one customer, newest first: activities, deals and their moves, tickets, orders, outreach."""
    permissions.require(ctx.user, "report.view")
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    names, events = _names(), []
    for a in Activity.select().where(Activity.customer == customer.id):
        events.append((a.occurred_at, a.kind, a.summary, _name(a.user_id, names) if a.user_id else None))
    for d in Deal.select().where(Deal.customer == customer.id):
        events.append((d.created_at, "deal", _("{title} ({amount}) created").format(
                           title=d.title, amount=money(d.amount, d.currency)),
                       _name(d.owner_id, names) if d.owner_id else None))
    moves = (DealStageChange.select(DealStageChange.changed_at, DealStageChange.from_stage, DealStageChange.to_stage,
                                    DealStageChange.changed_by, Deal.title).join(Deal)
             .where((Deal.customer == customer.id) & DealStageChange.from_stage.is_null(False)))
    for at, before, after, by, title in moves.tuples():
        events.append((at, "deal", f"{title}: {term('stage', before)} → {term('stage', after)}",
                       _name(by, names) if by else None))
    for t in Ticket.select().where(Ticket.customer == customer.id):
        events.append((t.created_at, "ticket", f"#{t.number} {t.subject} ({term('ticket status', t.status)})",
                       _name(t.assignee_id, names) if t.assignee_id else None))
    outreach = (Outbox.select(Outbox.created_at, Outbox.status, OutreachCampaign.segment, OutreachCampaign.created_by)
                .join(OutreachCampaign, on=(Outbox.campaign_id == OutreachCampaign.id))
                .where(Outbox.key.endswith(f":{customer.id}")))  # outreach.row_key: outreach:<campaign>:<customer>
    for at, status, segment, by in outreach.tuples():
        events.append((at, "outreach", _("check-in to the {segment} segment ({status})").format(
                           segment=term("segment", segment), status=term("delivery", status)),
                       _name(by, names) if by else None))
    for day, amount in Order.select(Order.date, Order.amount).where(Order.customer == customer.id).tuples():
        events.append((datetime.combine(_as_date(day), time.min), "order", money(amount), None))
    events.sort(key=lambda e: e[0], reverse=True)
    contacts = [e for e in events if e[1] in KINDS]
    notes = (_("Last contact: {when} ({kind})").format(when=_local(ctx, contacts[0][0]),
                                                       kind=term("activity kind", contacts[0][1])),) if contacts \
        else (_("No contact logged."),)
    rows = tuple((_local(ctx, at), _event(kind), text, who) for at, kind, text, who in events[:MOST])
    counted = (ngettext("{n} event", "{n} events", len(events)).format(n=len(events)),) if events else ()
    return Table("timeline", _("History with {customer}").format(customer=customer.name),
                 (_("When"), _("What"), _("Detail"), _("Who")), rows,
                 notes=notes + counted, empty=_("Nothing recorded yet."),
                 csv=cmd.csv, total=len(events))


def _event(kind: str) -> str:
    """A timeline or my-day row's kind as the reader says it: an activity kind, or what else happened."""
    return term("activity kind", kind) if kind in KINDS else pgettext("event", kind)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _local(ctx: Context, at: datetime) -> str:
    return f"{at.replace(tzinfo=timezone.utc).astimezone(ctx.tz):%Y-%m-%d %H:%M}"


# -- my day ------------------------------------------------------------------------------------------
Part = tuple[Select, Callable[[tuple], tuple]]  # a part of the day: its rows' query, and how one row shows


def show_my_day(cmd: ShowMyDay, ctx: Context) -> Table:
    """Reminders due by the end of today, overdue follow-ups, my open tickets and deals to touch."""
    permissions.require(ctx.user, "report.view")
    part = validate.choice(cmd.part, ("follow_ups", "deals"), "part of the day") if cmd.part else None
    if part is not None:
        parts = [overdue_follow_ups(ctx) if part == "follow_ups" else deals_to_touch(ctx)]
        title = _("Overdue follow-ups") if part == "follow_ups" else _("Deals to touch")
    else:
        parts = [_reminders_today(ctx), overdue_follow_ups(ctx), _open_tickets(ctx), deals_to_touch(ctx)]
        title = _("Your day")
    rows, total = _listed(parts)
    return Table("my_day", f"{title} — {ctx.user.name}", (_("What"), _("When"), _("Customer"), _("Detail")),
                 tuple((_event(what), *rest) for what, *rest in rows),
                 empty=_("Nothing on your plate."), csv=cmd.csv, total=total)


def _listed(parts: Iterable[Part]) -> tuple[list[tuple], int]:
    """The parts' rows in order, the first MOST of them, and how many there are in all (counted where cut): a
    rep with thousands of deals to touch gets the count and a page at a time, not thousands of rows formatted."""
    rows: list[tuple] = []
    total = 0
    for query, shown in parts:
        room = MOST - len(rows)
        got = list(query.limit(room).tuples()) if room else []
        rows += [shown(row) for row in got]
        total += len(got) if len(got) < room else query.count()
    return rows, total


def _today(ctx: Context) -> date:
    return ctx.now.replace(tzinfo=timezone.utc).astimezone(ctx.tz).date()


def _reminders_today(ctx: Context) -> Part:
    end = datetime.combine(_today(ctx) + timedelta(days=1), time.min, ctx.tz).astimezone(timezone.utc)
    query = (Reminder.select(Reminder.due_at, Customer.name, Reminder.text).join(Customer, JOIN.LEFT_OUTER)
             .where((Reminder.user == ctx.user.id) & Reminder.status.in_(OPEN_REMINDERS)
                    & (Reminder.due_at < end.replace(tzinfo=None)))
             .order_by(Reminder.due_at, Reminder.id))
    return query, lambda row: ("reminder", _local(ctx, row[0]), row[1], row[2])


def overdue_follow_ups(ctx: Context) -> Part:
    """My follow-ups whose date has passed with no later activity with that customer (the latest one each) and whose
    reminder the rep has not marked done or cancelled."""
    query = (Activity.select(Activity.follow_up, Customer.name, Activity.summary).join(Customer)
             .where((Activity.user == ctx.user.id) & (Activity.follow_up < _today(ctx)) & activity_rollup.is_latest()
                    & _reminder_still_open() & Customer.archived_at.is_null())
             .order_by(Activity.follow_up, Activity.id))
    return query, lambda row: ("follow-up", str(row[0]), row[1], row[2])


def _reminder_still_open():
    """The Activity's follow-up reminder was not marked done or cancelled (probed per row, SQLite scanned every
    reminder when its statistics saw mostly reminders of no activity: "my day" 477 ms at 20k reminders)."""
    closed = Reminder.select(Reminder.activity).where(Reminder.activity.is_null(False)
                                                      & Reminder.status.in_(("done", "cancelled")))
    return not_among(Activity.id, closed, Reminder.activity)


def _open_tickets(ctx: Context) -> Part:
    query = (Ticket.select(Ticket.created_at, Customer.name, Ticket.number, Ticket.subject, Ticket.priority)
             .join(Customer).where((Ticket.assignee == ctx.user.id) & Ticket.status.in_(OPEN_TICKETS))
             .order_by(Ticket.number))
    return query, lambda row: ("ticket", _local(ctx, row[0]), row[1],
                               f"#{row[2]} {row[3]} ({term('priority', row[4])})")


def deals_to_touch(ctx: Context) -> Part:
    """My open deals closing within a week (or overdue), or whose customer had no activity for two weeks."""
    today = _today(ctx)
    idle = activity_rollup.inactive_since(Deal.customer, ctx.now - timedelta(days=TOUCH_IDLE_DAYS))
    query = (Deal.select(Deal.expected_close, Customer.name, Deal.title, Deal.stage, Deal.amount, Deal.currency)
             .join(Customer)
             .where((Deal.owner == ctx.user.id) & Deal.stage.in_(OPEN_STAGES)
                    & ((Deal.expected_close <= today + timedelta(days=TOUCH_CLOSE_DAYS)) | idle))
             .order_by(Deal.expected_close.asc(nulls="LAST"), Deal.id))
    return query, lambda row: ("deal", str(row[0]) if row[0] else None, row[1],
                               f"{row[2]} ({term('stage', row[3])}, {money(row[4], row[5])})")
