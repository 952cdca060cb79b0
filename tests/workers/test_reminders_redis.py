"""A weekly reminder on real Redis fires exactly once per occurrence across scheduler restarts and the end of
summer time (issue 15, done-when): the scheduler that fired Monday's minute is restarted (a new process claims
the same minute, then the next one), the same minute's message is delivered again, and worker threads on the
Redis broker run them all. Berlin's 09:00 is 07:00 UTC before 2026-10-25 and 08:00 UTC after."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import dramatiq
import pytest

import workers.actors.reminders  # noqa: F401  (declares fire_due_reminders)
from crm_core.models import Outbox, Reminder, User
from workers.scheduler import JOBS, enqueue_by_name, run_job

pytestmark = pytest.mark.redis

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_BEFORE = datetime(2026, 10, 19, 7, 0)  # Mon 09:00 CEST, naive UTC
MONDAY_AFTER = datetime(2026, 10, 26, 8, 0)  # Mon 09:00 CET, naive UTC
FIRE = next(job for job in JOBS if job.name == "fire_due_reminders")


def test_a_weekly_reminder_fires_once_per_occurrence_across_restarts_and_the_end_of_summer_time(redis_broker,
                                                                                                 database, capsys):
    bea = User.create(name="Bea Berg", role="rep", email="bea@crm.example", timezone="Europe/Berlin")
    Reminder.create(user=bea, text="send the weekly report", due_at=MONDAY_BEFORE, recurrence="FREQ=WEEKLY;BYDAY=MO")
    enqueue = enqueue_by_name(redis_broker)
    worker = dramatiq.Worker(redis_broker, worker_threads=4, worker_timeout=100)
    worker.start()

    def scheduler(owner: str, at: datetime) -> bool:
        """One scheduler process's run of the reminder job at `at`, its messages then all handled."""
        won = run_job(FIRE, enqueue, BERLIN, owner, now=at)
        redis_broker.join("default", timeout=30_000)
        redis_broker.join("outbox", timeout=30_000)
        return won

    try:
        runs = [scheduler("host-a:1", MONDAY_BEFORE),
                scheduler("host-a:2", MONDAY_BEFORE + timedelta(seconds=20)),  # restarted within the minute
                scheduler("host-a:2", MONDAY_BEFORE + timedelta(minutes=1))]  # and its next minute
        enqueue("fire_due_reminders", {"now_iso": MONDAY_BEFORE.isoformat()})  # the minute's message again
        runs += [scheduler("host-a:2", MONDAY_AFTER - timedelta(hours=1)),  # 07:00 UTC: 08:00 Berlin now, not 09:00
                 scheduler("host-a:2", MONDAY_AFTER),
                 scheduler("host-a:3", MONDAY_AFTER + timedelta(seconds=20)),  # restarted again
                 scheduler("host-a:3", MONDAY_AFTER + timedelta(minutes=1))]
        enqueue("fire_due_reminders", {"now_iso": MONDAY_AFTER.isoformat()})
        redis_broker.join("default", timeout=30_000)
        redis_broker.join("outbox", timeout=30_000)
    finally:
        worker.stop()
    assert runs == [True, False, True, True, True, False, True]
    fired = [json.loads(row.payload)["due_at"] for row in Outbox.select().order_by(Outbox.id)]
    assert fired == [MONDAY_BEFORE.isoformat(), MONDAY_AFTER.isoformat()]
    assert all(row.status == "sent" for row in Outbox.select())
    assert capsys.readouterr().out.count("[to Bea Berg] Reminder: send the weekly report") == 2
    [next_one] = Reminder.select().where(Reminder.status == "pending")
    assert (next_one.due_at, next_one.recurrence) == (datetime(2026, 11, 2, 8, 0), "FREQ=WEEKLY;BYDAY=MO")
