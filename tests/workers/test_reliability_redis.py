"""Outreach on real Redis with `crm worker` processes: a kill -9 and a Redis outage lose no message.

Both tests send a real outreach (SendOutreach through the bus, its dispatch row, the "outreach" queue,
the Telegram sender) to a fake Bot API in this process, which counts the messages each chat gets.

kill -9: `crm worker` (the supervisor, two processes of eight threads) sends a 2,000-customer
outreach. When a quarter is out, one worker process gets SIGKILL. The supervisor starts a new one;
the messages the dead one had fetched (including the delayed ones it was holding for their turn)
come back through Redis within 30 s (heartbeat 15 s, maintenance on every command); the rows it was
sending at that instant stay `sending` or `delivering` until the sweeper looks at them.
What "exactly once" can mean here: the Bot API has no idempotency key, so for a row whose request
reached Telegram just before the kill (`delivering`), Telegram may have the message and we never
learned it. The sweeper sends a `sending` row again (the API never saw it) and reports a `delivering`
one as `uncertain` in `crm jobs`, never sending it blindly: no chat gets two messages, and a chat
without one is a chat whose row is listed as uncertain.

Redis outage: a private redis-server (no persistence, like a crashed cache) is stopped for 30 s in
the middle of a campaign and started again empty. Every queued message is gone; the outbox rows are
not. The sweeper (run here as `crm scheduler` runs it, with a short grace instead of its 2 minutes)
queues the rows again, and the claims make a second message for a row a no-op: every chat gets
exactly one.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import dramatiq
import pytest
import redis
from peewee import SqliteDatabase

from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Outbox, User, utcnow
from crm_core.results import OutreachQueued
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi
from workers.broker import make_broker

from ..conftest import require_service

pytestmark = [pytest.mark.redis, pytest.mark.slow]

REDIS_URL = "redis://127.0.0.1:6379/13"  # the kill test's own database: flushed at the start
KILL_CUSTOMERS = 2000
OUTAGE_CUSTOMERS = 300
THREADS = 8
RECOVERY_SECONDS = 30
OUTAGE_SECONDS = 30
SWEEP_EVERY = 15
FIRST_CHAT = 50_000
SWEEP = ("import sys; from crm_core import db; from crm_core.settings import get_settings; "
         "from workers.broker import setup; from workers.actors.outbox import sweep_and_enqueue; "
         "s = get_settings(); db.init(s.database_url); setup(s, in_process_threads=0); "
         "print(sweep_and_enqueue(float(sys.argv[1]), float(sys.argv[2])))")


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
    query = Outbox.select().where(Outbox.campaign_id.is_null(False))
    for condition in conditions:
        query = query.where(condition)
    return query.count()


def start_outreach(broker: dramatiq.Broker, customers: int) -> OutreachQueued:
    """`customers` opted-in customers on Telegram in at_risk, and a manager's outreach to them, published
    to `broker` as `crm run` or `crm slack` would."""
    now = utcnow()
    Customer.insert_many([{
        "name": f"Customer {i}", "name_norm": f"customer {i}", "segment": "at_risk", "is_lead": False,
        "telegram_user_id": FIRST_CHAT + i, "telegram_chat_id": FIRST_CHAT + i, "outreach_opt_in": True,
        "support_new_ticket": False, "created_at": now, "updated_at": now} for i in range(customers)]).execute()
    manager = User.create(name="Mona Manager", role="manager", email="mona@crm.example")
    bus.configure(publish=lambda row_id: broker.enqueue(dramatiq.Message(
        queue_name="outbox", actor_name="send_outbox", args=(row_id,), kwargs={}, options={})))
    try:
        result = bus.handle(c.SendOutreach(segment="at_risk", message="Hi {first_name}, all well?"), manager)
    finally:
        bus.configure(publish=None)
    assert isinstance(result, OutreachQueued) and result.recipients == customers
    return result


def worker_env(db, broker_url: str, api: FakeTelegramApi) -> dict[str, str]:
    return {**os.environ, "BROKER_URL": broker_url, "DATABASE_URL": database_url(db),
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": api.url}


def run_sweeper(env: dict[str, str], pending_grace_seconds: float, sending_timeout_seconds: float) -> int:
    done = subprocess.run([sys.executable, "-c", SWEEP, str(pending_grace_seconds), str(sending_timeout_seconds)],
                          env=env, capture_output=True, text=True, timeout=120, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def sweep_until_sent(env: dict[str, str], rows: int, timeout: float) -> int:
    """Run the sweeper as `crm scheduler` does, every SWEEP_EVERY s (with a grace that short instead of
    2 minutes), until all `rows` are sent; the number of rows it re-enqueued. The first run right away:
    Redis came back empty. Later runs catch what a worker dropped when its connection broke (a consumer
    that reconnects forgets the delayed messages it was holding)."""
    swept, start, grace = 0, time.monotonic(), 0.0
    while count(Outbox.status == "sent") < rows:
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout:.0f} s: {count(Outbox.status == 'sent')} of {rows} sent")
        swept += run_sweeper(env, pending_grace_seconds=grace, sending_timeout_seconds=OUTAGE_SECONDS)
        grace = SWEEP_EVERY
        time.sleep(SWEEP_EVERY)
    return swept


def per_chat(api: FakeTelegramApi) -> Counter:
    return Counter(p["chat_id"] for p in api.sent())


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


def start_workers(env: dict[str, str], cwd, processes: int, threads: int) -> tuple[subprocess.Popen, Log]:
    supervisor = subprocess.Popen(["crm", "worker", "--processes", str(processes), "--threads", str(threads)],
                                  env=env, cwd=cwd, start_new_session=True, stderr=subprocess.PIPE, text=True)
    return supervisor, Log(supervisor)


def stop_workers(supervisor: subprocess.Popen) -> None:
    os.killpg(supervisor.pid, signal.SIGTERM)
    supervisor.wait(timeout=60)


@pytest.mark.parametrize("database", ["postgres"], indirect=True)  # many processes at scale: PostgreSQL
def test_kill_9_of_a_worker_mid_outreach_loses_no_message(database, tmp_path):
    require_service("Redis", "127.0.0.1", 6379)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    broker = make_broker(REDIS_URL)  # only to enqueue: this process's actors stay where they are
    with FakeTelegramApi() as api:
        start_outreach(broker, KILL_CUSTOMERS)
        env = worker_env(database, REDIS_URL, api)
        supervisor, log = start_workers(env, tmp_path, 2, THREADS)
        try:
            wait_until(lambda: len(log.ready()) == 2 and len(api.sent()) >= KILL_CUSTOMERS // 4, 240,
                       "both worker processes to work through the first quarter")
            holding = {pid: sum(client.scard(f"dramatiq:__acks__.{broker_id}.{q}") for q in ("outreach", "outreach.DQ"))
                       for pid, broker_id in log.ready().items()}
            victim = max(holding, key=holding.get)
            assert holding[victim] > 0  # it holds outreach messages: the kill lands mid-work
            os.kill(victim, signal.SIGKILL)
            killed_at_count = len(api.sent())
            victim_acks = [f"dramatiq:__acks__.{log.ready()[victim]}.{q}" for q in ("outreach", "outreach.DQ")]
            came_back = wait_until(lambda: not client.exists(*victim_acks), RECOVERY_SECONDS,
                                   "Redis to give the dead worker's messages back")
            wait_until(lambda: count(Outbox.status == "pending") == 0
                       and count(Outbox.status == "sent") + len(_stuck()) == KILL_CUSTOMERS, 300,
                       "every row but the dead worker's half-sent ones to be sent")
            wait_until(lambda: len(log.ready()) == 3, 60, "the supervisor to start a process in the dead one's place")
            stuck = _stuck()
            assert len(stuck) <= THREADS  # only what the dead process was sending at the instant of the kill
            run_sweeper(env, pending_grace_seconds=60, sending_timeout_seconds=0)
            wait_until(lambda: count(Outbox.status == "sent") + count(Outbox.status == "uncertain") == KILL_CUSTOMERS,
                       60, "every row to be sent or reported uncertain")
        finally:
            stop_workers(supervisor)
        broker.close()
        received = per_chat(api)

    assert killed_at_count < KILL_CUSTOMERS
    assert max(received.values()) == 1  # nobody got a message twice
    uncertain = list(Outbox.select().where(Outbox.status == "uncertain"))
    uncertain_chats = {Customer.get_by_id(_customer_of(row)).telegram_chat_id for row in uncertain}
    left_out = {FIRST_CHAT + i for i in range(KILL_CUSTOMERS)} - set(received)
    assert left_out <= uncertain_chats  # a chat without its message is one `crm jobs` lists
    assert all("crm jobs --retry" in row.last_error for row in uncertain)
    print(f"\nkilled after {killed_at_count} sends; its fetched messages were back in {came_back:.1f} s; "
          f"{len(stuck)} rows were mid-send in it: {len(uncertain)} reported uncertain "
          f"({len(uncertain_chats & set(received))} of them had reached the API), 0 sent twice")


def _stuck() -> list[Outbox]:
    """Rows in flight for over 2 s: live workers finish a send in milliseconds, so their sender is dead."""
    return list(Outbox.select().where(Outbox.status.in_(["sending", "delivering"])
                                      & (Outbox.updated_at < utcnow() - timedelta(seconds=2))))


def _customer_of(row: Outbox) -> int:
    return int(row.key.rsplit(":", 1)[1])


# -- Redis stopped for 30 s ---------------------------------------------------------------------------
def test_redis_stopped_for_30_s_mid_outreach_loses_nothing_and_sends_nothing_twice(database, tmp_path, private_redis):
    broker = make_broker(private_redis.url)
    with FakeTelegramApi() as api:
        start_outreach(broker, OUTAGE_CUSTOMERS)
        env = worker_env(database, private_redis.url, api)
        supervisor, log = start_workers(env, tmp_path, 2, 4)
        try:
            wait_until(lambda: len(api.sent()) >= OUTAGE_CUSTOMERS // 4, 120, "the first quarter to be sent")
            private_redis.stop()
            sent_when_stopped = len(api.sent())
            time.sleep(OUTAGE_SECONDS)
            sent_during_outage = len(api.sent()) - sent_when_stopped
            private_redis.start()  # empty: every queued message is gone
            swept = sweep_until_sent(env, OUTAGE_CUSTOMERS, timeout=180)
        finally:
            stop_workers(supervisor)
        broker.close()
        received = per_chat(api)

    assert sent_when_stopped < OUTAGE_CUSTOMERS
    assert received == Counter({FIRST_CHAT + i: 1 for i in range(OUTAGE_CUSTOMERS)})  # each chat exactly once
    print(f"\nRedis stopped after {sent_when_stopped} sends for {OUTAGE_SECONDS} s ({sent_during_outage} went out "
          f"meanwhile); the sweeper queued {swept} rows again once it was back")
