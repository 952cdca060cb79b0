"""A StubBroker with a real dramatiq Worker, and a FakeSender that scripts what the platform answers."""
from __future__ import annotations

import importlib
import itertools
import json
import os
import shutil
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dramatiq
import pytest
import redis
from playhouse.pool import PooledDatabase

from crm_core import bus
from crm_core import db as crm_db
from crm_core.models import Outbox, User, utcnow
from workers import ratelimit, senders
from workers.broker import ACTOR_MODULES, bind_actors, make_broker, middleware, publish_outbox_row

from ..conftest import REDIS_URL, require_service
from .private_redis import PrivateRedis


class FakeSender:
    """Records every send; answers from `script` (an exception instance is raised), then succeeds."""

    def __init__(self, *script: Exception | str, delay: float = 0.0):
        self.script: deque[Exception | str] = deque(script)
        self.delay = delay
        self.calls: list[tuple[float, dict[str, Any]]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def __call__(self, payload: dict[str, Any]) -> str:
        with self._lock:
            self.calls.append((time.monotonic(), payload))
            answer = self.script.popleft() if self.script else "ok"
            message_id = f"fake-{next(self._ids)}"
        if self.delay:
            time.sleep(self.delay)
        if isinstance(answer, Exception):
            raise answer
        return message_id

    @property
    def payloads(self) -> list[dict[str, Any]]:
        return [payload for _, payload in self.calls]


@pytest.fixture(autouse=True)
def close_pooled_connections() -> Iterator[None]:
    """Worker threads return their PostgreSQL connections to the test's pool: close them after each test
    (torn down last, after the database fixture has handed back its own)."""
    yield
    if isinstance(crm_db.database.obj, PooledDatabase):
        crm_db.database.obj.close_idle()


@pytest.fixture(scope="session")
def stub_broker() -> dramatiq.Broker:
    broker = make_broker(None)
    dramatiq.set_broker(broker)
    # Every actor, and so every queue, before any Worker starts: a queue declared later also gets a
    # consumer in each stopped Worker of earlier tests (their middleware stays on the broker), and that
    # consumer swallows the queue's messages.
    for name in ACTOR_MODULES:
        importlib.import_module(name)
    bind_actors(broker)
    return broker


@pytest.fixture
def stub_worker(stub_broker, database) -> Iterator[dramatiq.Worker]:
    """Four worker threads on the StubBroker, the database fixture bound; queues empty before and after."""
    stub_broker.flush_all()
    ratelimit.configure(ratelimit.InProcessLimiter())
    bus.configure(publish=publish_outbox_row)
    worker = dramatiq.Worker(stub_broker, worker_threads=4, worker_timeout=50)
    worker.start()
    yield worker
    worker.stop()
    stub_broker.flush_all()
    bus.configure(publish=None)


def drain(broker: dramatiq.Broker, worker: dramatiq.Worker, timeout_ms: int = 20_000) -> None:
    for _ in range(3):  # work can enqueue more work on another queue
        for queue in sorted(broker.get_declared_queues()):
            broker.join(queue, timeout=timeout_ms, fail_fast=False)
        worker.join()


@contextmanager
def sender_for(prefix: str, sender: senders.Sender) -> Iterator[None]:
    """`sender` for `prefix` for a while; then whatever was registered before (a front-end's) again."""
    before = senders._senders.get(prefix)
    senders.register(prefix, sender)
    try:
        yield
    finally:
        senders.unregister(prefix)
        if before is not None:
            senders.register(prefix, before)


@pytest.fixture
def fake() -> Iterator[FakeSender]:
    sender = FakeSender()
    with sender_for("fake.", sender):
        yield sender


@pytest.fixture
def rep(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example")


def make_row(key: str, kind: str = "fake.message", **payload: Any) -> Outbox:
    now = utcnow()
    return Outbox.create(kind=kind, key=key, payload=json.dumps(payload or {"text": key}), next_attempt_at=now,
                         created_at=now, updated_at=now)


def reload(row: Outbox) -> Outbox:
    return Outbox.get_by_id(row.id)


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (CI=true: a missing service is a failure)")
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_broker(stub_broker) -> Iterator[dramatiq.Broker]:
    """A RedisBroker on the real Redis in a namespace of its own; the actors go back to the StubBroker afterwards."""
    require_service("Redis", "127.0.0.1", 6379)
    from dramatiq.brokers.redis import RedisBroker

    namespace = f"workers-test-{uuid.uuid4().hex[:8]}"
    broker = RedisBroker(url=REDIS_URL, namespace=namespace, middleware=middleware())
    bind_actors(broker)
    ratelimit.configure(ratelimit.InProcessLimiter())
    yield broker
    bind_actors(stub_broker)
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{namespace}*"):
        client.delete(key)
    broker.close()
