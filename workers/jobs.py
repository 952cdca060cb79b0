"""What `crm jobs` shows and does: failed and stuck outbox rows and scheduler runs; retrying rows by hand."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crm_core.errors import Conflict, NotFound
from crm_core.models import Outbox, SchedulerRun, utcnow
from workers.actors.outbox import PENDING_GRACE_SECONDS, SENDING_TIMEOUT_SECONDS

RUN_STUCK_AFTER = timedelta(hours=1)
LIST_LIMIT = 50


@dataclass(frozen=True)
class Problems:
    failed: list[Outbox]
    stuck: list[Outbox]
    runs: list[SchedulerRun]


def stuck_condition(now: datetime):
    sending_since = now - timedelta(seconds=SENDING_TIMEOUT_SECONDS)
    late_since = now - timedelta(seconds=PENDING_GRACE_SECONDS)
    return ((Outbox.status.in_(["sending", "delivering"]) & (Outbox.updated_at < sending_since))
            | (Outbox.status == "uncertain")  # a worker died mid-delivery, or no answer came: a person decides
            | ((Outbox.status == "pending") & (Outbox.next_attempt_at < late_since)))


def problems(now: datetime | None = None, limit: int = LIST_LIMIT) -> Problems:
    now = now or utcnow()
    failed = list(Outbox.select().where(Outbox.status == "failed").order_by(Outbox.updated_at.desc()).limit(limit))
    stuck = list(Outbox.select().where(stuck_condition(now)).order_by(Outbox.id).limit(limit))
    runs = list(SchedulerRun.select().where(
        (SchedulerRun.status == "failed")
        | ((SchedulerRun.status == "running") & (SchedulerRun.started_at < now - RUN_STUCK_AFTER))
    ).order_by(SchedulerRun.started_at.desc()).limit(limit))
    return Problems(failed, stuck, runs)


def retry(row_id: int, now: datetime | None = None) -> Outbox:
    """Make a failed or stuck row pending again, due now, with a fresh count of attempts."""
    now = now or utcnow()
    row = Outbox.get_or_none(Outbox.id == row_id)
    if row is None:
        raise NotFound(f"There is no outbox row {row_id}.", hint="`crm jobs` lists the failed and stuck ones.")
    retryable = (Outbox.status == "failed") | stuck_condition(now)
    done = Outbox.update(status="pending", attempts=0, next_attempt_at=now, updated_at=now).where(
        (Outbox.id == row_id) & retryable).execute()
    if not done:
        raise Conflict(f"Outbox row {row_id} is {row.status}, neither failed nor stuck; nothing to retry.")
    return Outbox.get_by_id(row_id)


def retry_all_failed(now: datetime | None = None) -> list[int]:
    now = now or utcnow()
    ids = [row.id for row in Outbox.select(Outbox.id).where(Outbox.status == "failed")]
    Outbox.update(status="pending", attempts=0, next_attempt_at=now, updated_at=now).where(
        Outbox.status == "failed").execute()  # one failing meanwhile is swept later
    return ids
