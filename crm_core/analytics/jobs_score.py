"""The scoring job: BG/NBD + Gamma-Gamma per customer and win probability per open deal.

The per-customer summary (distinct purchase days, first and last day, spend) is aggregated in SQL
from the orders on or before `as_of`; time is in weeks. Everything is computed before anything is
written, and the write is one transaction: a run that fails leaves the previous scores in place.
Scores live in customer_scores (migration 0017). Only scores that differ from the stored ones are
written (with `scored_at` the run's time), so a re-run on the same data writes nothing; the run
itself is a `model_runs` row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_core.analytics.clv import (
    BgNbdFit, GammaGammaFit, expected_purchases, fit_bgnbd, fit_gamma_gamma, lifetime_value, p_alive,
)
from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date
from crm_core.analytics.jobs_churn import churn_risk
from crm_core.analytics.jobs_currency import BaseAmounts, base_amounts
from crm_core.analytics.jobs_common import Timings, failures_recorded, resolve_as_of, today
from crm_core.analytics.jobs_deals import DealScores, read_deal_features, score_deals, write_deal_scores
from crm_core.analytics.jobs_read import check_dates, clv_summary, read_order_aggregates
from crm_core.analytics.jobs_sql import (
    drop_temp_table, execute, load_temp_table, lock_job, raise_work_mem, sql,
)
from crm_core.analytics.jobs_tables import finish_run, record_run
from crm_core.db import database
from crm_core.models import utcnow
from crm_core.settings import get_settings

SCORE_VERSION = "bgnbd-gg-churn-4"
HORIZON_DAYS = 90
TIME_UNIT = "weeks"
DAYS_PER_UNIT = 7.0
TEMP = "analytics_scores"


@dataclass
class ScoringReport:
    run_id: int
    as_of: dt.date
    finished_at: dt.datetime
    score_version: str
    bgnbd: BgNbdFit
    gamma_gamma: GammaGammaFit
    deals: DealScores
    churn_method: str  # "rfm-logistic" or "bgnbd" (too little history for the former)
    churn_horizon_days: int
    n_customers_scored: int
    n_customers_cleared: int  # scored before, no order on or before as_of now
    n_customers_written: int  # rows whose stored scores changed (0 when re-run on the same data)
    n_deals_scored: int
    expected_purchases_90d: float  # sum over customers
    lifetime_value_90d: float  # sum over customers, in amounts.base
    amounts: BaseAmounts  # the currency conversion, and the orders left out for want of a rate
    timings: Timings = field(default_factory=Timings)

    def to_dict(self) -> dict:
        bg, gg = self.bgnbd, self.gamma_gamma
        return {
            "kind": "score", "run_id": self.run_id, "as_of": self.as_of.isoformat(),
            "finished_at": self.finished_at.isoformat(timespec="seconds"),
            "score_version": self.score_version,
            "bgnbd": {"r": bg.r, "alpha": bg.alpha, "a": bg.a, "b": bg.b,
                      "log_likelihood": bg.log_likelihood, "time_unit": bg.time_unit,
                      "n_customers": bg.n_customers},
            "gamma_gamma": {"p": gg.p, "q": gg.q, "v": gg.v, "log_likelihood": gg.log_likelihood,
                            "n_customers": gg.n_customers},
            "churn": {"method": self.churn_method, "horizon_days": self.churn_horizon_days},
            "deal_model": self.deals.metrics(),
            "counts": {"customers_scored": self.n_customers_scored,
                       "customers_cleared": self.n_customers_cleared,
                       "customers_written": self.n_customers_written,
                       "deals_scored": self.n_deals_scored},
            "totals": {"expected_purchases_90d": round(self.expected_purchases_90d, 2),
                       "lifetime_value_90d": round(self.lifetime_value_90d, 2)},
            "currency": self.amounts.to_dict(),
            "timings": {**self.timings, "total": self.timings.total},
        }


@dataclass(frozen=True)
class CustomerScores:
    bgnbd: BgNbdFit
    gamma_gamma: GammaGammaFit
    table: pd.DataFrame  # p_alive, churn_risk, expected, clv per customer id
    churn_method: str
    churn_horizon_days: int


def run_scoring(as_of: dt.date | str | None = None) -> ScoringReport:
    """Fit the customer models on orders up to `as_of` (default today), score customers and open
    deals, store the scores. Raises AnalyticsError (writing only a failed-run row) when the data
    cannot support the models."""
    as_of = resolve_as_of(as_of)
    params = {"as_of": as_of.isoformat(), "time_unit": TIME_UNIT, "horizon_days": HORIZON_DAYS}
    timings = Timings()
    with failures_recorded("score", as_of, params):
        started = utcnow()
        with timings.step("read"):
            check_dates(as_of, today())
            then = as_of - dt.timedelta(days=get_settings().churn_horizon_days)
            amounts = base_amounts(as_of)
            orders = read_order_aggregates(as_of, then=then, amounts=amounts)
            deal_features = read_deal_features(as_of)
        with timings.step("compute"):
            customers = score_customers(as_of, orders)
            deals = score_deals(deal_features)
        with timings.step("write"):
            report = _write(customers, deals, as_of, started, params, timings, amounts)
    finish_run(report.run_id, report.to_dict())
    return report


def score_customers(as_of: dt.date, orders: pd.DataFrame) -> CustomerScores:
    if orders.empty:
        raise AnalyticsError(_("No orders on or before {day}: there is nothing to score.").format(day=long_date(as_of)),
                             _("Import orders (crm import orders FILE) or pick a later date."))
    summary = clv_summary(as_of, orders, DAYS_PER_UNIT)
    bgnbd = fit_bgnbd(summary, TIME_UNIT)
    gamma_gamma = fit_gamma_gamma(summary)
    horizon = get_settings().churn_horizon_days
    risk, method = churn_risk(as_of, orders, bgnbd, summary, horizon)
    table = pd.DataFrame({
        "p_alive": p_alive(bgnbd, summary),
        "churn_risk": risk,
        "expected": expected_purchases(bgnbd, summary, HORIZON_DAYS / DAYS_PER_UNIT),
        "clv": lifetime_value(bgnbd, gamma_gamma, summary, HORIZON_DAYS),
    })
    if not np.isfinite(table.to_numpy()).all():
        raise AnalyticsError(_("Some customer scores came out infinite or undefined."),
                             _("Keep the previous scores and check the orders for outliers."))
    return CustomerScores(bgnbd, gamma_gamma, table, method, horizon)


def _write(customers: CustomerScores, deals: DealScores, as_of: dt.date, started: dt.datetime,
           params: dict, timings: Timings, amounts: BaseAmounts) -> ScoringReport:
    now = utcnow()
    with database.atomic():
        lock_job("score")
        raise_work_mem()
        run_id = record_run("score", as_of, started, now, "succeeded", params)
        cleared, written = write_customer_scores(customers.table, now)
        n_deals = write_deal_scores(deals.probabilities)
    return ScoringReport(
        run_id=run_id, as_of=as_of, finished_at=now, score_version=SCORE_VERSION,
        bgnbd=customers.bgnbd, gamma_gamma=customers.gamma_gamma, deals=deals,
        churn_method=customers.churn_method, churn_horizon_days=customers.churn_horizon_days,
        n_customers_scored=len(customers.table), n_customers_cleared=cleared,
        n_customers_written=written, n_deals_scored=n_deals,
        expected_purchases_90d=float(customers.table["expected"].sum()),
        lifetime_value_90d=float(customers.table["clv"].sum()), amounts=amounts, timings=timings,
    )


def write_customer_scores(table: pd.DataFrame, now: dt.datetime) -> tuple[int, int]:
    """Store the scores that differ from the stored ones in customer_scores (their scored_at becomes
    `now`) and delete those of customers not in `table`; inside the caller's transaction. Returns
    (cleared, rows written): a re-run on the same data writes nothing."""
    frame = table.rename_axis("customer_id").reset_index()
    # "real" as the FloatField columns are on PostgreSQL, so that unchanged scores compare equal
    load_temp_table(TEMP, {"customer_id": "integer", "p_alive": "real", "churn_risk": "real",
                           "expected": "real", "clv": "real"}, frame)
    cleared = execute(f"DELETE FROM customer_scores WHERE NOT EXISTS "
                      f"(SELECT 1 FROM {TEMP} t WHERE t.customer_id = customer_scores.customer_id)")
    distinct = sql("IS DISTINCT FROM", "IS NOT")
    # one upsert: an INSERT ... WHERE NOT EXISTS on the same table rescans what it has just inserted
    written = execute(sql(
        f"INSERT INTO customer_scores AS s (customer_id, p_alive, churn_risk, expected_purchases_90d, "
        f"lifetime_value, score_version, scored_at) SELECT t.customer_id, t.p_alive, t.churn_risk, t.expected, "
        f"t.clv, %s, %s FROM {TEMP} t WHERE true ON CONFLICT (customer_id) DO UPDATE SET "
        f"p_alive = excluded.p_alive, churn_risk = excluded.churn_risk, "
        f"expected_purchases_90d = excluded.expected_purchases_90d, lifetime_value = excluded.lifetime_value, "
        f"score_version = excluded.score_version, scored_at = excluded.scored_at "
        f"WHERE s.p_alive {distinct} excluded.p_alive OR s.churn_risk {distinct} excluded.churn_risk "
        f"OR s.expected_purchases_90d {distinct} excluded.expected_purchases_90d "
        f"OR s.lifetime_value {distinct} excluded.lifetime_value OR s.score_version <> excluded.score_version"),
        (SCORE_VERSION, now))
    drop_temp_table(TEMP)
    return max(cleared, 0), written
