"""The one clock: every part of the CRM that needs the time asks it here.

In tests, time-machine moves it (with everything else in the process). `CRM_CLOCK_OFFSET` (seconds, may be
negative) moves it for a whole process, so that the `crm` processes a test starts live on the same day as the
test: CI runs the suite at other dates that way.
"""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, tzinfo

_offset = timedelta(seconds=float(os.environ.get("CRM_CLOCK_OFFSET") or 0))


def set_offset(seconds: float) -> None:
    global _offset
    _offset = timedelta(seconds=seconds)


def now(zone: tzinfo | None = UTC) -> datetime:
    """The current moment, aware, in `zone`."""
    return (datetime.now(UTC) + _offset).astimezone(zone)


def utcnow() -> datetime:
    """Naive UTC: the form every DateTimeField holds, on SQLite and PostgreSQL alike."""
    return now().replace(tzinfo=None)


def today() -> date:
    """Today's date in UTC, the day the data is kept in."""
    return utcnow().date()


def latest_today() -> date:
    """The latest calendar date anywhere, the server's zone or UTC: "in the future" raises no false alarm."""
    return max(now(None).date(), today())  # type: ignore[arg-type]  # None: the server's zone
