"""Churn risk: the probability that a customer makes no purchase in the next N days.

Two candidates, chosen between by a holdout (see bench/validate_cdnow.py):
- BG/NBD's own P(Y(t) = 0): (1 - P(alive)) + P(alive) * ((alpha + T) / (alpha + T + t)) ** (r + x);
- a logistic regression on RFM features, trained on the window that ends `horizon` days before
  `as_of` (features at as_of - horizon, label: no purchase in the following horizon days).
  Besides recency, frequency, age and spend per repeat purchase it reads the total spend (the
  first purchase included: big first baskets come back more often) and BG/NBD's own view of the
  customer, fitted at the same date (P(alive), expected purchases and P(no purchase) in the
  horizon). Chosen by a validation window before the holdout (features at 1997-04-03, judged at
  1997-07-02 on CDNOW_master): AUC 0.750 against 0.745 without them, calibration 4.5 pp vs 7.1.
  Then the log of days since the last purchase, those days over the mean gap between purchases
  ("overdue") and a one-time-buyer flag, chosen on the same window over gradient-boosted trees and
  splines (bench/analytics_churn_candidates.py): AUC 0.7509 vs 0.7504, calibration 3.8 pp vs 4.6.
  Three training windows pooled, smaller regularised trees, their mean with this model and stronger
  L2 did not beat it there (0.7442 to 0.7508).
P(alive) alone is not a churn risk: BG/NBD gives it 1 for every one-time buyer.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from crm_core.analytics.clv import (
    BgNbdFit, _columns, expected_purchases, fit_bgnbd, keep_previous, p_alive, summary_from_orders,
)
from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _
from crm_core.analytics.orders import purchases

DEFAULT_HORIZON_DAYS = 90
MIN_CUSTOMERS = 20
FEATURES = ("log_frequency", "days_since_last", "log_days_since_first", "log_monetary", "log_total",
            "p_alive", "log_expected", "bgnbd_no_purchase", "log_since_last", "log_overdue", "one_timer")
DAYS_PER_WEEK = 7.0


def p_no_purchase(fit: BgNbdFit, summary: pd.DataFrame, t: float) -> pd.Series:
    """BG/NBD probability of no purchase in the next `t` periods (fit.time_unit)."""
    x, _, T = _columns(summary, "frequency", "recency", "T")
    alive = p_alive(fit, summary).to_numpy()
    silent_if_alive = np.exp((fit.r + x) * (np.log(fit.alpha + T) - np.log(fit.alpha + T + t)))
    return pd.Series((1 - alive) + alive * silent_if_alive, index=summary.index,
                     name="p_no_purchase")


def rfm_features(summary: pd.DataFrame, fit: BgNbdFit, horizon_days: int) -> pd.DataFrame:
    """Classifier features from a summary in days (summary_from_orders(..., "days")) and the
    BG/NBD model fitted, in weeks, on the same orders."""
    x, tx, T, m, total = _columns(summary, "frequency", "recency", "T", "monetary_value", "total")
    weeks = in_weeks(summary)
    horizon = horizon_days / DAYS_PER_WEEK
    gap = np.where(x > 0, tx / np.maximum(x, 1), 1.0)  # mean days between purchases (repeat buyers)
    return pd.DataFrame({
        "log_frequency": np.log1p(x),
        "days_since_last": (T - tx) / 30.0,
        "log_days_since_first": np.log1p(T),
        "log_monetary": np.log1p(m),
        "log_total": np.log1p(total),
        "p_alive": p_alive(fit, weeks).to_numpy(),
        "log_expected": np.log1p(expected_purchases(fit, weeks, horizon).to_numpy()),
        "bgnbd_no_purchase": p_no_purchase(fit, weeks, horizon).to_numpy(),
        "log_since_last": np.log1p(T - tx),
        "log_overdue": np.where(x > 0, np.log1p((T - tx) / np.maximum(gap, 1e-9) + 0.5), np.log(0.5)),
        "one_timer": (x == 0).astype(float),
    }, index=summary.index)


def in_weeks(summary_days: pd.DataFrame) -> pd.DataFrame:
    """The same summary with recency and T in weeks, as the BG/NBD fit takes it."""
    weeks = summary_days.assign(recency=summary_days["recency"] / DAYS_PER_WEEK,
                                T=summary_days["T"] / DAYS_PER_WEEK)
    weeks.attrs["time_unit"] = "weeks"
    return weeks


def bought_within(orders: pd.DataFrame, start: dt.date | str, days: int) -> pd.Series:
    """Customer ids (index) -> True when they made a purchase (not a refund) after `start` and
    within `days` days."""
    orders = purchases(orders)
    dates = pd.to_datetime(orders["date"]).dt.normalize()
    begin = pd.Timestamp(start)
    window = (dates > begin) & (dates <= begin + pd.Timedelta(days=days))
    ids = orders.loc[window.to_numpy(), "customer_id"].drop_duplicates()
    return pd.Series(True, index=pd.Index(ids), dtype=bool)


@dataclass(frozen=True)
class ChurnModel:
    model: Pipeline
    horizon_days: int
    n_trained: int

    def churn_risk(self, summary_days: pd.DataFrame, fit: BgNbdFit | None = None) -> pd.Series:
        """P(no purchase in the horizon) per customer; `fit` is BG/NBD fitted (in weeks) on the
        same orders, fitted here when not given."""
        fit = fit or fit_bgnbd(in_weeks(summary_days))
        features = rfm_features(summary_days, fit, self.horizon_days)
        p = self.model.predict_proba(features[list(FEATURES)].to_numpy())[:, 1]
        return pd.Series(p, index=features.index, name="churn_risk")


def train_churn_model(summary_then: pd.DataFrame, bought_since: pd.Series,
                      horizon_days: int = DEFAULT_HORIZON_DAYS) -> ChurnModel:
    """Fit on the earlier window: `summary_then` (in days) at as_of - horizon, `bought_since`
    True for the customers who ordered in the horizon days that followed."""
    bought = bought_since.reindex(summary_then.index, fill_value=False).astype(bool)
    churned = (~bought).to_numpy().astype(int)
    if len(summary_then) < MIN_CUSTOMERS or churned.min() == churned.max():
        raise AnalyticsError(
            _("Too little history to learn churn over {days} days: {n} customers had ordered {days} days "
              "earlier, and they all behaved alike.").format(days=horizon_days, n=len(summary_then)),
            keep_previous())
    features = rfm_features(summary_then, fit_bgnbd(in_weeks(summary_then)), horizon_days)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model.fit(features[list(FEATURES)].to_numpy(), churned)
    return ChurnModel(model, horizon_days, len(features))


def train_from_orders(orders: pd.DataFrame, as_of: dt.date | str,
                      horizon_days: int = DEFAULT_HORIZON_DAYS) -> ChurnModel:
    """train_churn_model on orders[customer_id, date, amount] known on `as_of`."""
    cutoff = (pd.Timestamp(as_of) - pd.Timedelta(days=horizon_days)).date()
    known = orders[pd.to_datetime(orders["date"]).dt.normalize() <= pd.Timestamp(as_of)]
    then = summary_from_orders(known, cutoff, "days")
    return train_churn_model(then, bought_within(known, cutoff, horizon_days), horizon_days)


def auc(risk: pd.Series, churned: pd.Series) -> float:
    """AUC of `risk` for the outcome `churned` (True = no purchase); NaN with one class only."""
    y = churned.reindex(risk.index).astype(int).to_numpy()
    if y.min() == y.max():
        return float("nan")
    return float(roc_auc_score(y, risk.to_numpy()))
