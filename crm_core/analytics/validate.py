"""Holdout validation: fit on orders up to `as_of`, compare with what customers did afterwards.

Churn risk (no purchase in the next `horizon` days) is judged by AUC and by calibration per decile
against naive baselines (days since the last purchase, fewer repeat purchases); purchase counts
are tracked week by week against BG/NBD and the naive "same as the last period" forecast.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_core.analytics.churn import auc, bought_within, p_no_purchase, train_from_orders
from crm_core.analytics.clv import BgNbdFit, expected_purchases, fit_bgnbd, summary_from_orders
from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date
from crm_core.analytics.orders import purchases

TRACKING_WEEKS = 39
N_DECILES = 10


@dataclass
class ValidationReport:
    as_of: dt.date
    horizon_days: int
    n_customers: int
    churn_rate: float  # share with no purchase in the horizon
    model: str  # the churn risk that was judged: "rfm-logistic" or "bgnbd"
    auc: dict[str, float]  # churn risk, bgnbd, recency, frequency
    calibration: list[dict]  # decile, customers, predicted, actual
    tracking: pd.DataFrame  # week, actual, bgnbd, last_period (repeat purchases per week)
    totals: dict[str, float] = field(default_factory=dict)  # over the tracking weeks
    observed_weeks: int = 0

    @property
    def max_calibration_gap(self) -> float:
        return max(abs(row["predicted"] - row["actual"]) for row in self.calibration)

    @property
    def beats_recency(self) -> bool:
        return self.auc["churn_risk"] > self.auc["recency"]

    def to_dict(self) -> dict:
        return {
            "kind": "validate", "as_of": self.as_of.isoformat(), "horizon_days": self.horizon_days,
            "customers": self.n_customers, "churn_rate": self.churn_rate, "model": self.model,
            "auc": self.auc, "beats_recency": self.beats_recency,
            "calibration": self.calibration, "max_calibration_gap": self.max_calibration_gap,
            "purchases": {**self.totals, "weeks_observed": self.observed_weeks,
                          "weekly": self.tracking.to_dict(orient="records")},
        }


def validate_orders(orders: pd.DataFrame, as_of: dt.date, horizon_days: int = 90) -> ValidationReport:
    """orders[customer_id, date, amount]: all of them, before and after `as_of`. Refunds and
    orders without an amount are left out of the outcomes as they are out of the fit."""
    orders = purchases(orders)
    dates = pd.to_datetime(orders["date"]).dt.normalize()
    known = orders[(dates <= pd.Timestamp(as_of)).to_numpy()]
    if known.empty:
        raise AnalyticsError(_("No orders on or before {day}: there is nothing to validate.").format(
            day=long_date(as_of)))
    if dates.max() <= pd.Timestamp(as_of):
        raise AnalyticsError(_("No orders after {day}: there is nothing to compare with.").format(
            day=long_date(as_of)), _("Pick an earlier --as-of date."))
    days = summary_from_orders(known, as_of, "days")
    weeks = summary_from_orders(known, as_of, "weeks")
    churned = ~bought_within(orders, as_of, horizon_days).reindex(days.index, fill_value=False)
    fit = fit_bgnbd(weeks)
    bg_risk = p_no_purchase(fit, weeks, horizon_days / 7)
    risk, model = _churn_risk(orders, as_of, horizon_days, days, fit, bg_risk)
    scores = {"churn_risk": auc(risk, churned), "bgnbd": auc(bg_risk, churned),
              "recency": auc(days["T"] - days["recency"], churned),
              "frequency": auc(-days["frequency"], churned)}
    tracking, observed = _tracking(orders, known, as_of, fit, weeks)
    seen = tracking.head(observed)
    totals = {"actual": float(seen["actual"].sum()), "bgnbd": float(seen["bgnbd"].sum()),
              "last_period": float(seen["last_period"].sum())}
    return ValidationReport(as_of, horizon_days, len(days), float(churned.mean()), model, scores,
                            calibration(risk, churned), tracking, totals, observed)


def _churn_risk(orders: pd.DataFrame, as_of: dt.date, horizon_days: int, days: pd.DataFrame,
                fit: BgNbdFit, fallback: pd.Series) -> tuple[pd.Series, str]:
    try:
        return train_from_orders(orders, as_of, horizon_days).churn_risk(days, fit), "rfm-logistic"
    except AnalyticsError:
        return fallback, "bgnbd"


def calibration(risk: pd.Series, churned: pd.Series) -> list[dict]:
    """Mean predicted vs actual churn per decile of predicted risk (lowest risk first)."""
    ranks = risk.rank(method="first")
    decile = np.minimum((ranks - 1) * N_DECILES // len(risk), N_DECILES - 1).astype(int)
    frame = pd.DataFrame({"decile": decile + 1, "predicted": risk,
                          "actual": churned.reindex(risk.index).astype(float)})
    grouped = frame.groupby("decile").agg(customers=("actual", "size"),
                                          predicted=("predicted", "mean"), actual=("actual", "mean"))
    return [{"decile": int(d), "customers": int(row.customers),
             "predicted": round(float(row.predicted), 4), "actual": round(float(row.actual), 4)}
            for d, row in grouped.iterrows()]


def _tracking(orders: pd.DataFrame, known: pd.DataFrame, as_of: dt.date, fit,
              weeks: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Repeat purchase days per week after `as_of`: actual (customers known at as_of), BG/NBD,
    and the naive forecast (each week = the weekly mean of the same span before as_of)."""
    start = pd.Timestamp(as_of)
    purchase_days = orders.assign(day=pd.to_datetime(orders["date"]).dt.normalize())
    purchase_days = purchase_days[purchase_days["customer_id"].isin(weeks.index)]
    purchase_days = purchase_days.drop_duplicates(["customer_id", "day"])
    after = purchase_days[purchase_days["day"] > start]
    week_no = ((after["day"] - start).dt.days - 1) // 7
    actual = week_no.value_counts().reindex(range(TRACKING_WEEKS), fill_value=0)
    cumulative = [float(expected_purchases(fit, weeks, w).sum()) for w in range(TRACKING_WEEKS + 1)]
    last_day = purchase_days["day"].max()
    observed = int(min(TRACKING_WEEKS, max(0, (last_day - start).days // 7)))
    return pd.DataFrame({"week": range(1, TRACKING_WEEKS + 1), "actual": actual.to_numpy(),
                         "bgnbd": np.diff(cumulative),
                         "last_period": _last_period_weekly(purchase_days, start, known)}), observed


def _last_period_weekly(purchase_days: pd.DataFrame, start: pd.Timestamp,
                        known: pd.DataFrame) -> float:
    """Weekly repeat purchases over the TRACKING_WEEKS before `start` (first purchases excluded)."""
    begin = start - pd.Timedelta(weeks=TRACKING_WEEKS)
    before = purchase_days[(purchase_days["day"] > begin) & (purchase_days["day"] <= start)]
    firsts = purchase_days.groupby("customer_id")["day"].transform("min")
    repeats = before[before["day"] > firsts.loc[before.index]]
    return len(repeats) / TRACKING_WEEKS
