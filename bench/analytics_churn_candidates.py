"""Bench: churn-risk candidates for issue 16, chosen on an earlier window, then checked once on the holdout.

    python bench/analytics_churn_candidates.py

Each candidate is trained as `crm score` trains its model: features at as_of - 90 days, label "no purchase
in the 90 days that followed", applied at as_of. Selection window: as_of 1997-07-02 (labels up to
1997-09-30, all known at the holdout's cut-off); holdout: as_of 1997-09-30. The candidate with the best
selection AUC is the pick; the holdout line is printed for every candidate, for the record only.
Candidates: the CRM's logistic regression on its eight features (base); the same plus log days since the
last purchase, days since the last purchase over the mean gap between purchases, and a one-time-buyer
flag (extra); gradient-boosted trees; splines in a logistic regression.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import SplineTransformer, StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_cdnow import read_orders  # noqa: E402  (a bench beside this file)

from crm_core.analytics import churn  # noqa: E402
from crm_core.analytics.clv import fit_bgnbd, summary_from_orders  # noqa: E402

HORIZON = 90
SELECTION, HOLDOUT = "1997-07-02", "1997-09-30"
EXTRA = list(churn.FEATURES)  # the CRM's features since this pick
BASE = EXTRA[:8]  # the eight before it


def features(orders: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    s = summary_from_orders(orders[orders["date"] <= at], at, "days")
    return churn.rfm_features(s, fit_bgnbd(churn.in_weeks(s)), HORIZON)


def no_purchase(orders: pd.DataFrame, at: pd.Timestamp, index: pd.Index) -> np.ndarray:
    return (~churn.bought_within(orders, at, HORIZON).reindex(index, fill_value=False)).to_numpy().astype(int)


def candidates() -> dict:
    trees = lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,  # noqa: E731
                                                   min_samples_leaf=100, random_state=0)
    logit = lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))  # noqa: E731
    spline = lambda: make_pipeline(StandardScaler(), SplineTransformer(n_knots=5),  # noqa: E731
                                   LogisticRegression(max_iter=3000))
    return {"logistic base": (BASE, logit), "logistic extra": (EXTRA, logit), "trees base": (BASE, trees),
            "trees extra": (EXTRA, trees), "splines base": (BASE, spline), "splines extra": (EXTRA, spline)}


def judge(orders: pd.DataFrame, as_of: str) -> dict[str, tuple[float, float]]:
    at = pd.Timestamp(as_of)
    known = orders[orders["date"] <= at]
    then = at - pd.Timedelta(days=HORIZON)
    f_then, f_now = features(known, then), features(known, at)
    y_then, y_now = no_purchase(known, then, f_then.index), no_purchase(orders, at, f_now.index)
    out = {"recency": (roc_auc_score(y_now, f_now["days_since_last"]), float("nan"))}
    for name, (columns, make) in candidates().items():
        model = make().fit(f_then[columns].to_numpy(), y_then)
        risk = pd.Series(model.predict_proba(f_now[columns].to_numpy())[:, 1])
        decile = pd.qcut(risk.rank(method="first"), 10, labels=False).to_numpy()
        gap = max(abs(risk[decile == d].mean() - y_now[decile == d].mean()) for d in range(10))
        out[name] = (roc_auc_score(y_now, risk), gap)
    return out


def main() -> None:
    orders = read_orders()
    chosen = judge(orders, SELECTION)
    pick = max((k for k in chosen if k != "recency"), key=lambda k: chosen[k][0])
    final = judge(orders, HOLDOUT)
    print(f"{'candidate':<16} {'AUC ' + SELECTION:>16} {'gap pp':>7} {'AUC ' + HOLDOUT:>16} {'gap pp':>7}")
    for name in chosen:
        mark = " <- picked on the selection window" if name == pick else ""
        print(f"{name:<16} {chosen[name][0]:>16.4f} {chosen[name][1] * 100:>7.1f} "
              f"{final[name][0]:>16.4f} {final[name][1] * 100:>7.1f}{mark}")


if __name__ == "__main__":
    main()
