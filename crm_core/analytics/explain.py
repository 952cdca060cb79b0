"""The customer card's sentence explaining the numbers, e.g. "7 orders, last 40 days ago, usually
every 30 days: 35% chance of no order in the next 90 days"."""
from __future__ import annotations

import datetime as dt


def purchase_outlook(order_days: list[dt.date], today: dt.date, churn_risk: float | None,
                     horizon_days: int) -> str | None:
    """None when the customer has no order yet; the chance only once `crm score` has run."""
    days = sorted(set(order_days))
    if not days:
        return None
    parts = [_plural(len(days), "order"), f"last {_ago((today - days[-1]).days)}"]
    if len(days) > 1:
        gap = round((days[-1] - days[0]).days / (len(days) - 1))
        parts.append(f"usually every {_plural(gap, 'day')}")
    text = ", ".join(parts)
    if churn_risk is None:
        return text + " (not scored yet)"
    return f"{text}: {_percent(churn_risk)} chance of no order in the next {horizon_days} days"


def _ago(days: int) -> str:
    return "today" if days <= 0 else f"{_plural(days, 'day')} ago"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _percent(p: float) -> str:
    if 0 < p < 0.01:
        return "under 1%"
    if 0.99 < p < 1:
        return "over 99%"
    return f"{p:.0%}"
