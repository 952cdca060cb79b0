"""The classic RFM segment map on quantile scores.

Each customer gets R, F and M scores 1..5 by quintile among all customers (R: the more recent the
last purchase, the higher; ties share the lower score, so the many one-time buyers all get F = 1).
The map reads R against FM, the rounded mean of F and M (rules in `map_segment`): recent buyers
(R 4-5) are champions/loyal (FM 4-5), potential loyalists (FM 1-3, repeat buyers), new/promising
(first-time buyers); R 3 is loyal, need attention or about to sleep; R 1-2 is can't lose them
(FM 5), at risk (FM 3-4), hibernating (R 2) or lost (R 1). Names follow recency first, so no
recent buyer is called at risk and nobody who stopped buying is called a champion.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _

RFM_SEGMENTS = ("champions", "loyal", "potential_loyalists", "promising", "new", "need_attention",
                "about_to_sleep", "at_risk", "cant_lose_them", "hibernating", "lost")  # = models.SEGMENTS
N_SCORES = 5
MIN_CUSTOMERS = 10  # below this a quintile says nothing (a lone customer would be "lost")


def quantile_scores(features: pd.DataFrame) -> pd.DataFrame:
    """r, f, m scores in 1..5 from features[recency_days, frequency, monetary]."""
    missing = [c for c in ("recency_days", "frequency", "monetary") if c not in features.columns]
    if missing or features.empty:
        raise AnalyticsError(_("The RFM table is empty or lacks recency_days, frequency or monetary."),
                             _("Compute it with rfm_features(orders, as_of)."))
    if len(features) < MIN_CUSTOMERS:
        raise AnalyticsError(
            _("The RFM map ranks customers against each other and needs at least {least}; got {n}.").format(
                least=MIN_CUSTOMERS, n=len(features)),
            _("Keep the previous segments and segment again with more customers."))
    return pd.DataFrame({"r": _score(-features["recency_days"]), "f": _score(features["frequency"]),
                         "m": _score(features["monetary"])}, index=features.index)


def _score(values: pd.Series) -> np.ndarray:
    share_below = (values.rank(method="min").to_numpy() - 1) / len(values)
    return np.clip(np.floor(share_below * N_SCORES).astype(int) + 1, 1, N_SCORES)


def map_segment(r: int, fm: int, f: int) -> str:
    """The segment of one (R, FM) cell; f tells a first-time buyer (F = 1) from a repeat one."""
    if r >= 4:
        if f == 1 and fm <= 2:
            return "new" if r == 5 else "promising"
        if fm >= 4:
            return "champions" if r == 5 else "loyal"
        return "potential_loyalists"
    if r == 3:
        if fm >= 4:
            return "loyal"
        return "need_attention" if fm == 3 else "about_to_sleep"
    if fm >= 5:
        return "cant_lose_them"
    if fm >= 3:
        return "at_risk"
    return "hibernating" if r == 2 else "lost"


def segment_by_map(features: pd.DataFrame) -> pd.Series:
    """Segment name per customer (same index as `features`)."""
    scores = quantile_scores(features)
    fm = np.floor((scores["f"] + scores["m"]) / 2 + 0.5).astype(int)
    cells = pd.DataFrame({"r": scores["r"], "fm": fm, "f": scores["f"]})
    lookup = {key: map_segment(*key) for key in set(map(tuple, cells.to_numpy()))}
    names = [lookup[key] for key in map(tuple, cells.to_numpy())]
    return pd.Series(names, index=features.index, name="segment")


def map_result(features: pd.DataFrame):
    """segment_by_map as a SegmentationResult: one "cluster" per non-empty segment, in map order,
    with its size and member means; no silhouette (quantile cells are not clusters)."""
    from crm_core.analytics.rfm import FEATURES, SegmentationResult

    labels = segment_by_map(features)
    present = [s for s in RFM_SEGMENTS if (labels == s).any()]
    clusters = labels.map({s: i for i, s in enumerate(present)}).rename("cluster")
    means = features[list(FEATURES)].groupby(labels).mean().reindex(present)
    table = means.assign(segment=present, n_customers=labels.value_counts().reindex(present).to_numpy())
    table["share"] = table["n_customers"] / len(labels)
    table = table.reset_index(drop=True).rename_axis("cluster")
    return SegmentationResult(labels=labels, clusters=clusters, k=len(present),
                              silhouette=float("nan"), centroids=table)
