"""Pure computation on pandas/numpy data: RFM segmentation, BG/NBD + Gamma-Gamma CLV, deal scoring.

No database and no I/O: callers load DataFrames, call these functions and store the results.
Every refusal is an `AnalyticsError` (a `ValueError`) with a message a user can act on.
"""
from crm_core.analytics.errors import AnalyticsError

__all__ = ["AnalyticsError"]
