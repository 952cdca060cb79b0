"""Per-customer purchase aggregates, computed by the database (never one row per order in Python).

Time is counted in whole days (day numbers since 1970-01-01), as in crm_core.analytics.orders:
orders dated on or before `as_of` count, and several orders of a customer on one day are one purchase.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date
from crm_core.analytics.jobs_currency import BaseAmounts, base_amounts
from crm_core.analytics.jobs_sql import query_frame, raise_work_mem, scalar_row, sql
from crm_core.db import database, is_postgres

ORDER_COLUMNS = ("customer_id", "n_days", "first_day", "last_day", "total", "first_day_total",
                 "lowest_amount", "n_days_then", "last_day_then", "total_then")
THEN_COLUMNS = {"n_days": "n_days_then", "last_day": "last_day_then", "total": "total_then"}
EPOCH = dt.date(1970, 1, 1)
ORDERS_INDEX = "order_customer_id_date_amount_currency"  # migration 0031: covers the scans below

# One pass over the covering index in customer order; the first day's spend (only the CLV summary
# needs it) is one index lookup per repeat buyer.
_PG_ORDERS = """
SELECT g.customer_id, g.n_days, g.first_day - DATE '1970-01-01', g.last_day - DATE '1970-01-01',
       g.total, {first_day_total}, g.lowest, {then}
FROM (SELECT customer_id, COUNT(DISTINCT date) AS n_days, MIN(date) AS first_day,
             MAX(date) AS last_day, SUM({amount})::float8 AS total, MIN({amount})::float8 AS lowest
             {then_aggregates}
      FROM orders WHERE date <= %s{where} GROUP BY customer_id) AS g"""
_PG_THEN = """COUNT(DISTINCT date) FILTER (WHERE date <= %s) AS n_days_then,
             MAX(date) FILTER (WHERE date <= %s) AS last_day_then,
             SUM({amount}) FILTER (WHERE date <= %s)::float8 AS total_then"""
_PG_THEN_COLUMNS = "g.n_days_then, g.last_day_then - DATE '1970-01-01', g.total_then"
_PG_FIRST_DAY = """CASE WHEN g.n_days > 1 THEN (SELECT SUM({o_amount})::float8 FROM orders o
       WHERE o.customer_id = g.customer_id AND o.date = g.first_day{o_where}) ELSE g.total END"""

_SQLITE_ORDERS = """
SELECT g.customer_id, g.n_days, CAST(julianday(g.first_day) - 2440587.5 AS INTEGER),
       CAST(julianday(g.last_day) - 2440587.5 AS INTEGER), g.total, {first_day_total}, g.lowest,
       {then}
FROM (SELECT customer_id, COUNT(DISTINCT date) AS n_days, MIN(date) AS first_day,
             MAX(date) AS last_day, SUM({amount}) AS total, MIN({amount}) AS lowest
             {then_aggregates}
      FROM orders {hint} WHERE date <= ?{where} GROUP BY customer_id) AS g"""
_SQLITE_THEN = """COUNT(DISTINCT CASE WHEN date <= ? THEN date END) AS n_days_then,
             MAX(CASE WHEN date <= ? THEN date END) AS last_day_then,
             SUM(CASE WHEN date <= ? THEN {amount} END) AS total_then"""
_SQLITE_THEN_COLUMNS = ("g.n_days_then, CAST(julianday(g.last_day_then) - 2440587.5 AS INTEGER), "
                        "g.total_then")
_SQLITE_FIRST_DAY = """CASE WHEN g.n_days > 1 THEN (SELECT SUM({o_amount}) FROM orders AS o {hint}
       WHERE o.customer_id = g.customer_id AND o.date = g.first_day{o_where}) ELSE g.total END"""

WON_COLUMNS = ("customer_id", "day", "spend", "lowest_amount", "has_order")

_PG_WON = """
SELECT w.customer_id, w.day - DATE '1970-01-01', w.spend::float8, w.lowest::float8,
       EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = w.customer_id AND o.date = w.day)::int
