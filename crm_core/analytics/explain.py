"""The customer card's sentence explaining the numbers, e.g. "7 orders, last 40 days ago, usually
every 30 days: 35% chance of no order in the next 90 days"."""
from __future__ import annotations

import datetime as dt

from crm_core.i18n import _, ngettext, pgettext


def purchase_outlook(order_days: list[dt.date], today: dt.date, churn_risk: float | None,
                     horizon_days: int) -> str | None:
    """None when the customer has no order yet; the chance only once `crm score` has run."""
    days = sorted(set(order_days))
    if not days:
        return None
    parts = [ngettext("{n} order", "{n} orders", len(days)).format(n=len(days)),
             _("last {ago}").format(ago=_ago((today - days[-1]).days))]
    if len(days) > 1:
        gap = round((days[-1] - days[0]).days / (len(days) - 1))
        parts.append(ngettext("usually every {n} day", "usually every {n} days", gap).format(n=gap))
    text = pgettext("list separator", ", ").join(parts)
    if churn_risk is None:
        return text + _(" (not scored yet)")
    return _("{counts}: {chance} chance of no order in the next {days} days").format(
        counts=text, chance=_percent(churn_risk), days=horizon_days)


def _ago(days: int) -> str:
    return pgettext("ago", "today") if days <= 0 else ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def _percent(p: float) -> str:
    if 0 < p < 0.01:
        return _("under 1%")
    if 0.99 < p < 1:
        return _("over 99%")
    return f"{p:.0%}"
