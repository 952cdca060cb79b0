"""The card's sentence: counts, gaps and the chance come from the data, nothing is invented."""
from __future__ import annotations

import datetime as dt

from crm_core.analytics.explain import purchase_outlook

TODAY = dt.date(2026, 12, 4)


def test_same_day_orders_count_once_and_extremes_are_not_rounded_to_certainty():
    days = [TODAY, TODAY, TODAY - dt.timedelta(days=10)]
    assert purchase_outlook(days, TODAY, 0.004, 90) == (
        "2 orders, last today, usually every 10 days: under 1% chance of no order in the next 90 days")
    assert purchase_outlook(days, TODAY, 0.997, 30).endswith("over 99% chance of no order in the next 30 days")


def test_no_orders_no_sentence():
    assert purchase_outlook([], TODAY, 0.5, 90) is None
