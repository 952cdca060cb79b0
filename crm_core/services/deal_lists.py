"""Deal lists with their filters kept: "deals closing this month", "my deals over 50k", "stuck in proposal for 2
weeks", "won this quarter". Counts and totals cover every matching deal, converted to the base currency at the
latest rates (crm_core/rates.py); a currency without a rate is totalled apart, never summed raw with the others."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from peewee import JOIN, Case, fn

from crm_core import permissions
from crm_core.i18n import _, long_date, ngettext, term
from crm_core.commands import ShowPipeline
from crm_core.context import Context
from crm_core.rates import Converter
from crm_core.models import CLOSED_STAGES, OPEN_STAGES, STAGES, Customer, Deal, DealStageChange, User
from crm_core.results import CurrencyTotal, Pipeline, StageTotal
from crm_core.services import activity_rollup, lookup, validate
from crm_core.services.reports import deal_lines

LISTED = 500  # the most deals a list holds (paging.MOST); the count and totals cover them all
SORTS = ("amount", "close")
EVERYONE = frozenset(("team", "everyone", "all", "us", "sales", "the team", "whole team"))


def show_pipeline(cmd: ShowPipeline, ctx: Context) -> Pipeline:
    permissions.require(ctx.user, "report.view")
    owner = lookup.user(ctx, cmd.owner) if cmd.owner and cmd.owner.strip().lower() not in EVERYONE else None
    stage = validate.choice(cmd.stage, STAGES, "stage") if cmd.stage else None
    sort = validate.choice(cmd.sort, SORTS, "sort (amount or close)") if cmd.sort else None
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id) if cmd.customer or cmd.customer_id else None
    stages = (stage,) if stage else OPEN_STAGES
    closed = stage in CLOSED_STAGES
    conditions, said = [Deal.stage.in_(stages)], [_stage_said(stage, closed)] if stage else []
    if owner is not None:
        conditions.append(Deal.owner == owner.id)
    if customer is not None:
        conditions.append(Deal.customer == customer.id)
        said.append(_("for {customer}").format(customer=customer.name))
    conditions += _amounts(cmd, said)
    conditions += _dates(cmd, ctx, closed, said)
    conditions += _ages(cmd, ctx, said)
    deals = Deal.select().where(*conditions)
    listed = deals.select(Deal.id).order_by(*_order(sort, closed)).limit(LISTED)  # sorted narrow, joined after
    lines = deal_lines(Deal.id.in_(listed), _order(sort, closed))
    to_base = Converter(_rates_day(cmd, ctx, closed))
    grouped = _grouped(deals)
    totals = _totals(grouped, to_base)
    weighted = sum(float(to_base(d.currency, d.amount)[1]) * (d.win_probability or 0) for d in lines) \
        if len(totals) == 1 else 0.0
    return Pipeline(owner=owner.name if owner else None, stages=_stage_totals(grouped, stages, to_base, len(totals) > 1),
                    deals=lines, weighted_amount=weighted, filters=tuple(said), totals=totals,
                    total=sum(t.count for t in totals), closed=closed, rates_note=to_base.note())


def _rates_day(cmd: ShowPipeline, ctx: Context, closed: bool) -> date:
    """Closed deals of a past period convert at the rates of its last day; anything else at today's."""
    today = ctx.now.date()
    if closed and cmd.close_to:
        return min(validate.iso_date(cmd.close_to, "end"), today)
    return today


def _amounts(cmd: ShowPipeline, said: list[str]) -> list:
    out = []
    if cmd.min_amount is not None:
        out.append(Deal.amount >= float(cmd.min_amount))
        said.append(_("over {amount}").format(amount=f"{float(cmd.min_amount):,.0f}"))
    if cmd.max_amount is not None:
        out.append(Deal.amount <= float(cmd.max_amount))
        said.append(_("under {amount}").format(amount=f"{float(cmd.max_amount):,.0f}"))
    return out


def _dates(cmd: ShowPipeline, ctx: Context, closed: bool, said: list[str]) -> list:
    out = []
    start = validate.iso_date(cmd.close_from, "start") if cmd.close_from else None
    end = validate.iso_date(cmd.close_to, "end") if cmd.close_to else None
    if start or end:
        field = Deal.closed_at if closed else Deal.expected_close
        out += _within(field, start, end, timestamps=closed)
        if closed:  # "won 01 Oct 2026 – 31 Dec 2026"
            said[0] += " " + _span(start, end)
        else:
            said.append(_("closing {span}").format(span=_span(start, end)))
    start = validate.iso_date(cmd.created_from, "start") if cmd.created_from else None
    end = validate.iso_date(cmd.created_to, "end") if cmd.created_to else None
    if start or end:
        out += _within(Deal.created_at, start, end, timestamps=True)
        said.append(_("created {span}").format(span=_span(start, end)))
    return out


