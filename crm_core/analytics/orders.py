"""Order cleaning and per-customer purchase-day aggregation shared by RFM and CLV.

Time is counted in whole days: an order placed any time on the `as_of` date counts, one placed on a
later date is ignored, and several orders of one customer on the same day make one purchase.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date

ORDER_COLUMNS = ("customer_id", "date", "amount")


@dataclass(frozen=True)
class CustomerDays:
    """Per-customer aggregates over purchase days (one element per customer, index order)."""

    customers: pd.Index
    as_of_day: int  # days since 1970-01-01
    n_days: np.ndarray  # distinct purchase days
    first_day: np.ndarray
    last_day: np.ndarray
    total: np.ndarray  # total spend
    first_day_total: np.ndarray  # spend on the first purchase day
    n_orders_used: int
    n_invalid_amount: int  # NaN or negative amount, or no date
    n_after_as_of: int


def day_number(value: dt.date | dt.datetime | pd.Timestamp | str) -> int:
    """Days since 1970-01-01 of the calendar date of `value` (a time of day is ignored)."""
    ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise AnalyticsError(_("as_of is not a date."), _("Pass the cut-off date, e.g. date.today()."))
    return int(np.datetime64(ts.date(), "D").astype(np.int64))


def _day_numbers(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers of a date column and a mask of the missing ones."""
    try:
        parsed = pd.to_datetime(dates)
    except (ValueError, TypeError) as exc:
        raise AnalyticsError(
            _("The order dates could not be read as dates ({error}).").format(error=exc),
            _("Give the 'date' column as dates or ISO strings."),
        ) from exc
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)  # keep the local calendar date
    missing = parsed.isna().to_numpy()
    days = parsed.to_numpy().astype("datetime64[D]").astype(np.int64)
    return days, missing


def _check_columns(orders: pd.DataFrame) -> None:
    missing = [c for c in ORDER_COLUMNS if c not in orders.columns]
    if missing:
        raise AnalyticsError(
            _("The orders table lacks the column(s) {columns}.").format(columns=", ".join(missing)),
            _("Give a table with customer_id, date and amount."),
        )


def _factorize(ids: pd.Series) -> tuple[np.ndarray, pd.Index]:
    try:
        codes, uniques = pd.factorize(ids, sort=True)
    except TypeError:  # mixed id types cannot be sorted: keep first-seen order
        codes, uniques = pd.factorize(ids, sort=False)
    return codes.astype(np.int64), pd.Index(uniques, name="customer_id")


def customer_days(orders: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> CustomerDays:
    """Clean `orders` (drop invalid amounts, orders after `as_of`) and aggregate per customer.

    Zero amounts are kept (a free order is still a purchase); negative ones (refunds) and NaN are
    dropped and counted in `n_invalid_amount`. Raises AnalyticsError if no order is left.
    """
    _check_columns(orders)
    as_of_day = day_number(as_of)
    amount = pd.to_numeric(orders["amount"], errors="coerce").to_numpy(dtype=np.float64)
    days, invalid = _day_numbers(orders["date"])
    invalid = invalid | _not_a_purchase(orders, amount)
    after = ~invalid & (days > as_of_day)
    keep = ~invalid & ~after
    if not keep.any():
        raise AnalyticsError(
            _("No usable orders on or before {day} ({given} given, {invalid} with a missing or negative "
              "amount, {after} after the cut-off).").format(
                day=long_date(pd.Timestamp(as_of).date()), given=len(orders), invalid=int(invalid.sum()),
                after=int(after.sum())),
            _("Import orders or move the cut-off date later."),
        )
    codes, customers = _factorize(orders["customer_id"][keep])
    days, amount = days[keep], amount[keep]
    agg = _aggregate(codes, days, amount, len(customers))
    return CustomerDays(customers, as_of_day, *agg, int(keep.sum()), int(invalid.sum()),
                        int(after.sum()))


def _not_a_purchase(orders: pd.DataFrame, amount: np.ndarray) -> np.ndarray:
    """Refunds (negative amounts), NaN amounts and orders without a customer."""
    return np.isnan(amount) | (amount < 0) | orders["customer_id"].isna().to_numpy()


def purchases(orders: pd.DataFrame) -> pd.DataFrame:
    """The orders that count as purchases, by the rule customer_days fits on: a refund or an
    order without amount, date or customer is not a purchase, so it is neither a repeat purchase
    nor a return when the model's forecasts are compared with what customers did."""
    _check_columns(orders)
    amount = pd.to_numeric(orders["amount"], errors="coerce").to_numpy(dtype=np.float64)
    invalid = _day_numbers(orders["date"])[1] | _not_a_purchase(orders, amount)
    return orders[~invalid]


def _aggregate(codes: np.ndarray, days: np.ndarray, amount: np.ndarray, n: int) -> tuple:
    """n_days, first_day, last_day, total, first_day_total per customer code, by one sort."""
    day0 = days.min()
    span = int(days.max() - day0) + 1
    key = codes * span + (days - day0)
    order = np.argsort(key)
    key = key[order]
    new_day = np.empty(len(key), dtype=bool)
    new_day[0] = True
    np.not_equal(key[1:], key[:-1], out=new_day[1:])
    day_starts = np.flatnonzero(new_day)
    day_amount = np.add.reduceat(amount[order], day_starts)
    day_code, day_value = np.divmod(key[day_starts], span)
    new_cust = np.empty(len(day_code), dtype=bool)
    new_cust[0] = True
    np.not_equal(day_code[1:], day_code[:-1], out=new_cust[1:])
    cust_starts = np.flatnonzero(new_cust)
    cust_ends = np.append(cust_starts[1:], len(day_code)) - 1
    # every code has at least one row, so customers come out in code order 0..n-1
    assert len(cust_starts) == n
    return (
        np.diff(np.append(cust_starts, len(day_code))),
        day_value[cust_starts] + day0,
        day_value[cust_ends] + day0,
        np.add.reduceat(day_amount, cust_starts),
        day_amount[cust_starts],
    )
