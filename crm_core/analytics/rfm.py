"""RFM features and k-means segmentation with canonical segment names.

`monetary` is the customer's TOTAL spend up to `as_of` (not the mean per purchase): it is what
"high money" means to a user reading a segment, and the mean spend per purchase is what the CLV
module models separately.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _
from crm_core.analytics.orders import customer_days

FEATURES = ("recency_days", "frequency", "monetary")
SEGMENTS = ("champions", "loyal", "promising", "new", "at_risk", "hibernating", "lost")
K_RANGE = range(3, 8)
N_INIT = 3


def rfm_features(orders: pd.DataFrame, as_of: dt.date | str | pd.Timestamp) -> pd.DataFrame:
    """Recency, frequency and monetary value per customer from orders[customer_id, date, amount].

    recency_days: days from the last purchase to `as_of`; frequency: distinct purchase days;
    monetary: total spend. Orders after `as_of` are ignored, NaN/negative amounts dropped; the
    counts are in `attrs` ("n_dropped_invalid_amount", "n_ignored_after_as_of", "n_orders_used").
    """
    days = customer_days(orders, as_of)
    features = pd.DataFrame(
        {
            "recency_days": days.as_of_day - days.last_day,
            "frequency": days.n_days,
            "monetary": days.total,
            "first_purchase": days.first_day.astype("datetime64[D]").astype("datetime64[s]"),
            "last_purchase": days.last_day.astype("datetime64[D]").astype("datetime64[s]"),
        },
        index=days.customers,
    )
    features.attrs.update(
        as_of=str(pd.Timestamp(as_of).date()),
        n_orders_used=days.n_orders_used,
        n_dropped_invalid_amount=days.n_invalid_amount,
        n_ignored_after_as_of=days.n_after_as_of,
    )
    return features


@dataclass(frozen=True)
class SegmentationResult:
    labels: pd.Series  # segment name per customer, same index as the features
    clusters: pd.Series  # cluster number per customer; 0 is the best segment (order of SEGMENTS)
    k: int
    silhouette: float  # on a sample; NaN when there is a single segment
    centroids: pd.DataFrame  # one row per cluster: name, size, centroid, scores, member means
    silhouette_by_k: dict[int, float] = field(default_factory=dict)


def name_segment(r_score: float, f_score: float, m_score: float, frequency: float) -> str:
    """Canonical name of a cluster from its centroid, after the classic RFM quintile grid.

    Scores are the centroid's mid-rank percentile among all customers, in [0, 1], oriented so
    that higher is better (r_score is high for a recent last purchase); r_score >= 0.6 is the top
    two recency quintiles. With value = (f_score + m_score) / 2:

      recent (r >= 0.6):  one purchase (frequency < 1.5) -> new; value >= 0.6 -> champions;
                          value >= 0.4 -> loyal; otherwise -> promising
      not recent:         value >= 0.5 -> at_risk; r >= 0.3 -> hibernating; otherwise -> lost
    """
    value = (f_score + m_score) / 2
    if r_score >= 0.6:
        if frequency < 1.5:
            return "new"
        if value >= 0.6:
            return "champions"
        return "loyal" if value >= 0.4 else "promising"
    if value >= 0.5:
        return "at_risk"
    return "hibernating" if r_score >= 0.3 else "lost"


def segment(
    features: pd.DataFrame,
    k: int | None = None,
    sample_size: int = 10_000,
    random_state: int = 0,
    silhouette_sample_size: int = 4_000,
) -> SegmentationResult:
    """Cluster customers on log1p-scaled, standardised RFM and name the clusters.

    KMeans is fitted on a random sample of `sample_size` customers and then assigns everyone;
    when `k` is None it is the k in 3..7 with the best silhouette (ties: the smaller k), measured
    on `silhouette_sample_size` of the sample. If all customers have the same recency, frequency
    and monetary value they all get one segment (k = 1, silhouette NaN) instead of an error.
    """
    x = _log_features(features)
    n = len(x)
    _check_k(n, k)
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, size=sample_size, replace=False)) if n > sample_size else None
    x_fit = x if sample is None else x[sample]
    if (x.min(axis=0) == x.max(axis=0)).all():
        return _single_segment(features, x)
    scaler = StandardScaler().fit(x_fit)
    z_fit = scaler.transform(x_fit)
    n_distinct = len(np.unique(z_fit, axis=0))
    if k is not None and n_distinct < k:
        raise AnalyticsError(
            _("Only {n} distinct customer profiles, too few for {k} segments.").format(n=n_distinct, k=k),
            _("Ask for at most {n} segments.").format(n=n_distinct),
        )
    candidates = [k] if k is not None else _auto_candidates(n_distinct, len(z_fit))
    fits = {c: KMeans(c, n_init=N_INIT, random_state=random_state).fit(z_fit) for c in candidates}
    scores = {c: _silhouette(z_fit, m.labels_, silhouette_sample_size, random_state)
              for c, m in fits.items()}
    best = candidates[0] if k is not None else max(candidates, key=lambda c: (scores[c], -c))
    model = fits[best]
    raw = model.predict(scaler.transform(x))
    centers = np.expm1(scaler.inverse_transform(model.cluster_centers_))
    return _named_result(features, raw, centers, scores[best], scores)


def _log_features(features: pd.DataFrame) -> np.ndarray:
    missing = [c for c in FEATURES if c not in features.columns]
    if missing:
        raise AnalyticsError(
            _("The RFM table lacks the column(s) {columns}.").format(columns=", ".join(missing)),
            _("Compute it with rfm_features(orders, as_of)."),
        )
    if len(features) == 0:
        raise AnalyticsError(_("No customers to segment."), _("Import orders first."))
    values = features[list(FEATURES)].to_numpy(dtype=np.float64)
    if not np.isfinite(values).all() or (values < 0).any():
        raise AnalyticsError(
            _("Recency, frequency and monetary value must be finite and not negative."),
            _("Compute them with rfm_features(orders, as_of), which drops refunds and blanks."),
        )
    return np.log1p(values)


def _check_k(n: int, k: int | None) -> None:
    if k is not None and k < 1:
        raise AnalyticsError(_("The number of segments must be at least 1, not {k}.").format(k=k))
    need = k if k is not None else K_RANGE.start
    if n < need:
        raise AnalyticsError(
            _("Fewer customers ({n}) than segments ({need}).").format(n=n, need=need),
            _("Segment once there are more customers, or ask for fewer segments."),
        )


def _auto_candidates(n_distinct: int, n_sample: int) -> list[int]:
    # silhouette needs 2 <= k <= n_sample - 1 and KMeans needs k distinct points
    top = min(K_RANGE.stop - 1, n_distinct, n_sample - 1)
    return list(range(K_RANGE.start, top + 1)) or [max(2, min(n_distinct, n_sample - 1))]


def _silhouette(z: np.ndarray, labels: np.ndarray, size: int, random_state: int) -> float:
    if len(np.unique(labels)) < 2:
        return float("nan")
    sample = min(size, len(z))
    try:
        return float(silhouette_score(z, labels, sample_size=sample, random_state=random_state))
    except ValueError:  # the sub-sample happened to hold a single cluster
        return float(silhouette_score(z, labels))


def _percentile(sorted_values: np.ndarray, value: float) -> float:
    """Mid-rank percentile of `value` among `sorted_values`, in [0, 1]."""
    tol = 1e-9 * max(1.0, abs(value))  # centroids come back through expm1(log1p(.)) rounding
    below = np.searchsorted(sorted_values, value - tol, side="left")
    at_or_below = np.searchsorted(sorted_values, value + tol, side="right")
    return float((below + at_or_below) / 2 / len(sorted_values))


def _centroid_table(x_raw: np.ndarray, raw: np.ndarray, centers: np.ndarray) -> pd.DataFrame:
    sorted_cols = [np.sort(x_raw[:, j]) for j in range(3)]
    rows = []
    for c, (rec, freq, mon) in enumerate(centers):
        r = 1 - _percentile(sorted_cols[0], rec)
        f = _percentile(sorted_cols[1], freq)
        m = _percentile(sorted_cols[2], mon)
        rows.append({"raw_cluster": c, "segment": name_segment(r, f, m, freq),
                     "recency_days": rec, "frequency": freq, "monetary": mon,
                     "r_score": r, "f_score": f, "m_score": m})
    table = pd.DataFrame(rows)
    sizes = np.bincount(raw, minlength=len(centers))
    table["n_customers"] = sizes
    table["share"] = sizes / len(raw)
    means = pd.DataFrame(x_raw, columns=[f"mean_{c}" for c in FEATURES]).groupby(raw).mean()
    return table.join(means, on="raw_cluster")


def _named_result(features: pd.DataFrame, raw: np.ndarray, centers: np.ndarray,
                  silhouette: float, scores: dict[int, float]) -> SegmentationResult:
    x_raw = features[list(FEATURES)].to_numpy(dtype=np.float64)
    table = _centroid_table(x_raw, raw, centers)
    # cluster 0 is the best: canonical segment order, then higher spend first
    table["rank"] = table["segment"].map(SEGMENTS.index)
    table = table.sort_values(["rank", "monetary"], ascending=[True, False], kind="stable")
    table = table.drop(columns="rank").reset_index(drop=True)
    renumber = np.empty(len(table), dtype=np.int64)
    renumber[table["raw_cluster"].to_numpy()] = np.arange(len(table))
    clusters = renumber[raw]
    names = table["segment"].to_numpy()[clusters]
    table = table.drop(columns="raw_cluster").rename_axis("cluster")
    return SegmentationResult(
        labels=pd.Series(names, index=features.index, name="segment"),
        clusters=pd.Series(clusters, index=features.index, name="cluster"),
        k=len(table), silhouette=silhouette, centroids=table, silhouette_by_k=scores,
    )


def _single_segment(features: pd.DataFrame, x: np.ndarray) -> SegmentationResult:
    raw = np.zeros(len(x), dtype=np.int64)
    return _named_result(features, raw, np.expm1(x[:1]), float("nan"), {})
