"""processed_events is pruned nightly: ids older than 7 days go, in batches; recent ones still dedupe."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_core.models import ProcessedEvent, SchedulerRun
from crm_core.inbound import claim_event
from workers.broker import bind_actors
from workers.scheduler import JOBS, enqueue_by_name, run_job

from .conftest import drain

NOW = datetime(2026, 11, 25, 3, 15)  # naive UTC
PRUNE = next(job for job in JOBS if job.name == "prune_processed_events")


@pytest.fixture
def events(database):
    ages = {"telegram": [1, 6, 8, 30], "slack": [0, 7.5, 9]}  # days
    for source, days in ages.items():
        for n, age in enumerate(days):
            ProcessedEvent.create(source=source, event_id=f"{source}-{n}", received_at=NOW - timedelta(days=age))


def remaining() -> set[str]:
    return {row.event_id for row in ProcessedEvent.select()}


def test_the_nightly_job_deletes_ids_older_than_a_week_and_keeps_recent_ones(events, stub_broker, stub_worker):
    import workers.actors.maintenance  # noqa: F401  (declares the actor on the stub broker)
    bind_actors(stub_broker)
    assert run_job(PRUNE, enqueue_by_name(stub_broker), ZoneInfo("UTC"), "test", now=NOW)
    drain(stub_broker, stub_worker)
    assert remaining() == {"telegram-0", "telegram-1", "slack-0"}
    assert SchedulerRun.get().status == "done"
    assert not claim_event("telegram", "telegram-1")  # a recent update is still deduplicated
    assert claim_event("telegram", "telegram-2")  # a pruned one is new again (Telegram gave it up long ago)


def test_pruning_works_in_batches_and_again_is_a_no_op(events):
    from workers.actors.maintenance import prune_events

    assert prune_events(NOW, batch=2) == 4
    assert prune_events(NOW, batch=2) == 0
    assert remaining() == {"telegram-0", "telegram-1", "slack-0"}


def test_the_job_runs_nightly_once_per_day(database):
    assert PRUNE.period is None and PRUNE.cron == {"hour": 3, "minute": 15}
    ran = []
    assert run_job(PRUNE, lambda name, kwargs: ran.append((name, kwargs)), ZoneInfo("UTC"), "a", now=NOW)
    assert not run_job(PRUNE, lambda name, kwargs: ran.append((name, kwargs)), ZoneInfo("UTC"), "b",
                       now=NOW + timedelta(minutes=1))
    assert ran == [("prune_processed_events", {"now_iso": NOW.isoformat()})]
