"""`crm validate --deals`: deal win probability checked on a time split.

The model is trained on the deals won or lost on or before `as_of`; it scores the deals that were
open then and closed later, with features as of `as_of`, and is compared with what happened and
with the stage-only baseline (each stage's historical win rate).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from crm_core.analytics.jobs_deals import read_deal_features
from crm_core.analytics.jobs_sql import query_frame
from crm_core.analytics.scoring import _stage_index, _stage_rates, predict, train_deal_model

MIN_TEST_DEALS = 20
MIN_PER_OUTCOME = 5


@dataclass(frozen=True)
class DealValidation:
    as_of: dt.date
    n_trained: int
    n_tested: int
    method: str | None = None
    auc: float | None = None
    stage_baseline_auc: float | None = None
    calibration: tuple[dict, ...] = ()
    note: str = ""

    def to_dict(self) -> dict:
        return {"kind": "validate_deals", "as_of": self.as_of.isoformat(),
                "trained_on": self.n_trained, "tested_on": self.n_tested, "method": self.method,
                "auc": self.auc, "stage_baseline_auc": self.stage_baseline_auc,
                "calibration": list(self.calibration), "note": self.note}

    def text(self) -> str:
        if self.auc is None:
            return f"Deal win probability as of {self.as_of}: {self.note}"
        lines = [f"Deal win probability ({self.method}) trained on {self.n_trained} deals closed "
                 f"by {self.as_of}, tested on {self.n_tested} closed after: AUC {self.auc:.3f}; "
                 f"stage-only win rates {self.stage_baseline_auc:.3f}.",
                 "Calibration (predicted vs actual win rate):"]
        lines += [f"  {row['bin']}: {row['predicted']:.0%} vs {row['actual']:.0%} "
                  f"({row['deals']} deals)" for row in self.calibration]
        return "\n".join(lines)


def validate_deals(as_of: dt.date) -> DealValidation:
    features = read_deal_features(as_of)
    train = features[features["status"].isin(["won", "lost"])] if len(features) else features
    test = features[features["status"] == "closed_later"] if len(features) else features
    won_later = _won(test.index)
    too_little = _too_little(len(train), won_later)
    if too_little:
        return DealValidation(as_of, len(train), len(test), note=too_little)
    model = train_deal_model(train)
    predicted = predict(model, test.assign(status="open"))
    rates = _stage_rates(train["stage"].map(_stage_index), (train["status"] == "won").to_numpy())
    baseline = test["stage"].map(rates).astype(float)
    y = won_later.to_numpy().astype(int)
    return DealValidation(as_of, len(train), len(test), model.method,
                          float(roc_auc_score(y, predicted)), float(roc_auc_score(y, baseline)),
                          _calibration(predicted, won_later))


def _won(deal_ids: pd.Index) -> pd.Series:
    stages = query_frame("SELECT id, stage FROM deals", (), ("id", "stage")).set_index("id")["stage"]
    return (stages.reindex(deal_ids) == "won").rename("won")


def _too_little(n_trained: int, won_later: pd.Series) -> str:
    n_won = int(won_later.sum())
    n_lost = len(won_later) - n_won
    if len(won_later) >= MIN_TEST_DEALS and min(n_won, n_lost) >= MIN_PER_OUTCOME and n_trained:
        return ""
    return (f"too little history to score the model: {n_trained} deals closed by then and "
            f"{len(won_later)} closed after ({n_won} won, {n_lost} lost); a check needs at least "
            f"{MIN_TEST_DEALS} closed after, {MIN_PER_OUTCOME} of each outcome. Pick an earlier "
            "date or wait for more closed deals.")


def _calibration(predicted: pd.Series, won: pd.Series) -> tuple[dict, ...]:
    bins = pd.cut(predicted, [0, 0.2, 0.4, 0.6, 0.8, 1.0], include_lowest=True)
    frame = pd.DataFrame({"bin": bins, "p": predicted, "won": won.astype(float)})
    rows = frame.groupby("bin", observed=True).agg(deals=("won", "size"), predicted=("p", "mean"),
                                                   actual=("won", "mean"))
    return tuple({"bin": str(b), "deals": int(r.deals), "predicted": round(float(r.predicted), 4),
                  "actual": round(float(r.actual), 4)} for b, r in rows.iterrows())
