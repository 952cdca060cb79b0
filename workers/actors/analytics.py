"""Segmentation and scoring as Dramatiq actors (queue "analytics").

Both are idempotent: a run for a given as-of date recomputes from the orders and overwrites the same
values, so a redelivered or retried message does no harm. Data that cannot be segmented or scored
(AnalyticsError) is logged and not retried: retrying would fail the same way, and the previous
values stay in place. Anything else (the database is down) is retried a few times with backoff.
"""
from __future__ import annotations

import logging

import dramatiq

from crm_core import db
from crm_core.analytics import AnalyticsError
from crm_core.analytics.jobs import run_scoring, run_segmentation
from crm_core.settings import get_settings

log = logging.getLogger(__name__)

QUEUE = "analytics"
MAX_RETRIES = 2
TIME_LIMIT_MS = 30 * 60 * 1000  # a million customers take about a minute; leave room


def _bound_database():
    """The CRM database (bound from DATABASE_URL if the process has not bound one yet)."""
    if db.database.obj is None:
        db.init(get_settings().database_url)
    return db.database


@dramatiq.actor(queue_name=QUEUE, max_retries=MAX_RETRIES, min_backoff=10_000,
                time_limit=TIME_LIMIT_MS)
def segment_customers(as_of_iso: str | None = None, k: int | None = None) -> dict | None:
    """Segment the customers on purchases up to `as_of_iso` (YYYY-MM-DD; default today)."""
    database = _bound_database()
    try:
        with database.connection_context():
            report = run_segmentation(as_of_iso, k=k)
    except AnalyticsError as exc:
        log.warning("segmentation as of %s not done: %s", as_of_iso or "today", exc)
        return None
    log.info("segmented %d customers as of %s (%d moved)", report.n_customers, report.as_of,
             report.n_moved)
    return report.to_dict()


@dramatiq.actor(queue_name=QUEUE, max_retries=MAX_RETRIES, min_backoff=10_000,
                time_limit=TIME_LIMIT_MS)
def score_customers(as_of_iso: str | None = None) -> dict | None:
    """Score customers (BG/NBD, Gamma-Gamma) and open deals on data up to `as_of_iso`."""
    database = _bound_database()
    try:
        with database.connection_context():
            report = run_scoring(as_of_iso)
    except AnalyticsError as exc:
        log.warning("scoring as of %s not done: %s", as_of_iso or "today", exc)
        return None
    log.info("scored %d customers and %d deals as of %s", report.n_customers_scored,
             report.n_deals_scored, report.as_of)
    return report.to_dict()
