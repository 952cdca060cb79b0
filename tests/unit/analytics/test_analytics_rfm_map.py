"""The classic RFM segment map on quintile scores: segments a manager can act on, whose names agree
with what customers then did."""
from __future__ import annotations

import pandas as pd
import pytest

from crm_core.analytics.churn import bought_within
from crm_core.analytics.errors import AnalyticsError
from crm_core.analytics.rfm import rfm_features
from crm_core.analytics.rfm_map import RFM_SEGMENTS, map_result, map_segment, segment_by_map
from crm_core.models import SEGMENTS
from crm_core.nlp.vocabulary import SEGMENTS as SPOKEN_SEGMENTS

AS_OF = "1997-09-30"


@pytest.fixture(scope="module")
def master_segments(cdnow_master_orders) -> tuple[pd.Series, pd.Series]:
    features = rfm_features(cdnow_master_orders, AS_OF)
    churned = ~bought_within(cdnow_master_orders, AS_OF, 90).reindex(features.index, fill_value=False)
    return segment_by_map(features), churned


def test_on_cdnow_master_at_least_five_segments_none_above_40_percent(master_segments):
    labels, _ = master_segments
    shares = labels.value_counts(normalize=True)
    assert len(shares) >= 5
    assert shares.max() <= 0.40


def test_names_agree_with_what_customers_did_next(master_segments):
    labels, churned = master_segments
    rate = churned.groupby(labels).mean()
    assert rate["champions"] < rate["loyal"] < min(rate["at_risk"], rate["hibernating"], rate["lost"])
    assert rate["champions"] < rate.drop("champions").min()


def test_the_map_reads_recency_first():
    assert map_segment(5, 5, 5) == "champions"
    assert map_segment(1, 5, 5) == "cant_lose_them"  # best customers who stopped: never "champions"
    assert map_segment(2, 3, 3) == "at_risk"
    assert map_segment(5, 1, 1) == "new" and map_segment(4, 1, 1) == "promising"
    assert map_segment(5, 2, 2) == "potential_loyalists"
    assert map_segment(3, 3, 3) == "need_attention" and map_segment(3, 2, 1) == "about_to_sleep"
    assert map_segment(2, 1, 1) == "hibernating" and map_segment(1, 2, 1) == "lost"
    assert {map_segment(r, fm, f) for r in range(1, 6) for fm in range(1, 6) for f in range(1, 6)} == set(RFM_SEGMENTS)


def test_every_segment_is_known_to_the_crm_and_the_parser():
    assert set(RFM_SEGMENTS) == set(SEGMENTS)
    assert set(SEGMENTS) <= set(SPOKEN_SEGMENTS)
    assert max(map(len, SEGMENTS)) <= 32  # the widened column (migration 0013_segment_names)


def test_too_few_customers_are_not_ranked_into_quintiles():
    features = pd.DataFrame({"recency_days": [3.0], "frequency": [4.0], "monetary": [90.0]})
    with pytest.raises(AnalyticsError, match="at least 10"):
        segment_by_map(features)


def test_map_result_reports_sizes_in_map_order(master_segments, cdnow_master_orders):
    result = map_result(rfm_features(cdnow_master_orders, AS_OF))
    assert result.k == result.labels.nunique()
    assert list(result.centroids["segment"]) == [s for s in RFM_SEGMENTS if s in set(result.labels)]
    assert result.centroids["n_customers"].sum() == len(result.labels)
