"""A manager's digest over [since, until): every figure is aggregated in SQL, never row by row in Python.

Times are naive UTC like every column; weeks (won revenue by week) start on Monday in the manager's
time zone. The open pipeline is converted to the base currency (crm_core/rates.py); the period's deal amounts are
summed as stored.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from peewee import JOIN, Case, Value, fn

from crm_core.models import (
    OPEN_STAGES, Activity, Customer, CustomerScore, Deal, DealStageChange, Order, SegmentChange, Ticket, User,
)
from crm_core.rates import Converter
from crm_core.results import (
    AtRiskCustomer, DealFlow, Digest, DigestDeal, RepActivity, SegmentShift, StageTotal, TicketFlow, WeekRevenue,
)

RISK_THRESHOLD = 0.5  # churn probability from which a scored customer counts as at risk
AT_RISK_SHOWN = 5
BIGGEST_WON_SHOWN = 3
CHART_WEEKS = 8


def build_digest(manager: User, since: datetime, until: datetime) -> Digest:
    tz = ZoneInfo(manager.timezone or "UTC")
    to_base = Converter(until.date())
    return Digest(
        manager=manager.name, since=since.isoformat(timespec="seconds"), until=until.isoformat(timespec="seconds"),
        timezone=tz.key, deals=deal_flow(since, until, to_base), activity=rep_activity(since, until),
        tickets=ticket_flow(since, until), segments=segment_shifts(since, until), at_risk=most_at_risk(until),
        at_risk_count=at_risk_count(),
        pipeline=open_pipeline(to_base), won_by_week=won_by_week(until, tz, to_base),
        rates_note=to_base.note(),
    )


def _in(column, since: datetime, until: datetime):
    return (column >= since) & (column < until)


def _count_if(condition):
    return fn.SUM(Case(None, [(condition, 1)], 0))


def _amount_if(condition):
    return fn.SUM(Case(None, [(condition, Deal.amount)], 0))


def deal_flow(since: datetime, until: datetime, to_base: Converter) -> DealFlow:
    """Counts over every deal; amounts in the base currency, those in a currency without a rate apart."""
    created = (Deal.select(Deal.currency, fn.COUNT(Deal.id), fn.SUM(Deal.amount), *[Value(0)] * 5)
               .where(_in(Deal.created_at, since, until)).group_by(Deal.currency))
    moved_in = DealStageChange.to_stage.in_(OPEN_STAGES) & DealStageChange.from_stage.is_null(False)
    won, lost = DealStageChange.to_stage == "won", DealStageChange.to_stage == "lost"
    changes = (DealStageChange.select(Deal.currency, Value(0), Value(0), _count_if(moved_in), _count_if(won),
                                      _amount_if(won), _count_if(lost), _amount_if(lost))
               .join(Deal).where(_in(DealStageChange.changed_at, since, until)).group_by(Deal.currency))
    counts, amounts = [0, 0, 0, 0], defaultdict(lambda: [Decimal(0)] * 3)  # currency -> created, won, lost
    for currency, made, made_sum, moved, won_n, won_sum, lost_n, lost_sum in [*created.tuples(), *changes.tuples()]:
        counts = [a + int(b or 0) for a, b in zip(counts, (made, moved, won_n, lost_n))]
        for k, total in enumerate((made_sum, won_sum, lost_sum)):
            code, value = to_base(currency, total or 0)
            amounts[code][k] += value
    base = [float(v) for v in amounts.pop(to_base.base, [0, 0, 0])]
    return DealFlow(created=counts[0], created_amount=base[0], moved=counts[1], won=counts[2], won_amount=base[1],
                    lost=counts[3], lost_amount=base[2], biggest_won=biggest_won(since, until),
                    apart=tuple((code, *map(float, sums)) for code, sums in sorted(amounts.items()) if any(sums)))


def biggest_won(since: datetime, until: datetime) -> tuple[DigestDeal, ...]:
    rows = (DealStageChange.select(Deal.id, Deal.title, Customer.name, Deal.amount, Deal.currency, User.name)
            .join(Deal).join(Customer).switch(Deal).join(User, JOIN.LEFT_OUTER, on=(Deal.owner == User.id))
            .where(_in(DealStageChange.changed_at, since, until) & (DealStageChange.to_stage == "won"))
            .order_by(Deal.amount.desc(), Deal.id).limit(BIGGEST_WON_SHOWN).tuples())
    return tuple(DigestDeal(deal_id, title, customer, float(amount), currency, owner)
                 for deal_id, title, customer, amount, currency, owner in rows)


def rep_activity(since: datetime, until: datetime) -> tuple[RepActivity, ...]:
    calls, meetings = _count_if(Activity.kind == "call"), _count_if(Activity.kind == "meeting")
    rows = (Activity.select(User.name, calls.alias("calls"), meetings.alias("meetings"))
            .join(User, on=(Activity.user == User.id))
            .where(_in(Activity.occurred_at, since, until) & Activity.kind.in_(["call", "meeting"]))
            .group_by(User.id, User.name).order_by(fn.COUNT(Activity.id).desc(), User.name).tuples())
    return tuple(RepActivity(name, int(calls), int(meetings)) for name, calls, meetings in rows)


def ticket_flow(since: datetime, until: datetime) -> TicketFlow:
    opened = _count_if(_in(Ticket.created_at, since, until))
    resolved = _count_if(_in(Ticket.resolved_at, since, until))
    rated_now = _in(Ticket.csat_at, since, until) & Ticket.csat_score.is_null(False)
    score_sum = fn.SUM(Case(None, [(rated_now, Ticket.csat_score)], 0))
    row = (Ticket.select(opened, resolved, _count_if(rated_now), score_sum)
           .where(_in(Ticket.created_at, since, until) | _in(Ticket.resolved_at, since, until)
                  | _in(Ticket.csat_at, since, until)).tuples().get())
    opened_count, resolved_count, rated, score_sum = (int(v or 0) for v in row)
    return TicketFlow(opened=opened_count, resolved=resolved_count, rated=rated,
                      csat_average=round(score_sum / rated, 2) if rated else None)


def segment_shifts(since: datetime, until: datetime) -> tuple[SegmentShift, ...]:
    rows = (SegmentChange.select(SegmentChange.to_segment, SegmentChange.from_segment, fn.COUNT(SegmentChange.id))
            .where(_in(SegmentChange.changed_at, since, until) & SegmentChange.to_segment.is_null(False))
            .group_by(SegmentChange.to_segment, SegmentChange.from_segment).tuples())
    came_from: dict[str, list[tuple[str | None, int]]] = {}
    for to_segment, from_segment, count in rows:
        came_from.setdefault(to_segment, []).append((from_segment, int(count)))
    shifts = [SegmentShift(segment, sum(n for _, n in sources),
                           tuple(sorted(sources, key=lambda s: (-s[1], s[0] or ""))))
              for segment, sources in came_from.items()]
    return tuple(sorted(shifts, key=lambda s: (-s.moved_in, s.segment)))


def most_at_risk(until: datetime, limit: int = AT_RISK_SHOWN) -> tuple[AtRiskCustomer, ...]:
    """Customers segmented at_risk or scored more likely gone than not, by the revenue at stake: churn
    probability times what they spent in the last year. So a big customer slipping away comes before one
    who left long ago (certain churn, nothing left to lose). Unscored ones count as even odds."""
    recent = (Order.select(Order.customer.alias("customer_id"), fn.SUM(Order.amount).alias("spent"))
              .where((Order.date > (until - timedelta(days=365)).date()) & (Order.date <= until.date()))
              .group_by(Order.customer).alias("recent"))
    scored_churn = _scored_churn()
    churn = fn.COALESCE(scored_churn, 0.5)
    spent = fn.COALESCE(recent.c.spent, 0)
    rows = (Customer.select(Customer.id, Customer.name, scored_churn, CustomerScore.lifetime_value,
                            Customer.segment, User.name, spent)
            .join(CustomerScore, JOIN.LEFT_OUTER, on=(CustomerScore.customer == Customer.id))
            .join(User, JOIN.LEFT_OUTER, on=(Customer.owner == User.id))
            .join(recent, JOIN.LEFT_OUTER, on=(recent.c.customer_id == Customer.id))
            .where(_risky())
            .order_by((churn * spent).desc(), churn.desc(), Customer.id)
            .limit(limit).tuples())
    return tuple(AtRiskCustomer(cid, name, None if churn is None else round(churn, 3), value, segment, owner, float(last_year))
                 for cid, name, churn, value, segment, owner, last_year in rows)


def at_risk_count() -> int:
    """How many customers most_at_risk ranks (it lists only the first `limit`)."""
    return (Customer.select().join(CustomerScore, JOIN.LEFT_OUTER, on=(CustomerScore.customer == Customer.id))
            .where(_risky()).count())


def _scored_churn():
    """churn_risk: P(no purchase in the horizon); 1 - P(alive) only for rows scored before it existed."""
    return fn.COALESCE(CustomerScore.churn_risk, 1 - CustomerScore.p_alive)


def _risky():
    """Segmented at_risk or scored more likely gone than not; archived customers left out."""
    return ((Customer.segment == "at_risk") | (_scored_churn() >= RISK_THRESHOLD)) & Customer.archived_at.is_null()


def open_pipeline(to_base: Converter) -> tuple[StageTotal, ...]:
    """Open deals by stage in the base currency (each stage has its row); a currency without a rate adds rows of
    its own instead of being summed raw."""
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [0, Decimal(0)])
    grouped = (Deal.select(Deal.stage, Deal.currency, fn.COUNT(Deal.id), fn.SUM(Deal.amount))
               .where(Deal.stage.in_(OPEN_STAGES)).group_by(Deal.stage, Deal.currency))
    for stage, currency, count, amount in grouped.tuples():
        code, converted = to_base(currency, amount or 0)
        sums[(stage, code)][0] += count
        sums[(stage, code)][1] += converted
    return tuple(StageTotal(stage, *_pair(sums.get((stage, code))), currency=code) for stage in OPEN_STAGES
                 for code in [to_base.base, *sorted(c for s, c in sums if s == stage and c != to_base.base)])


def _pair(cell: list | None) -> tuple[int, float]:
    return (int(cell[0]), float(cell[1])) if cell else (0, 0.0)


def week_starts(until: datetime, tz: ZoneInfo, weeks: int = CHART_WEEKS) -> list[datetime]:
    """The local Mondays (as aware datetimes) of the `weeks` weeks up to the one holding `until`."""
    local_day = until.replace(tzinfo=timezone.utc).astimezone(tz).date()
    monday = local_day - timedelta(days=local_day.weekday())
    return [datetime.combine(monday - timedelta(weeks=weeks - 1 - i), time(), tz) for i in range(weeks)]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def won_by_week(until: datetime, tz: ZoneInfo, to_base: Converter,
                weeks: int = CHART_WEEKS) -> tuple[WeekRevenue, ...]:
    """Won revenue per local week (deals' closed_at) in the base currency, in one query: one SUM(CASE ...) per week
    and currency (a currency without a rate is left out of the chart)."""
    starts = week_starts(until, tz, weeks)
    bounds = [_naive_utc(s) for s in starts] + [_naive_utc(starts[-1] + timedelta(weeks=1))]
    sums = [_amount_if(_in(Deal.closed_at, bounds[i], bounds[i + 1])) for i in range(weeks)]
    rows = (Deal.select(Deal.currency, *sums).where((Deal.stage == "won") & _in(Deal.closed_at, bounds[0], bounds[-1]))
            .group_by(Deal.currency).tuples())
    weekly = [Decimal(0)] * weeks
    for currency, *amounts in rows:
        converted = [to_base(currency, amount or 0) for amount in amounts]
        weekly = [w + value if code == to_base.base else w for w, (code, value) in zip(weekly, converted)]
    return tuple(WeekRevenue(start.date().isoformat(), float(amount)) for start, amount in zip(starts, weekly))
