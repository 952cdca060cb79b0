"""Churn risk inside the scoring job, from the per-customer aggregates read in SQL.

The RFM logistic model is trained on the window that ends `horizon` days before `as_of` (features
at as_of - horizon; label: no purchase day after it, up to as_of) and applied at `as_of`. With too
little history for that, BG/NBD's own P(no purchase in the horizon) is used instead.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from crm_core.analytics.churn import p_no_purchase, train_churn_model
from crm_core.analytics.clv import BgNbdFit
from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date
from crm_core.analytics.jobs_read import aggregates_then, clv_summary, day_number, read_order_aggregates

RFM_LOGISTIC = "rfm-logistic"
BGNBD = "bgnbd"


def churn_risk(as_of: dt.date, orders_now: pd.DataFrame, bgnbd: BgNbdFit,
               summary_weeks: pd.DataFrame, horizon_days: int) -> tuple[pd.Series, str]:
    """Churn risk per customer of `orders_now` and the method that produced it. `orders_now` may
    carry the aggregates at as_of - horizon (read_order_aggregates(as_of, then=...)); otherwise
    they are read."""
    cutoff = as_of - dt.timedelta(days=horizon_days)
    orders_then = (aggregates_then(orders_now) if "n_days_then" in orders_now
                   and orders_now["n_days_then"].notna().any() else read_order_aggregates(cutoff))
    try:
        if orders_then.empty:
            raise AnalyticsError(_("No orders on or before {day}.").format(day=long_date(cutoff)))
        bought_since = orders_now["last_day"] > day_number(cutoff)
        model = train_churn_model(clv_summary(cutoff, orders_then, 1.0), bought_since, horizon_days)
    except AnalyticsError:
        return p_no_purchase(bgnbd, summary_weeks, horizon_days / 7.0).rename("churn_risk"), BGNBD
    return model.churn_risk(clv_summary(as_of, orders_now, 1.0), bgnbd), RFM_LOGISTIC
