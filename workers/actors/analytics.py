"""Segmentation and scoring as Dramatiq actors (queue "analytics").

Both are idempotent: a run for a given as-of date recomputes from the orders and overwrites the same
values, so a redelivered or retried message does no harm. Data that cannot be segmented or scored
(AnalyticsError) is logged and not retried: retrying would fail the same way, and the previous
values stay in place. Anything else (the database is down) is retried a few times with backoff.

`run_requested` runs a manager's "rescore now" / "resegment" (crm_core/services/analytics_requests.py): it claims
the request (a redelivered message finds it claimed and does nothing), beats a heartbeat while the job runs, sends
the asker a progress note on a long run (an estimate from the previous run's duration) and the answer when done,
each an outbox row addressed where they asked.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any

import dramatiq

from crm_core import db, i18n, outbox
from crm_core.analytics import AnalyticsError
from crm_core.analytics.jobs import run_scoring, run_segmentation
from crm_core.context import Context
from crm_core.models import AnalyticsRequest, User, utcnow
from crm_core.services import analytics_requests as requests
from crm_core.settings import get_settings
from workers import senders
from workers.actors.outbox import enqueue_committed
from workers.actors.reminders import notification_address

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


# -- on demand ----------------------------------------------------------------------------------------
HEARTBEAT_SECONDS = 1.0
CLAIM_STALE = timedelta(seconds=30)  # a running request this long without a heartbeat lost its worker
PROGRESS_AFTER_SECONDS = 5.0  # a shorter run gets only its answer
PROGRESS_EVERY_SECONDS = 15.0
MOST_SHOWN = 0.95  # an estimate never says 100% before the job is done


def start_requested(payload: dict[str, Any]) -> str:
    """The `analytics.run` sender: the request's job goes on the analytics queue."""
    run_requested.send(int(payload["request_id"]), payload.get("language"))
    return "queued"


senders.register(requests.RUN_KIND, start_requested)


@dramatiq.actor(queue_name=QUEUE, max_retries=MAX_RETRIES, min_backoff=10_000, time_limit=TIME_LIMIT_MS)
def run_requested(request_id: int, language: str | None = None) -> None:
    """Run the request's job and answer the asker (in `language`, else theirs)."""
    database = _bound_database()
    with database.connection_context():
        request = claim(request_id, utcnow())
        if request is None:
            return
        usual = requests.usual_seconds(request.kind)
        language = language or i18n.language_for(User.get_by_id(request.requested_by_id).language)
    beat = Heartbeat(request, usual, language)
    beat.start()
    try:
        with database.connection_context(), i18n.speaking(language):
            status, answer = _run_job(request.kind, beat)
    except BaseException:
        with database.connection_context():  # retried by dramatiq: the retry claims it again
            AnalyticsRequest.update(status="pending").where(AnalyticsRequest.id == request_id).execute()
        raise
    finally:
        beat.stop()
    with database.connection_context():
        finish(request, status, answer)


def _run_job(kind: str, beat: Heartbeat) -> tuple[str, str]:
    """The job's status and what the asker is told."""
    try:
        if kind == "score":
            return "done", requests.scored_answer(run_scoring().to_dict(), beat.elapsed())
        return "done", requests.segmented_answer(run_segmentation().to_dict(), beat.elapsed())
    except AnalyticsError as exc:
        return "failed", requests.failed_answer(kind, exc.message)


def claim(request_id: int, now: datetime) -> AnalyticsRequest | None:
    """The request, now running; None when it is done, failed or being run by a live worker."""
    taken = AnalyticsRequest.update(status="running", started_at=now, heartbeat_at=now, progress=0.0).where(
        (AnalyticsRequest.id == request_id) & ((AnalyticsRequest.status == "pending") | (
            (AnalyticsRequest.status == "running") & (AnalyticsRequest.heartbeat_at < now - CLAIM_STALE)))).execute()
    return AnalyticsRequest.get_by_id(request_id) if taken else None


def finish(request: AnalyticsRequest, status: str, answer: str) -> None:
    now = utcnow()
    AnalyticsRequest.update(status=status, finished_at=now, progress=1.0, answer=answer).where(
        AnalyticsRequest.id == request.id).execute()
    tell(request, f"analytics:{request.id}:answer", "analytics_done", answer, now)


def tell(request: AnalyticsRequest, key: str, kind: str, text: str, now: datetime) -> None:
    """An outbox row to the asker where they asked (else where their reminders go), sent at once."""
    asker = User.get_by_id(request.requested_by_id)
    asker.notify_via = request.channel  # not saved: this answer goes back where the question came from
    via, address = notification_address(asker)
    ctx = Context(user=asker, channel="system", now=now)
    outbox.add(ctx, via, key, {**address, "type": kind, "request_id": request.id, "to_user_id": asker.id,
                               "to_name": asker.name, "language": asker.language, "text": text})
    enqueue_committed(ctx.published)


def note_progress(request: AnalyticsRequest, elapsed: float, usual: float | None, now: datetime,
                  language: str | None = None) -> bool:
    """Beat the heartbeat; past PROGRESS_AFTER_SECONDS, and PROGRESS_EVERY_SECONDS after the last note, tell the
    asker how far it is. True when a note went out."""
    fraction = min(MOST_SHOWN, elapsed / usual) if usual else None
    AnalyticsRequest.update(heartbeat_at=now, progress=fraction or 0.0).where(
        (AnalyticsRequest.id == request.id) & (AnalyticsRequest.status == "running")).execute()
    last = AnalyticsRequest.select(AnalyticsRequest.noticed_at).where(AnalyticsRequest.id == request.id).scalar()
    if elapsed < PROGRESS_AFTER_SECONDS or (last is not None and (now - last).total_seconds() < PROGRESS_EVERY_SECONDS):
        return False
    AnalyticsRequest.update(noticed_at=now).where(AnalyticsRequest.id == request.id).execute()
    with i18n.speaking(language):
        text = requests.progress_note(request.kind, elapsed, fraction)
    tell(request, f"analytics:{request.id}:progress:{int(elapsed)}", "analytics_progress", text, now)
    return True


class Heartbeat:
    """While the job runs: a heartbeat every second and the progress notes, from a thread of its own."""

    def __init__(self, request: AnalyticsRequest, usual: float | None, language: str):
        self.request, self.usual, self.language = request, usual, language
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"analytics-request-{request.id}", daemon=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_SECONDS):
            try:
                with _bound_database().connection_context():
                    note_progress(self.request, self.elapsed(), self.usual, utcnow(), self.language)
            except Exception:  # noqa: BLE001 - a missed beat (the job holds SQLite's write lock) is harmless
                log.debug("analytics request %s: heartbeat skipped", self.request.id, exc_info=True)