FROM (SELECT customer_id, CAST(COALESCE(closed_at, updated_at) AS DATE) AS day,
             SUM({amount}) AS spend, MIN({amount}) AS lowest
      FROM deals WHERE stage = 'won' AND COALESCE(closed_at, updated_at) < %s{where}
      GROUP BY 1, 2) AS w"""

_SQLITE_WON = """
SELECT w.customer_id, CAST(julianday(w.day) - 2440587.5 AS INTEGER), w.spend, w.lowest,
       EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = w.customer_id AND o.date = w.day)
FROM (SELECT customer_id, date(COALESCE(closed_at, updated_at)) AS day,
             SUM({amount}) AS spend, MIN({amount}) AS lowest
      FROM deals WHERE stage = 'won' AND COALESCE(closed_at, updated_at) < ?{where}
      GROUP BY 1, 2) AS w"""


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def read_order_aggregates(as_of: dt.date, first_day_total: bool = True, then: dt.date | None = None,
                          amounts: BaseAmounts | None = None) -> pd.DataFrame:
    """Per customer with an order on or before `as_of`: n_days (distinct purchase days),
    first_day, last_day, total, first_day_total (spend on the first day; NaN unless asked for),
    lowest_amount; with `then` (an earlier date) also n_days_then, last_day_then, total_then
    counting only the orders on or before `then` (0 / NaN for customers who had none), in the
    same pass over the orders. Amounts are in the base currency as `amounts` converts them (default: at the
    rates of `as_of`); orders in a currency without a rate are left out."""
    amounts = amounts or base_amounts(as_of)
    money = {"amount": amounts.amount(), "where": amounts.where(), "o_amount": amounts.amount("o."),
             "o_where": amounts.where("o.")}
    postgres = is_postgres()
    then_columns = (_PG_THEN_COLUMNS if postgres else _SQLITE_THEN_COLUMNS) if then else "NULL, NULL, NULL"
    then_aggregates = ", " + (_PG_THEN if postgres else _SQLITE_THEN).format(**money) if then else ""
    if postgres:
        statement = _PG_ORDERS.format(first_day_total=_PG_FIRST_DAY.format(**money) if first_day_total else "NULL",
                                      then=then_columns, then_aggregates=then_aggregates, **money)
    else:
        hint = _sqlite_index_hint()
        first_day = _SQLITE_FIRST_DAY.format(hint=hint, **money) if first_day_total else "NULL"
        statement = _SQLITE_ORDERS.format(first_day_total=first_day, hint=hint, then=then_columns,
                                          then_aggregates=then_aggregates, **money)
    params = (then, then, then, as_of) if then else (as_of,)
    with database.atomic():
        raise_work_mem()
        frame = query_frame(statement, params, ORDER_COLUMNS)
    frame = frame.astype({"customer_id": np.int64, "n_days": np.int64, "first_day": np.int64,
                          "last_day": np.int64, "total": np.float64,
                          "first_day_total": np.float64, "lowest_amount": np.float64,
                          "n_days_then": np.float64, "last_day_then": np.float64,
                          "total_then": np.float64})
    check_amounts(frame["total"].to_numpy(), frame["lowest_amount"].to_numpy(),
                  frame["customer_id"].to_numpy(), "orders")
    return frame.set_index("customer_id")


def aggregates_then(orders: pd.DataFrame) -> pd.DataFrame:
    """The aggregates on the earlier date of read_order_aggregates(..., then=...): the customers
    who had ordered by then, with n_days, last_day and total counted up to then."""
    had_ordered = orders["n_days_then"].fillna(0).to_numpy() > 0
    then = orders.loc[had_ordered].drop(columns=list(THEN_COLUMNS))
    return then.assign(**{now: orders.loc[had_ordered, col] for now, col in THEN_COLUMNS.items()}
                       ).astype({"n_days": np.int64, "last_day": np.int64})


def _sqlite_index_hint() -> str:
    """SQLite's planner sometimes prefers the narrower (customer_id, date) index and then reads
    the table row by row; name the covering one when it exists."""
    found = scalar_row("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?",
                       (ORDERS_INDEX,))
    return f"INDEXED BY {ORDERS_INDEX}" if found[0] else ""


def read_won_deal_days(as_of: dt.date, amounts: BaseAmounts | None = None) -> pd.DataFrame:
    """Per customer and day, won deals closed on or before `as_of`: spend (in the base currency; deals in a
    currency without a rate are left out), lowest_amount and has_order (1 when the customer also has an order
    that day, so the day is not counted twice)."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    deals = (amounts or base_amounts(as_of)).converting()
    money = {"amount": deals.amount(), "where": deals.where()}
    frame = query_frame(sql(_PG_WON.format(**money), _SQLITE_WON.format(**money)), (end,), WON_COLUMNS)
    frame = frame.astype({"customer_id": np.int64, "day": np.int64, "spend": np.float64,
                          "lowest_amount": np.float64, "has_order": np.int64})
    check_amounts(frame["spend"].to_numpy(), frame["lowest_amount"].to_numpy(),
                  frame["customer_id"].to_numpy(), "won deals")
    return frame