def _within(field, start: date | None, end: date | None, timestamps: bool) -> list:
    out = []
    if start is not None:
        out.append(field >= (datetime.combine(start, datetime.min.time()) if timestamps else start))
    if end is not None:
        out.append(field < datetime.combine(end + timedelta(days=1), datetime.min.time()) if timestamps
                   else field <= end)
    return out


def _stage_said(stage: str, closed: bool) -> str:
    """ "won" for a closed stage (its dates follow), "in negotiation" for an open one."""
    return term("stage", stage) if closed else _("in {stage}").format(stage=term("stage", stage))


def _span(start: date | None, end: date | None) -> str:
    if start and end:
        return long_date(start) if start == end else f"{long_date(start)} – {long_date(end)}"
    return _("from {day}").format(day=long_date(start)) if start else _("by {day}").format(day=long_date(end))


def _ages(cmd: ShowPipeline, ctx: Context, said: list[str]) -> list:
    out = []
    if cmd.older_days is not None:
        days = validate.positive_int(cmd.older_days, "days", 36500)
        out.append(Deal.created_at <= ctx.now - timedelta(days=days))
        said.append(ngettext("older than {n} day", "older than {n} days", days).format(n=days))
    if cmd.idle_days is not None:
        days = validate.positive_int(cmd.idle_days, "days", 36500)
        since = ctx.now - timedelta(days=days)
        out += [_no_activity_since(since), Deal.created_at <= since]
        said.append(ngettext("no activity in {n} day", "no activity in {n} days", days).format(n=days))
    if cmd.stage_days is not None:
        days = validate.positive_int(cmd.stage_days, "days", 36500)
        out.append(_entered_stage() <= ctx.now - timedelta(days=days))
        said.append(ngettext("in that stage for {n}+ day", "in that stage for {n}+ days", days).format(n=days))
    return out


def _no_activity_since(since: datetime):
    """The deal's customer has no activity since then: its latest activity (kept by triggers) is older."""
    return activity_rollup.inactive_since(Deal.customer, since)


def _entered_stage():
    """When the deal last entered the stage it is in (its creation when no change was recorded)."""
    change = DealStageChange.alias()
    last = (change.select(fn.MAX(change.changed_at))
            .where((change.deal == Deal.id) & (change.to_stage == Deal.stage)))
    return fn.COALESCE(last, Deal.created_at)


def _order(sort: str | None, closed: bool) -> list:
    if sort == "amount":
        return [Deal.amount.desc(), Deal.id]
    if sort == "close":
        return [(Deal.closed_at.desc(nulls="LAST") if closed else Deal.expected_close.asc(nulls="LAST")), Deal.id]
    order = Case(Deal.stage, [(s, i) for i, s in enumerate(STAGES)], len(STAGES))
    return [order, Deal.amount.desc(), Deal.id]


def _grouped(deals) -> list[tuple]:
    """(stage, currency, count, sum) of the matching deals: read once for the totals and the stage totals, as
    the filters (no activity since, say) are worth running once."""
    return list(deals.select(Deal.stage, Deal.currency, fn.COUNT(Deal.id).alias("n"),
                             fn.SUM(Deal.amount).alias("total")).group_by(Deal.stage, Deal.currency).tuples())


def _totals(grouped: list[tuple], to_base: Converter) -> tuple[CurrencyTotal, ...]:
    per_currency = _merged(((), currency, n, total) for _stage, currency, n, total in grouped)  # raw sums
    merged = _merged((((), currency, n, total) for ((), currency), (n, total) in per_currency.items()), to_base)
    return tuple(CurrencyTotal(currency, n, float(total)) for ((), currency), (n, total) in sorted(
        merged.items(), key=lambda kv: (kv[0][1] != to_base.base, kv[0][1])))


def _merged(rows, to_base: Converter | None = None) -> dict[tuple, list]:
    """(key, currency, count, sum) rows -> {(key, currency): [count, sum]}, sums in the base currency when rated."""
    merged: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    for key, currency, n, total in rows:
        currency, amount = to_base(currency, total or 0) if to_base else (currency, Decimal(str(total or 0)))
        merged[(key, currency)][0] += n
        merged[(key, currency)][1] += amount
    return merged


def _stage_totals(grouped: list[tuple], stages: tuple[str, ...], to_base: Converter,
                  per_currency: bool) -> tuple[StageTotal, ...]:
    found = {key: (n, float(total)) for key, (n, total) in _merged(grouped, to_base).items()}
    if per_currency:
        return tuple(StageTotal(s, *found[(s, cur)], currency=cur) for s in stages
                     for cur in sorted(c for st, c in found if st == s))
    currency = next(iter(found), (None, None))[1]
    return tuple(StageTotal(s, *found.get((s, currency), (0, 0.0)), currency=currency) for s in stages)
