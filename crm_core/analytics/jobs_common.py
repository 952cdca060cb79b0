"""What the segmentation and scoring jobs share: the cut-off date, step timings, failed-run records."""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from crm_core import clock
from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _
from crm_core.analytics.jobs_tables import record_run
from crm_core.db import database
from crm_core.models import utcnow

log = logging.getLogger(__name__)


def today() -> dt.date:
    """The latest calendar date anywhere (local or UTC), as the importer counts it."""
    return clock.latest_today()


def resolve_as_of(as_of: dt.date | dt.datetime | str | None) -> dt.date:
    """The cut-off date: given (a date, or an ISO date string) or today."""
    if as_of is None:
        return today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise AnalyticsError(_("The as-of date {day!r} is not a date.").format(day=as_of),
                             _("Give it as YYYY-MM-DD.")) from None


class Timings(dict):
    """Seconds per step ("read", "compute", "write"), filled by `with timings.step(name):`."""

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[name] = round(self.get(name, 0.0) + time.perf_counter() - start, 3)

    @property
    def total(self) -> float:
        return round(sum(self.values()), 3)


@contextmanager
def failures_recorded(kind: str, as_of: dt.date, params: dict) -> Iterator[None]:
    """Record a run that raised AnalyticsError as a failed run, then let the error through.

    The job writes in one transaction only after everything is computed, so a failure leaves the
    previous segments and scores in place; this row only says that the run was tried and why it
    did not write.
    """
    started = utcnow()
    try:
        yield
    except AnalyticsError as exc:
        try:
            with database.atomic():
                record_run(kind, as_of, started, utcnow(), "failed", params, error=str(exc))
        except Exception:  # noqa: BLE001 - the data error is the one to report
            log.exception("could not record the failed %s run", kind)
        raise
