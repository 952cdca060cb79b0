"""Deal win probability inside the scoring job: features from deals, their stage history and
activities (aggregated in SQL), crm_core.analytics.scoring's model, bulk write to deals.win_probability.

Training uses the deals won or lost on or before the cut-off; the deals open now are scored. A
closed deal's features are taken at its closing time (activities after it are ignored), an open
deal's at the end of the cut-off day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crm_core.analytics.jobs_sql import drop_temp_table, execute, load_temp_table, query_frame, sql
from crm_core.analytics.scoring import STAGES, predict, train_deal_model
from crm_core.models import ACTIVITY_KINDS

TEMP = "analytics_deal_scores"
DEAL_COLUMNS = ("id", "stage", "amount", "created_at", "closed_at", "segment")
_DEALS = """
SELECT d.id, d.stage, CAST(d.amount AS DOUBLE PRECISION), d.created_at,
       CASE WHEN d.stage IN ('won', 'lost') THEN COALESCE(d.closed_at, d.updated_at) END, c.segment
FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.created_at < %s"""
_STAGE_HISTORY = """
SELECT deal_id, from_stage, to_stage FROM deal_stage_changes WHERE changed_at < %s"""
_ACTIVITY = """
SELECT a.deal_id, a.kind, COUNT(*), MAX(a.occurred_at)
FROM activities a JOIN deals d ON d.id = a.deal_id
WHERE a.occurred_at < %s AND (d.closed_at IS NULL OR d.stage NOT IN ('won', 'lost')
                              OR a.occurred_at <= d.closed_at)
GROUP BY a.deal_id, a.kind"""


@dataclass
class DealScores:
    """The deal model's metrics and the probabilities to write (deal id -> probability)."""

    method: str  # "logistic_regression", "stage_rates" or "none" (no closed deal yet)
    model_version: str | None
    n_closed: int
    n_won: int
    n_lost: int
    cv_auc: float | None = None
    n_folds: int = 0
    note: str = ""
    stage_rates: dict[str, float] = field(default_factory=dict)
    probabilities: pd.Series = field(default_factory=lambda: pd.Series(dtype=np.float64))

    def metrics(self) -> dict:
        return {"method": self.method, "model_version": self.model_version,
                "cv_auc": None if self.cv_auc is None or np.isnan(self.cv_auc) else round(self.cv_auc, 4),
                "n_folds": self.n_folds, "n_closed_deals": self.n_closed, "n_won": self.n_won,
                "n_lost": self.n_lost, "n_open_scored": len(self.probabilities), "note": self.note,
                "stage_rates": {s: round(p, 4) for s, p in self.stage_rates.items()}}


def read_deal_features(as_of: dt.date) -> pd.DataFrame:
    """One row per deal created on or before `as_of`, in the columns scoring.py expects."""
    end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    deals = query_frame(sql(_DEALS), (end,), DEAL_COLUMNS).set_index("id")
    if deals.empty:
        return deals
    created = _timestamps(deals["created_at"])
    closed = _timestamps(deals["closed_at"])
    status = deals["stage"].where(deals["stage"].isin(["won", "lost"]), "open")
    status = status.where((status == "open") | (closed < end), "closed_later")
    reference = closed.where(status.isin(["won", "lost"]), pd.Timestamp(end))
    activity = _activity(end, deals.index)
    idle = (reference - activity["last_activity"]).dt.total_seconds() / 86_400
    features = pd.DataFrame({
        "stage": _stage_reached(end, deals),
        "status": status,
        "age_days": ((reference - created).dt.total_seconds() / 86_400).clip(lower=0),
        "amount": deals["amount"].astype(np.float64),
        "days_since_last_activity": idle.clip(lower=0),
        "segment": deals["segment"].where(deals["segment"].notna(), None),
    }, index=deals.index)
    return features.join(activity.drop(columns="last_activity"))


def score_deals(features: pd.DataFrame) -> DealScores:
    """Train on the won and lost deals and predict the open ones; 'none' when none is closed."""
    closed = features[features["status"].isin(["won", "lost"])] if len(features) else features
    if closed.empty:
        return DealScores("none", None, 0, 0, 0,
                          note="No won or lost deal yet: deal win probabilities are not computed.")
    model = train_deal_model(closed)
    open_deals = features[features["status"] == "open"]
    return DealScores(model.method, model.model_version, model.n_won + model.n_lost, model.n_won,
                      model.n_lost, model.cv_auc, model.n_folds, model.note, model.stage_rates,
                      predict(model, open_deals))


def write_deal_scores(probabilities: pd.Series) -> int:
    """Set deals.win_probability of the scored deals (inside the caller's transaction)."""
    if probabilities.empty:
        return 0
    frame = pd.DataFrame({"deal_id": probabilities.index.to_numpy(np.int64),
                          "probability": probabilities.to_numpy(np.float64)})
    load_temp_table(TEMP, {"deal_id": "integer", "probability": "double precision"}, frame)
    updated = execute(f"UPDATE deals SET win_probability = t.probability FROM {TEMP} t "
                      "WHERE deals.id = t.deal_id")
    drop_temp_table(TEMP)
    return updated


def _timestamps(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.astype("string"), format="ISO8601", errors="coerce")


def _stage_reached(end: dt.datetime, deals: pd.DataFrame) -> pd.Series:
    """The furthest open stage each deal reached: its current stage or any in its history."""
    rank = {s: i for i, s in enumerate(STAGES)}
    current = deals["stage"].map(rank)
    history = query_frame(sql(_STAGE_HISTORY), (end,), ("deal_id", "from_stage", "to_stage"))
    if not history.empty:
        steps = pd.concat([history[["deal_id", "from_stage"]].set_axis(["deal_id", "s"], axis=1),
                           history[["deal_id", "to_stage"]].set_axis(["deal_id", "s"], axis=1)])
        furthest = steps.assign(r=steps["s"].map(rank)).groupby("deal_id")["r"].max()
        current = np.fmax(current, furthest.reindex(deals.index))
    reached = current.fillna(0).astype(np.int64)
    return reached.map(dict(enumerate(STAGES)))


def _activity(end: dt.datetime, deals: pd.Index) -> pd.DataFrame:
    """n_calls, n_meetings, n_emails, n_notes and last_activity per deal."""
    rows = query_frame(sql(_ACTIVITY), (end,), ("deal_id", "kind", "n", "last"))
    columns = {f"n_{k}s": pd.Series(0, index=deals, dtype=np.int64) for k in ACTIVITY_KINDS}
    table = pd.DataFrame(columns, index=deals)
    table["last_activity"] = pd.Series(pd.NaT, index=deals, dtype="datetime64[ns]")
    if rows.empty:
        return table
    rows["last"] = _timestamps(rows["last"])
    counts = rows.pivot_table(index="deal_id", columns="kind", values="n", aggfunc="sum", fill_value=0)
    for kind in ACTIVITY_KINDS:
        if kind in counts.columns:
            table[f"n_{kind}s"] = counts[kind].reindex(deals).fillna(0).astype(np.int64)
    table["last_activity"] = rows.groupby("deal_id")["last"].max().reindex(deals)
    return table
