"""kill -9 a worker process in the middle of 2,000 sends on real Redis: nothing is lost.

`crm worker` (the supervisor, two processes of eight threads) sends 2,000 outbox rows, one per chat,
to a local fake chat API. When about a quarter are out, one worker process gets SIGKILL. The
supervisor starts a new one; the messages the dead one had fetched come back through Redis within
30 s (heartbeat 15 s, maintenance on every command); the rows it was sending at that instant stay
`sending` until the sweeper releases them.

What "exactly once" can mean here: the Bot API has no idempotency key, so for a row whose request
reached the platform just before the kill, the platform has the message and we never learned it.
The sweeper sends such a row again (never losing one that did not arrive), so a chat may get a
second message only if its row was in flight in the killed process (at most its 8 threads). Every
other chat gets exactly one, and no chat gets none.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import dramatiq
import pytest
import redis
from peewee import SqliteDatabase

from crm_core.models import Outbox, utcnow
from workers.actors.outbox import sweep
from workers.broker import make_broker

from ..conftest import require_service
from .fake_api import FakeChatApi

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/13"  # this test's own database: flushed at the start
MESSAGES = 2000
THREADS = 8
RECOVERY_SECONDS = 30


def database_url(db) -> str:
    if isinstance(db, SqliteDatabase):
        return f"sqlite:///{db.database}"
    schema = db.connect_params["options"].split("=", 1)[1]
    return f"postgresql://postgres@127.0.0.1:5432/{db.database}?options=-csearch_path%3D{schema}"


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)
    return time.monotonic() - start


def count(*conditions) -> int:
    query = Outbox.select()
    for condition in conditions:
        query = query.where(condition)
    return query.count()


def enqueue(broker: dramatiq.Broker, row_ids: list[int]) -> None:
    for row_id in row_ids:
        broker.enqueue(dramatiq.Message(queue_name="outbox", actor_name="send_outbox", args=(row_id,), kwargs={},
                                        options={}))


def test_kill_9_of_a_worker_mid_run_loses_no_message(database, tmp_path):
    require_service("Redis", "127.0.0.1", 6379)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    broker = make_broker(REDIS_URL)  # only to enqueue: this process's actors stay where they are
    with FakeChatApi(latency=0.005) as api:
        now = utcnow()
        Outbox.insert_many([{
            "kind": "http.post", "key": f"outreach:1:{chat}", "next_attempt_at": now, "created_at": now,
            "updated_at": now, "payload": json.dumps({"url": api.url, "json": {"chat_id": chat, "text": "Hi"}}),
        } for chat in range(MESSAGES)]).execute()
        enqueue(broker, [row.id for row in Outbox.select(Outbox.id)])

        env = {**os.environ, "BROKER_URL": REDIS_URL, "DATABASE_URL": database_url(database)}
        supervisor = subprocess.Popen(["crm", "worker", "--processes", "2", "--threads", str(THREADS)], env=env,
                                      cwd=tmp_path, start_new_session=True, stderr=subprocess.PIPE, text=True)
        log = Log(supervisor)
        try:
            wait_until(lambda: len(log.ready()) == 2 and api.total >= MESSAGES // 4, 180,
                       "both worker processes to work through the first quarter")
            victim, victim_id = next(iter(log.ready().items()))
            fetched_by_victim = f"dramatiq:__acks__.{victim_id}.outbox"
            assert client.scard(fetched_by_victim) > 0  # it holds messages: the kill lands mid-work
            os.kill(victim, signal.SIGKILL)
            killed_at_count = api.total
            came_back = wait_until(lambda: not client.exists(fetched_by_victim), RECOVERY_SECONDS,
                                   "Redis to give the dead worker's messages back")
            wait_until(lambda: count(Outbox.status == "pending") == 0
                       and count(Outbox.status == "sent") + len(_stuck()) == MESSAGES, 180,
                       "every row but the dead worker's half-sent ones to be sent")
            wait_until(lambda: len(log.ready()) == 3, 60, "the supervisor to start a process in the dead one's place")
            stuck = _stuck()
            assert len(stuck) <= THREADS  # only what the dead process was sending at the instant of the kill
            enqueue(broker, sweep(utcnow(), pending_grace_seconds=60, sending_timeout_seconds=0))
            wait_until(lambda: count(Outbox.status == "sent") == MESSAGES, 60, "every row to be sent")
        finally:
            os.killpg(supervisor.pid, signal.SIGTERM)
            supervisor.wait(timeout=60)
        broker.close()

    assert killed_at_count < MESSAGES
    assert set(api.per_chat) == set(range(MESSAGES))  # nobody was left out
    twice = {chat for chat, n in api.per_chat.items() if n > 1}
    assert max(api.per_chat.values()) <= 2
    assert twice <= {json.loads(row.payload)["json"]["chat_id"] for row in stuck}
    print(f"\nkilled after {killed_at_count} sends; its fetched messages were back in {came_back:.1f} s; "
          f"{len(stuck)} rows were mid-send in it, {len(twice)} of them had reached the API and went twice")


class Log:
    """The supervisor's stderr, read as it comes: which worker processes said they are ready."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stderr:
            self.lines.append(line)

    def ready(self) -> dict[int, str]:
        found = (re.search(r"worker process (\d+) ready: .* \(broker id ([0-9a-f-]+)\)", line) for line in self.lines)
        return {int(m[1]): m[2] for m in found if m}


def _stuck() -> list[Outbox]:
    """Rows `sending` for over 2 s: live workers finish a send in milliseconds, so their sender is dead."""
    return list(Outbox.select().where((Outbox.status == "sending")
                                      & (Outbox.updated_at < utcnow() - timedelta(seconds=2))))
