"""Scheduled jobs: one run per (job, time slot) however many schedulers fire it."""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_core.models import SchedulerRun
from workers import jobs as job_report
from workers.scheduler import JOBS, Job, build_scheduler, enqueue_by_name, run_job, slot_of

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
JOB = {job.name: job for job in JOBS}


class Recorder:
    def __init__(self):
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()

    def __call__(self, actor_name: str, kwargs: dict) -> None:
        with self.lock:
            self.calls.append((actor_name, kwargs))


def test_slots_are_the_fire_time_rounded_so_clock_skew_does_not_split_them():
    reminders = JOB["fire_due_reminders"]
    early, late = datetime(2026, 11, 25, 10, 0, 59, 600_000), datetime(2026, 11, 25, 10, 1, 0, 400_000)
    assert slot_of(reminders, early, UTC) == slot_of(reminders, late, UTC) == (
        "2026-11-25T10:01:00", datetime(2026, 11, 25, 10, 1))
    assert slot_of(JOB["sweep_outbox"], datetime(2026, 11, 25, 10, 0, 31), UTC)[0] == "2026-11-25T10:00:30"
    # nightly jobs: one slot per day in CRM_TIMEZONE (23:30 UTC is already the 26th in Berlin)
    assert slot_of(JOB["segment_customers"], datetime(2026, 11, 25, 23, 30), BERLIN)[0] == "2026-11-26"


def test_two_schedulers_firing_the_same_slot_run_it_once(database):
    enqueue = Recorder()
    job = JOB["fire_due_reminders"]
    barrier = threading.Barrier(2)
    results = {}

    def scheduler(owner: str, now: datetime) -> None:
        barrier.wait()
        results[owner] = run_job(job, enqueue, UTC, owner, now=now)

    threads = [threading.Thread(target=scheduler, args=("host-a:1", datetime(2026, 11, 25, 10, 0, 59, 900_000))),
               threading.Thread(target=scheduler, args=("host-b:2", datetime(2026, 11, 25, 10, 1, 0, 200_000)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [False, True]
    assert enqueue.calls == [("fire_due_reminders", {"now_iso": "2026-11-25T10:01:00"})]
    run = SchedulerRun.get()
    assert (run.job, run.slot, run.status) == ("fire_due_reminders", "2026-11-25T10:01:00", "done")
    assert run.claimed_by == next(owner for owner, won in results.items() if won)


def test_two_running_apschedulers_share_the_slots(database):
    enqueue = Recorder()
    tick = Job("tick", {"second": "*"}, timedelta(seconds=1))
    schedulers = [build_scheduler(enqueue, UTC, background=True, jobs=[tick], owner=f"s{i}") for i in range(2)]
    for scheduler in schedulers:
        scheduler.start()
    time.sleep(3.3)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)
    runs = list(SchedulerRun.select())
    assert len(enqueue.calls) == len(runs) >= 2
    assert len({run.slot for run in runs}) == len(runs)


def test_a_run_that_cannot_enqueue_is_recorded_as_failed_and_listed(database):
    def broken(actor_name, kwargs):
        raise ConnectionError("broker unreachable")

    assert run_job(JOB["sweep_outbox"], broken, UTC, "host-a:1", now=datetime(2026, 11, 25, 10, 0, 30))
    run = SchedulerRun.get()
    assert run.status == "failed" and "broker unreachable" in run.error
    assert [r.id for r in job_report.problems().runs] == [run.id]


def test_jobs_are_enqueued_by_actor_name_on_the_actors_queue(stub_broker):
    stub_broker.flush_all()
    enqueue_by_name(stub_broker)("sweep_outbox", {"pending_grace_seconds": 5})
    message = stub_broker.queues["default"].get_nowait()
    stub_broker.queues["default"].task_done()
    assert b'"sweep_outbox"' in message and b'"pending_grace_seconds":5' in message
    with pytest.raises(LookupError, match="no actor named 'no_such_job'"):
        enqueue_by_name(stub_broker)("no_such_job", {})


def test_the_real_schedule():
    scheduler = build_scheduler(Recorder(), BERLIN, background=True)
    triggers = {job.id: str(job.trigger) for job in scheduler.get_jobs()}
    assert triggers == {
        "fire_due_reminders": "cron[second='0']",
        "sweep_outbox": "cron[second='0,30']",
        "notify_outreach_progress": "cron[second='15,45']",
        "send_due_digests": "cron[second='0']",
        "segment_customers": "cron[hour='2', minute='0']",
        "score_customers": "cron[hour='2', minute='30']",
        "prune_processed_events": "cron[hour='3', minute='15']",
    }
