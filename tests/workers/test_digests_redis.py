"""Two schedulers on real Redis: each manager gets one digest, however many messages ask for it.

Two schedulers fire the digest job for the same minute (one wins the slot), and the job's message is
delivered twice more (a redelivery, a retry); worker threads on the Redis broker run them all at
once. Each subscription ends with exactly one outbox row for the day, and it is sent.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import dramatiq
import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.models import DigestSubscription, Outbox, User
import workers.actors.digests  # noqa: F401  (declares send_due_digests)
from workers.scheduler import JOBS, enqueue_by_name, run_job

pytestmark = pytest.mark.redis

SLOT = datetime(2026, 11, 25, 7, 0)  # 08:00 in Berlin, 07:00 in London, 02:00 in New York
DIGEST_JOB = next(job for job in JOBS if job.name == "send_due_digests")


@pytest.fixture
def managers(database):
    made = []
    for name, tz, at in (("Bea Berlin", "Europe/Berlin", "08:00"), ("Lou London", "Europe/London", "07:00"),
                         ("Ned York", "America/New_York", "02:00")):
        user = User.create(name=name, role="manager", email=f"{name.split()[0].lower()}@crm.example", timezone=tz)
        assert bus.handle(c.SubscribeDigest(at=at), user, now=SLOT - timedelta(hours=3)).kind == "digest_subscribed"
        made.append(user)
    return made


def test_two_schedulers_and_redelivered_messages_make_one_digest_each(redis_broker, managers, tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.setenv("CRM_DIGEST_DIR", str(tmp_path / "charts"))
    enqueue = enqueue_by_name(redis_broker)
    barrier = threading.Barrier(2)
    won = []

    def scheduler(owner: str, fired_at: datetime) -> None:
        barrier.wait()
        won.append(run_job(DIGEST_JOB, enqueue, ZoneInfo("UTC"), owner, now=fired_at))

    threads = [threading.Thread(target=scheduler, args=("host-a:1", SLOT - timedelta(milliseconds=200))),
               threading.Thread(target=scheduler, args=("host-b:2", SLOT + timedelta(milliseconds=300)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for _ in range(2):  # the same minute's message again: a redelivery after a crash, a retry
        enqueue("send_due_digests", {"now_iso": SLOT.isoformat()})
    worker = dramatiq.Worker(redis_broker, worker_threads=4, worker_timeout=100)
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while Outbox.select().where(Outbox.status == "sent").count() < len(managers):
            assert time.monotonic() < deadline, list(Outbox.select().dicts())
            time.sleep(0.1)
        redis_broker.join("default", timeout=30_000)
        redis_broker.join("outbox", timeout=30_000)
    finally:
        worker.stop()
    assert sorted(won) == [False, True]
    subscriptions = {s.user_id: s.id for s in DigestSubscription.select()}
    keys = sorted(row.key for row in Outbox.select())
    assert keys == sorted(f"digest:{subscriptions[m.id]}:2026-11-25" for m in managers)
    assert all(row.status == "sent" for row in Outbox.select())
    printed = capsys.readouterr().out  # the console "platform": each manager's digest printed once
    assert [printed.count(f"[to {m.name}] Digest for {m.name}") for m in managers] == [1, 1, 1]
    assert len(list((tmp_path / "charts").iterdir())) == len(managers)
