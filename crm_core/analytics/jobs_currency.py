"""Order and deal amounts in the base currency (CRM_CURRENCY) for the analytics jobs (issue 16 item 2).

Amounts are converted in SQL at each currency's latest rate on or before the run's as-of date, as "top customers"
and "revenue by month" convert at the rates of the period's end (crm_core.rates). An amount in a currency without
a rate is not summed raw: its rows are left out and the run's summary says how many, per currency. When every order
is in the base currency (the per-month rollup says so in a few rows), the statements stay as they were, so the
covering index of orders still answers them alone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from crm_core.analytics.jobs_sql import query_frame, sql
from crm_core.rates import latest_rates
from crm_core.services.order_rollups import OrderMonthTotal
from crm_core.settings import get_settings

CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class BaseAmounts:
    """How a run turns `amount` into the base currency: `rates` (currency -> rate to base, base not included) and
    the currencies present in orders that have no rate (`unrated`); `excluded` counts their orders up to as_of."""
    base: str
    mixed: bool  # some order is not in the base currency
    rates: dict[str, str] = field(default_factory=dict)  # decimal literals, codes checked against CODE
    rate_days: dict[str, dt.date] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    won_deals_excluded: dict[str, int] = field(default_factory=dict)  # counted only by runs that read won deals

    def amount(self, alias: str = "") -> str:
        """The SQL expression of a row's amount in the base currency (NULL for an unrated currency)."""
        column = f"{alias}amount"
        if not self.mixed:
            return column
        cases = " ".join(f"WHEN '{code}' THEN {rate}" for code, rate in sorted(self.rates.items()))
        return f"({column} * CASE {alias}currency WHEN '{self.base}' THEN 1 {cases} END)"

    def where(self, alias: str = "") -> str:
        """An SQL condition (starting with AND) keeping only the rows that convert; empty when nothing is mixed."""
        if not self.mixed:
            return ""
        codes = ", ".join(f"'{code}'" for code in sorted({self.base, *self.rates}))
        return f" AND {alias}currency IN ({codes})"

    def converting(self) -> BaseAmounts:
        """The same rates applied whatever the orders hold (won deals carry currencies of their own)."""
        return replace(self, mixed=True)

    def with_won_deals(self, as_of: dt.date) -> BaseAmounts:
        """The same, counting also the won deals closed on or before `as_of` that have no rate, per currency."""
        codes = ", ".join(f"'{code}'" for code in sorted({self.base, *self.rates}))
        end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
        frame = query_frame(sql("SELECT currency, COUNT(*) FROM deals WHERE stage = 'won' "
                                f"AND COALESCE(closed_at, updated_at) < %s AND currency NOT IN ({codes}) "
                                "GROUP BY currency"), (end,), ("currency", "n"))
        return replace(self, won_deals_excluded={str(code): int(n) for code, n in zip(frame["currency"], frame["n"])})

    def to_dict(self) -> dict:
        return {"base": self.base, "rates": {c: float(r) for c, r in sorted(self.rates.items())},
                "rate_days": {c: d.isoformat() for c, d in sorted(self.rate_days.items())},
                "orders_excluded": dict(sorted(self.excluded.items())),
                "won_deals_excluded": dict(sorted(self.won_deals_excluded.items()))}

    def excluded_note(self, of: str = "the scores") -> str | None:
        """ "15 orders (12 in THB, 3 in XYZ) and 2 won deals (2 in THB) have no rate to USD and were left out of
        the scores." """
        counted = [_counted(self.excluded, "order"), _counted(self.won_deals_excluded, "won deal")]
        counted = [text for text in counted if text]
        if not counted:
            return None
        total = sum(self.excluded.values()) + sum(self.won_deals_excluded.values())
        verb = "has" if total == 1 else "have"
        return f"{' and '.join(counted)} {verb} no rate to {self.base} and {'was' if total == 1 else 'were'} left out of {of}."


def _counted(excluded: dict[str, int], what: str) -> str:
    total = sum(excluded.values())
    if not total:
        return ""
    parts = ", ".join(f"{n:,} in {code}" for code, n in sorted(excluded.items()))
    return f"{total:,} {what}{'s' if total != 1 else ''} ({parts})"


def base_amounts(as_of: dt.date) -> BaseAmounts:
    """The conversion for a run as of `as_of`: rates of that day, and the orders left out for want of one."""
    base = get_settings().currency
    present = {row.currency for row in OrderMonthTotal.select(OrderMonthTotal.currency).distinct()}
    known = {code: value for code, value in latest_rates(as_of, base).items() if CODE.fullmatch(code)}
    rates = {code: str(rate) for code, (rate, _) in known.items() if code != base}
    days = {code: day for code, (_, day) in known.items() if code in present and code != base}
    if present <= {base}:
        return BaseAmounts(base, False, rates, days)
    partial = BaseAmounts(base, mixed=True, rates=rates, rate_days=days)
    return BaseAmounts(base, True, rates, days, _excluded(as_of, partial))


def _excluded(as_of: dt.date, amounts: BaseAmounts) -> dict[str, int]:
    """Orders on or before `as_of` whose currency has no rate, per currency."""
    codes = ", ".join(f"'{code}'" for code in sorted({amounts.base, *amounts.rates}))
    frame = query_frame(sql(f"SELECT currency, COUNT(*) FROM orders WHERE date <= %s "
                            f"AND currency NOT IN ({codes}) GROUP BY currency"), (as_of,), ("currency", "n"))
    return {str(code): int(n) for code, n in zip(frame["currency"], frame["n"])}
