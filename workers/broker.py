"""The Dramatiq broker for BROKER_URL, and `setup()`: what every entrypoint calls once.

Redis. dramatiq's defaults bring a killed worker's messages back only after minutes: its unacked
messages return when a live worker runs queue maintenance and finds the dead one's heartbeat older
than `heartbeat_timeout` (default 60 s), and maintenance runs on 1 in 1,000 commands. Here:
  * HEARTBEAT_TIMEOUT_MS = 15 s. Each worker process heartbeats on every broker command, and an idle
    consumer polls every queue at least once a second, so a live worker is never 15 s silent unless all
    its threads hang longer than a send's timeout (10 s) with their prefetch full. A live worker wrongly
    taken for dead only causes a redelivery, which the outbox's claim turns into a no-op.
  * MAINTENANCE_CHANCE = 1,000,000 out of a million: every command of a live worker sweeps the dead
    workers' messages of its queue (two sorted-set range reads when nobody is dead), so they are back
    within 15 s + one poll (about a second) of the kill, well inside 30 s.
  * DEAD_MESSAGE_TTL_MS = 7 days: dead-lettered messages stay that long for inspection.
RabbitMQ gives unacked messages back as soon as the dead worker's connection drops.
Unset: an in-process StubBroker with a dramatiq Worker thread pool (`crm run`, `crm chat`): the same actors.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
import time

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Middleware, Retries, TimeLimit, default_middleware

from crm_core import bus
from crm_core.errors import ConfigError
from crm_core.settings import Settings
from workers import ratelimit

log = logging.getLogger(__name__)

HEARTBEAT_TIMEOUT_MS = 15_000
MAINTENANCE_CHANCE = 1_000_000
DEAD_MESSAGE_TTL_MS = 7 * 24 * 3600 * 1000
# An actor that raises is retried by the broker: 1 s, 2 s, 4 s ... up to 5 min between tries, 10 tries.
# (Sends don't raise: the outbox row keeps its own retry schedule. This is for a database outage.)
RETRY_SETTINGS = {"max_retries": 10, "min_backoff": 1_000, "max_backoff": 300_000}
TIME_LIMIT_MS = 10 * 60 * 1000
IN_PROCESS_THREADS = 4

ACTOR_MODULES = ("workers.actors.outbox", "workers.actors.reminders", "workers.actors.analytics",
                 "workers.actors.maintenance", "workers.actors.digests", "workers.actors.outreach")
# Modules that call workers.senders.register(...) on import; the ones that don't exist are skipped.
# CRM_SENDER_MODULES (comma-separated module names) adds more: plugins, the fakes of benches.
SENDER_MODULES = ("workers.http_sender", "bots.slack.senders", "bots.telegram.senders")

_in_process_worker: dramatiq.Worker | None = None


def middleware() -> list[Middleware]:
    made: list[Middleware] = []
    for cls in default_middleware:
        if cls is Retries:
            made.append(Retries(**RETRY_SETTINGS))
        elif cls is TimeLimit:
            made.append(TimeLimit(time_limit=TIME_LIMIT_MS))
        else:
            made.append(cls())
    return made


def make_broker(url: str | None) -> dramatiq.Broker:
    if not url:
        return StubBroker(middleware=middleware())
    if url.startswith(("redis://", "rediss://", "unix://")):
        from workers.redis_broker import ResilientRedisBroker
        return ResilientRedisBroker(url=url, middleware=middleware(), heartbeat_timeout=HEARTBEAT_TIMEOUT_MS,
                                    maintenance_chance=MAINTENANCE_CHANCE, dead_message_ttl=DEAD_MESSAGE_TTL_MS)
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker
        return RabbitmqBroker(url=url, middleware=middleware(), confirm_delivery=True)
    raise ConfigError(f"BROKER_URL {url!r} is neither redis:// nor amqp://",
                      hint="Use redis://host:6379/0 or amqp://user:pass@host:5672/, or unset it to work in-process.")


def setup(settings: Settings, *, in_process_threads: int = IN_PROCESS_THREADS) -> dramatiq.Broker:
    """Make the broker, bind the actors to it, and have committed outbox rows enqueued through it.
    With no BROKER_URL, also start the in-process worker (`in_process_threads=0`: don't)."""
    broker = make_broker(settings.broker_url)
    dramatiq.set_broker(broker)
    for name in ACTOR_MODULES + SENDER_MODULES:
        _import_if_present(name)
    for name in filter(None, (n.strip() for n in os.environ.get("CRM_SENDER_MODULES", "").split(","))):
        importlib.import_module(name)
    bind_actors(broker)
    if _is_redis(broker):  # one limiter for every worker process
        ratelimit.configure(ratelimit.RedisLimiter(broker.client))
    else:  # RabbitMQ: each worker process keeps its own limits (one worker process keeps them exactly)
        ratelimit.configure(ratelimit.InProcessLimiter())
    bus.configure(publish=publish_outbox_row)
    if isinstance(broker, StubBroker) and in_process_threads:
        start_in_process_worker(broker, in_process_threads)
    return broker


def _is_redis(broker: dramatiq.Broker) -> bool:
    if "dramatiq.brokers.redis" not in sys.modules:  # not imported: it can't be (and needn't be loaded)
        return False
    from dramatiq.brokers.redis import RedisBroker
    return isinstance(broker, RedisBroker)


def publish_outbox_row(row_id: int) -> None:
    from workers.actors.outbox import enqueue_send
    enqueue_send(row_id)


def bind_actors(broker: dramatiq.Broker) -> None:
    """Move actors declared on another broker (the import-time placeholder, an earlier setup) to `broker`."""
    for name in ACTOR_MODULES:
        module = sys.modules.get(name)
        for value in vars(module).values() if module else ():
            if isinstance(value, dramatiq.Actor) and value.broker is not broker:
                value.broker = broker
                broker.declare_actor(value)


def _import_if_present(name: str) -> None:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not name.startswith(exc.name):
            raise  # the module exists but something it imports does not


def start_in_process_worker(broker: dramatiq.Broker, threads: int = IN_PROCESS_THREADS) -> dramatiq.Worker:
    global _in_process_worker
    stop_in_process_worker()
    _in_process_worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    _in_process_worker.start()
    return _in_process_worker


def drain(timeout_seconds: float = 60.0) -> None:
    """Wait until the in-process queues are empty and their work done (delayed retries included);
    raises dramatiq.errors.QueueJoinTimeout when that takes longer than `timeout_seconds`."""
    broker = dramatiq.get_broker()
    if not isinstance(broker, StubBroker) or _in_process_worker is None:
        return
    deadline = time.monotonic() + timeout_seconds
    while True:  # work on one queue may enqueue work on another
        for queue_name in sorted(broker.get_declared_queues()):
            remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
            broker.join(queue_name, timeout=remaining_ms, fail_fast=False)
        _in_process_worker.join()
        if not any(queue.unfinished_tasks for queue in broker.queues.values()):
            return


def stop_in_process_worker() -> None:
    global _in_process_worker
    if _in_process_worker is not None:
        _in_process_worker.stop(timeout=10_000)
        _in_process_worker = None
