"""`crm scheduler`: an APScheduler 3.x clock that enqueues actor messages by name.

Due reminders and digests every minute, the outbox sweeper every 30 s, segmentation and scoring nightly (in
CRM_TIMEZONE). Before it enqueues anything, a run inserts (job, time slot) into `scheduler_runs`,
whose unique index lets only one of several schedulers have each slot. Slots are the fire time
rounded to the nearest period (or the local date, nightly), so schedulers whose clocks or start-up
differ by less than half a period agree on them.
"""
from __future__ import annotations

import calendar
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import dramatiq
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from dramatiq.errors import ActorNotFound
from peewee import IntegrityError

from crm_core.db import database
from crm_core.models import SchedulerRun, utcnow

log = logging.getLogger(__name__)

Enqueue = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True)
class Job:
    name: str  # also the actor's name
    cron: dict[str, Any]  # CronTrigger fields
    period: timedelta | None  # slot width; None: one slot per local day
    kwargs: Callable[[datetime], dict[str, Any]] = field(default=lambda slot_time: {})
    grace_seconds: int = 30  # a run this late (process paused, clock jump) still happens


JOBS = (
    Job("fire_due_reminders", {"second": 0}, timedelta(minutes=1), lambda t: {"now_iso": t.isoformat()}),
    Job("sweep_outbox", {"second": "0,30"}, timedelta(seconds=30)),
    Job("notify_outreach_progress", {"second": "15,45"}, timedelta(seconds=30)),
    Job("send_due_digests", {"second": 0}, timedelta(minutes=1), lambda t: {"now_iso": t.isoformat()}),
    Job("segment_customers", {"hour": 2, "minute": 0}, None, grace_seconds=3600),
    Job("score_customers", {"hour": 2, "minute": 30}, None, grace_seconds=3600),
    Job("prune_processed_events", {"hour": 3, "minute": 15}, None, lambda t: {"now_iso": t.isoformat()},
        grace_seconds=3600),
)


def slot_of(job: Job, now: datetime, tz: ZoneInfo) -> tuple[str, datetime]:
    """The slot a run at `now` (naive UTC) belongs to, as its key and its time (naive UTC)."""
    if job.period is None:
        local_day = now.replace(tzinfo=timezone.utc).astimezone(tz).date()
        return local_day.isoformat(), now
    period = job.period.total_seconds()
    seconds = calendar.timegm(now.timetuple()) + now.microsecond / 1e6
    slot_time = datetime(1970, 1, 1) + timedelta(seconds=round(seconds / period) * period)
    return slot_time.isoformat(timespec="seconds"), slot_time


def claim_run(job_name: str, slot: str, owner: str) -> int | None:
    """The new run's id, or None when another scheduler has this slot already."""
    try:
        with database.atomic():
            return SchedulerRun.create(job=job_name, slot=slot, claimed_by=owner[:128], started_at=utcnow()).id
    except IntegrityError:
        return None


def run_job(job: Job, enqueue: Enqueue, tz: ZoneInfo, owner: str, now: datetime | None = None) -> bool:
    """Claim this slot and enqueue the job's actor; False when the slot was someone else's."""
    slot, slot_time = slot_of(job, now or utcnow(), tz)
    with database.connection_context():
        run_id = claim_run(job.name, slot, owner)
        if run_id is None:
            log.info("%s %s: another scheduler has it", job.name, slot)
            return False
        status, error = "done", None
        try:
            enqueue(job.name, job.kwargs(slot_time))
        except Exception as exc:  # noqa: BLE001 - recorded on the run; `crm jobs` lists it
            status, error = "failed", f"{type(exc).__name__}: {exc}"[:2000]
            log.exception("%s %s failed to enqueue", job.name, slot)
        SchedulerRun.update(status=status, error=error, finished_at=utcnow()).where(SchedulerRun.id == run_id).execute()
    return True


def enqueue_by_name(broker: dramatiq.Broker) -> Enqueue:
    """Enqueue a message for an actor by its name (the actor may live in a module we don't import)."""
    def enqueue(actor_name: str, kwargs: dict[str, Any]) -> None:
        try:
            queue_name = broker.get_actor(actor_name).queue_name
        except ActorNotFound:
            raise LookupError(f"no actor named {actor_name!r} in this install") from None
        broker.enqueue(dramatiq.Message(queue_name=queue_name, actor_name=actor_name, args=(), kwargs=kwargs,
                                        options={}))
    return enqueue


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def build_scheduler(enqueue: Enqueue, tz: ZoneInfo, *, background: bool = False, jobs: Sequence[Job] = JOBS,
                    owner: str | None = None) -> BaseScheduler:
    """A scheduler with the jobs (a BackgroundScheduler for `crm run`, else a BlockingScheduler)."""
    scheduler: BaseScheduler = BackgroundScheduler(timezone=tz) if background else BlockingScheduler(timezone=tz)
    owner = owner or owner_name()
    for job in jobs:
        scheduler.add_job(run_job, CronTrigger(timezone=tz, **job.cron), args=(job, enqueue, tz, owner),
                          id=job.name, name=job.name, misfire_grace_time=job.grace_seconds, coalesce=True,
                          max_instances=1)
    return scheduler


def serve(settings: Any) -> int:
    """`crm scheduler`: run until SIGTERM or Ctrl-C."""
    import signal

    from crm_core import db as crm_db
    from crm_core.errors import ConfigError
    from workers.broker import setup

    if not settings.broker_url:
        raise ConfigError("crm scheduler needs BROKER_URL (redis://... or amqp://...) to hand its jobs to workers.",
                          hint="Without a broker, `crm run` runs the scheduler and a worker in one process.")
    crm_db.init(settings.database_url)
    broker = setup(settings, in_process_threads=0)
    scheduler = build_scheduler(enqueue_by_name(broker), settings.tz)

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    log.warning("scheduler %s started: %s", owner_name(), ", ".join(job.name for job in JOBS))
    try:
        scheduler.start()
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=False)
    return 0
