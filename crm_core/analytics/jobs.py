"""The analytics jobs: read aggregates from the database, compute, write back in bulk.

    run_segmentation(as_of=None, k=None) -> SegmentationReport   (customers.segment, segment_changes)
    run_scoring(as_of=None) -> ScoringReport   (customer_scores, deals.win_probability)

Both aggregate in SQL, compute with this package's pure functions, and write in one transaction
after everything is computed; bad data raises AnalyticsError and leaves the stored values as they
were. Every run is a `model_runs` row (kind, as_of, status, params, metrics or error).
"""
from crm_core.analytics.jobs_score import SCORE_VERSION, ScoringReport, run_scoring
from crm_core.analytics.jobs_segment import SegmentationReport, SegmentMove, run_segmentation

__all__ = ["SCORE_VERSION", "ScoringReport", "SegmentMove", "SegmentationReport", "run_scoring",
           "run_segmentation"]