def check_amounts(totals: np.ndarray, lowest: np.ndarray, customers: np.ndarray, what: str) -> None:
    """Refuse NaN and negative amounts: they would silently bend every score."""
    bad = np.isnan(totals) | np.isnan(lowest) | (lowest < 0)
    if bad.any():
        examples = ", ".join(str(c) for c in customers[bad][:5])
        raise AnalyticsError(
            _("{n} customers have {what} with a missing or negative amount (customer ids {ids}).").format(
                n=int(bad.sum()), what=_("won deals") if what == "won deals" else _("orders"),
                ids=examples + (", ..." if bad.sum() > 5 else "")),
            _("Correct or delete those rows (refunds are not orders); the previous segments and scores are kept."))


def check_dates(as_of: dt.date, today: dt.date) -> None:
    """Refuse a cut-off in the future and orders dated after today."""
    if as_of > today:
        raise AnalyticsError(_("The as-of date {day} is in the future (today is {today}).").format(
            day=long_date(as_of), today=long_date(today)), _("Use today's date or an earlier one."))
    count, latest = scalar_row(sql("SELECT COUNT(*), MAX(date) FROM orders WHERE date > %s"),
                               (today,))
    if count:
        raise AnalyticsError(
            _("{n} orders are dated in the future (after {today}; the latest is {latest}).").format(
                n=count, today=long_date(today), latest=_day(latest)),
            _("Correct their dates; the previous segments and scores are kept."))


def _day(value: object) -> str:
    """MAX(date) comes back as a date (PostgreSQL) or as ISO text (SQLite)."""
    return long_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10]))


def rfm_inputs(as_of: dt.date, orders: pd.DataFrame, won: pd.DataFrame) -> pd.DataFrame:
    """recency_days, frequency, monetary per customer from orders and won deals together."""
    deal_days = won.assign(new_day=1 - won["has_order"]).groupby("customer_id").agg(
        extra_days=("new_day", "sum"), deal_last=("day", "max"), deal_total=("spend", "sum"))
    both = orders[["n_days", "last_day", "total"]].join(deal_days, how="outer")
    n_days = both["n_days"].fillna(0) + both["extra_days"].fillna(0)
    last_day = np.fmax(both["last_day"].to_numpy(np.float64), both["deal_last"].to_numpy(np.float64))
    total = both["total"].fillna(0) + both["deal_total"].fillna(0)
    features = pd.DataFrame({
        "recency_days": day_number(as_of) - last_day,
        "frequency": n_days.to_numpy(np.float64),
        "monetary": total.to_numpy(np.float64),
    }, index=both.index.rename("customer_id"))
    return features


def clv_summary(as_of: dt.date, orders: pd.DataFrame, days_per_unit: float = 7.0) -> pd.DataFrame:
    """frequency, recency, T, monetary_value, total per customer, as clv.summary_from_orders
    defines them."""
    repeats = orders["n_days"].to_numpy(np.float64) - 1
    repeat_spend = orders["total"].to_numpy() - orders["first_day_total"].to_numpy()
    first, last = orders["first_day"].to_numpy(), orders["last_day"].to_numpy()
    summary = pd.DataFrame({
        "frequency": repeats.astype(np.int64),
        "recency": (last - first) / days_per_unit,
        "T": (day_number(as_of) - first) / days_per_unit,
        "monetary_value": np.divide(repeat_spend, repeats, out=np.zeros(len(repeats)),
                                    where=repeats > 0),
        "total": orders["total"].to_numpy(np.float64),
    }, index=orders.index)
    summary.attrs["time_unit"] = "weeks" if days_per_unit == 7.0 else "days"
    return summary
