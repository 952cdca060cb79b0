"""Deal win probability: logistic regression on closed deals, or smoothed per-stage win rates.

Input columns (one row per deal):
  stage                     furthest stage reached: lead < qualified < proposal < negotiation
  status                    "won", "lost" or anything else (open); training uses won/lost only
  age_days                  days from creation to closing (closed) or to now (open)
  amount                    deal amount; blank counts as 0
  days_since_last_activity  blank (no activity yet) counts as age_days
  n_*                       activity counts, e.g. n_calls, n_emails, n_meetings (at least one)
  segment                   optional customer segment; blank/unknown is its own category
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _

STAGES = ("lead", "qualified", "proposal", "negotiation")
MIN_CLOSED = 30
MIN_PER_CLASS = 5
PRIOR_STRENGTH = 5.0  # pseudo-deals pulling a stage's win rate towards the overall one
MAX_FOLDS = 5
LR_VERSION = "deal-lr-1"
RATES_VERSION = "deal-stage-rates-1"


@dataclass(frozen=True)
class DealModel:
    method: str  # "logistic_regression" or "stage_rates"
    model_version: str
    n_won: int
    n_lost: int
    activity_columns: tuple[str, ...]
    cv_auc: float | None = None  # mean cross-validated ROC AUC; None for stage rates
    n_folds: int = 0
    stage_rates: dict[str, float] = field(default_factory=dict)
    note: str = ""
    pipeline: Pipeline | None = None


def train_deal_model(deals: pd.DataFrame, random_state: int = 0) -> DealModel:
    """Train on the won/lost deals of `deals`; open deals are ignored.

    With fewer than 30 closed deals or fewer than 5 of either outcome the result uses per-stage
    historical win rates (method="stage_rates", with `note` saying why).
    """
    closed = _closed(deals)
    won = (closed["status"] == "won").to_numpy(dtype=bool)
    n_won, n_lost = int(won.sum()), int((~won).sum())
    activity = _activity_columns(deals)
    if len(closed) < MIN_CLOSED or min(n_won, n_lost) < MIN_PER_CLASS:
        note = (f"Only {len(closed)} closed deals ({n_won} won, {n_lost} lost); a model needs "
                f"{MIN_CLOSED} with at least {MIN_PER_CLASS} of each, so per-stage win rates "
                "are used.")
        rates = _stage_rates(closed["stage"].map(_stage_index), won)
        return DealModel("stage_rates", RATES_VERSION, n_won, n_lost, activity,
                         stage_rates=rates, note=note)
    x = _features(closed, activity)
    n_folds = min(MAX_FOLDS, n_won, n_lost)
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    auc = cross_val_score(_pipeline(activity), x, won, cv=folds, scoring="roc_auc")
    pipeline = _pipeline(activity).fit(x, won)
    return DealModel("logistic_regression", LR_VERSION, n_won, n_lost, activity,
                     cv_auc=float(auc.mean()), n_folds=n_folds, pipeline=pipeline,
                     note=f"Logistic regression on {len(closed)} closed deals.")


def predict(model: DealModel, open_deals: pd.DataFrame) -> pd.Series:
    """Win probability in [0, 1] of each deal, indexed like `open_deals`."""
    if len(open_deals) == 0:
        return pd.Series([], index=open_deals.index, dtype=np.float64, name="win_probability")
    if model.method == "stage_rates":
        _require(open_deals, ("stage",))
        stages = open_deals["stage"].map(_stage_index).map(lambda i: STAGES[i])
        values = stages.map(model.stage_rates).to_numpy(dtype=np.float64)
    else:
        x = _features(open_deals, model.activity_columns)
        values = model.pipeline.predict_proba(x)[:, 1]
    return pd.Series(values, index=open_deals.index, name="win_probability")


def _require(deals: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in deals.columns]
    if missing:
        raise AnalyticsError(_("The deals table lacks the column(s) {columns}.").format(columns=", ".join(missing)),
                             _("See crm_core.analytics.scoring for the expected columns."))


def _closed(deals: pd.DataFrame) -> pd.DataFrame:
    _require(deals, ("stage", "status"))
    status = deals["status"].astype("string").str.lower()
    mask = status.isin(["won", "lost"]).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        raise AnalyticsError(_("There are no won or lost deals to learn win rates from."),
                             _("Close some deals (won or lost) first."))
    return deals[mask].assign(status=status[mask].to_numpy())


def _activity_columns(deals: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(c for c in deals.columns if isinstance(c, str) and c.startswith("n_")))


def _stage_index(stage: object) -> int:
    name = str(stage).strip().lower()
    if name not in STAGES:
        raise AnalyticsError(_("Unknown deal stage {stage!r}.").format(stage=stage),
                             _("Stages are {stages}.").format(stages=", ".join(STAGES)))
    return STAGES.index(name)


def _stage_rates(stage_idx: pd.Series, won: np.ndarray) -> dict[str, float]:
    """Per-stage win rate shrunk towards the overall (Laplace-smoothed) rate."""
    prior = (won.sum() + 1) / (len(won) + 2)
    idx = stage_idx.to_numpy()
    rates = {}
    for i, name in enumerate(STAGES):
        at_stage = idx == i
        wins, n = won[at_stage].sum(), at_stage.sum()
        rates[name] = float((wins + PRIOR_STRENGTH * prior) / (n + PRIOR_STRENGTH))
    return rates


def _features(deals: pd.DataFrame, activity: tuple[str, ...]) -> pd.DataFrame:
    _require(deals, ("stage", "age_days", "amount", "days_since_last_activity", *activity))
    if not activity:
        raise AnalyticsError(_("The deals table has no activity count column (n_...)."),
                             _("Add e.g. n_activities, the number of logged activities."))
    age = pd.to_numeric(deals["age_days"], errors="coerce").clip(lower=0)
    if age.isna().any():
        raise AnalyticsError(_("Some deals have no age (age_days)."), _("Give every deal its age in days."))
    idle = pd.to_numeric(deals["days_since_last_activity"], errors="coerce").fillna(age)
    amount = pd.to_numeric(deals["amount"], errors="coerce").fillna(0).clip(lower=0)
    x = pd.DataFrame({
        "stage": deals["stage"].map(_stage_index).astype(np.float64),
        "age_days": age,
        "log_amount": np.log1p(amount),
        "log_idle_days": np.log1p(idle.clip(lower=0)),
    }, index=deals.index)
    for col in activity:
        x[col] = np.log1p(pd.to_numeric(deals[col], errors="coerce").fillna(0).clip(lower=0))
    segment = deals["segment"] if "segment" in deals.columns else pd.Series("", index=deals.index)
    x["segment"] = segment.astype("string").fillna("unknown").astype(object)
    return x


def _pipeline(activity: tuple[str, ...]) -> Pipeline:
    numeric = ["stage", "age_days", "log_amount", "log_idle_days", *activity]
    columns = ColumnTransformer([
        ("numeric", StandardScaler(), numeric),
        ("segment", OneHotEncoder(handle_unknown="ignore"), ["segment"]),
    ])
    return Pipeline([("features", columns), ("model", LogisticRegression(max_iter=1000))])
