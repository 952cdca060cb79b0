"""RFM features and segmentation: definitions, obvious groups, determinism, edge cases."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crm_core.analytics import AnalyticsError
from crm_core.analytics.rfm import SEGMENTS, name_segment, rfm_features, segment

# (recency days, frequency, monetary) ranges of groups whose segment is obvious
GROUPS = {
    "champions": ((1, 20), (15, 30), (2000, 5000)),
    "new": ((1, 20), (1, 1), (30, 80)),
    "at_risk": ((200, 300), (8, 15), (800, 1500)),
    "lost": ((600, 900), (1, 1), (10, 40)),
}


def synthetic_features(n_per_group: int, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    rng = np.random.default_rng(seed)
    frames, truth = [], []
    for name, ((r0, r1), (f0, f1), (m0, m1)) in GROUPS.items():
        frames.append(pd.DataFrame({
            "recency_days": rng.integers(r0, r1 + 1, n_per_group),
            "frequency": rng.integers(f0, f1 + 1, n_per_group),
            "monetary": rng.uniform(m0, m1, n_per_group),
        }))
        truth += [name] * n_per_group
    features = pd.concat(frames, ignore_index=True)
    order = rng.permutation(len(features))  # interleave the groups
    features = features.iloc[order].set_axis(pd.Index(np.arange(len(features)) * 3 + 100,
                                                      name="customer_id"))
    return features, pd.Series(np.array(truth)[order], index=features.index)


def majority_names(labels: pd.Series, truth: pd.Series) -> dict[str, str]:
    return {group: labels[truth == group].mode().iloc[0] for group in GROUPS}


def test_rfm_features_follow_their_definitions():
    orders = pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 2, 2, 3],
        "date": ["2024-01-01", "2024-01-01", "2024-02-01", "2024-04-01", "2024-03-10",
                 "2024-03-20", "2024-03-30"],
        "amount": [10.0, 15.0, 30.0, 500.0, 40.0, -40.0, np.nan],
    })
    features = rfm_features(orders, as_of=pd.Timestamp("2024-03-31").date())
    assert list(features.index) == [1, 2]  # customer 3's only order has no amount
    one = features.loc[1]
    assert one["recency_days"] == 59  # last purchase 02-01, the 04-01 order is after as_of
    assert one["frequency"] == 2  # two orders on 01-01 are one purchase day
    assert one["monetary"] == pytest.approx(55.0)  # total spend
    assert one["first_purchase"] == pd.Timestamp("2024-01-01")
    assert one["last_purchase"] == pd.Timestamp("2024-02-01")
    assert features.loc[2, "frequency"] == 1 and features.loc[2, "recency_days"] == 21
    assert features.attrs["n_dropped_invalid_amount"] == 2
    assert features.attrs["n_ignored_after_as_of"] == 1


def test_obvious_groups_get_the_expected_names():
    features, truth = synthetic_features(300)
    result = segment(features)
    assert majority_names(result.labels, truth) == {g: g for g in GROUPS}
    assert result.k in range(3, 8) and result.silhouette > 0.5
    assert set(result.labels.unique()) <= set(SEGMENTS)
    assert result.labels.index.equals(features.index)


def test_fixed_k_and_sampling_then_predict():
    features, truth = synthetic_features(5_000)
    result = segment(features, k=4, sample_size=2_000)
    assert result.k == 4
    assert (result.labels == truth).mean() > 0.99
    table = result.centroids
    assert list(table["segment"]) == sorted(table["segment"], key=SEGMENTS.index)
    assert table["n_customers"].sum() == len(features)
    champions = table[table["segment"] == "champions"].iloc[0]
    assert champions["r_score"] > 0.5 and champions["f_score"] > 0.7
    # half the customers bought once: a one-time cluster sits at the mid-rank of that tie
    new = table[table["segment"] == "new"].iloc[0]
    assert new["frequency"] == pytest.approx(1.0) and new["f_score"] == pytest.approx(0.25)
    assert (result.clusters.map(table["segment"]) == result.labels).all()


def test_same_input_gives_same_labels():
    features, _ = synthetic_features(2_000, seed=3)
    first = segment(features, sample_size=3_000)
    second = segment(features.copy(), sample_size=3_000)
    assert first.k == second.k
    assert first.labels.equals(second.labels) and first.clusters.equals(second.clusters)
    assert first.silhouette == second.silhouette


def test_segment_works_on_rfm_features_of_orders():
    rng = np.random.default_rng(5)
    n = 2_000
    customer = rng.integers(0, 400, n)
    orders = pd.DataFrame({
        "customer_id": customer,
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
        "amount": rng.gamma(2.0, 30.0, n),
    })
    result = segment(rfm_features(orders, "2024-12-31"))
    assert result.labels.notna().all() and len(result.labels) == len(np.unique(customer))


@pytest.mark.parametrize(("scores", "expected"), [
    ((0.9, 0.9, 0.9, 12.0), "champions"),
    ((0.8, 0.5, 0.45, 4.0), "loyal"),
    ((0.7, 0.3, 0.3, 2.0), "promising"),
    ((0.9, 0.2, 0.6, 1.0), "new"),
    ((0.3, 0.8, 0.8, 9.0), "at_risk"),
    ((0.55, 0.9, 0.9, 15.0), "at_risk"),  # big buyers outside the two most recent quintiles
    ((0.45, 0.2, 0.2, 1.5), "hibernating"),
    ((0.1, 0.2, 0.2, 1.0), "lost"),
])
def test_naming_rule(scores, expected):
    assert name_segment(*scores) == expected


def test_no_orders_is_a_clear_error():
    orders = pd.DataFrame({"customer_id": [1], "date": ["2025-01-01"], "amount": [10.0]})
    with pytest.raises(AnalyticsError, match="No usable orders on or before 01 Jan 2024"):
        rfm_features(orders, "2024-01-01")
    with pytest.raises(AnalyticsError, match="No customers to segment"):
        segment(pd.DataFrame(columns=["recency_days", "frequency", "monetary"]))


def test_fewer_customers_than_segments_is_a_clear_error():
    features, _ = synthetic_features(1)
    with pytest.raises(AnalyticsError, match=r"Fewer customers \(4\) than segments \(6\)"):
        segment(features, k=6)
    with pytest.raises(AnalyticsError, match=r"Fewer customers \(2\) than segments \(3\)"):
        segment(features.iloc[:2])


def test_too_few_distinct_profiles_for_k_is_a_clear_error():
    features, _ = synthetic_features(10)
    features = pd.concat([features.iloc[:1]] * 5 + [features.iloc[1:2]] * 5)
    with pytest.raises(AnalyticsError, match="Only 2 distinct customer profiles"):
        segment(features.reset_index(drop=True), k=3)


def test_identical_customers_get_one_segment():
    features = pd.DataFrame({"recency_days": [30] * 50, "frequency": [2] * 50,
                             "monetary": [100.0] * 50})
    result = segment(features)
    assert result.k == 1 and np.isnan(result.silhouette)
    assert result.labels.nunique() == 1 and (result.clusters == 0).all()
    assert result.centroids["n_customers"].tolist() == [50]
