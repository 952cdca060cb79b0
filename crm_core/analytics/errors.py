"""The one error type of the analytics package."""
from __future__ import annotations

from crm_core.errors import CrmError


class AnalyticsError(CrmError, ValueError):
    """The data cannot support the requested computation.

    The message says what was wrong with the data and the hint what to do; callers that refresh
    scores periodically should keep the previous scores when they get this error.
    """

    code = "analytics"
