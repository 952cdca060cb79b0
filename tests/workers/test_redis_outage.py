"""A Redis outage while a worker holds delayed messages: once Redis is back, delayed work runs again.

Outreach paces its sends as delayed messages, which a worker's `*.DQ` consumer holds until they are due.
With dramatiq's own Redis broker that consumer meets a raw Redis error when Redis goes away under it,
and its thread dies: the worker looks alive, but no delayed message ever runs again.
"""
from __future__ import annotations

import time

import dramatiq
import pytest

from workers.broker import make_broker

pytestmark = pytest.mark.redis

HELD = 3000  # due one every 3 ms: the consumer is moving due ones to their queue when Redis stops


def test_delayed_messages_run_again_after_redis_comes_back(private_redis):
    broker = make_broker(private_redis.url)
    ran: set[int] = set()

    @dramatiq.actor(broker=broker, queue_name="outage_test", max_retries=0)
    def record(n: int) -> None:
        ran.add(n)

    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        for n in range(HELD):
            record.send_with_options(args=(n,), delay=500 + n * 3)
        time.sleep(2)
        private_redis.stop()
        time.sleep(5)
        private_redis.start()  # empty, as after a crash: what it held is the outbox sweeper's to bring back
        record.send_with_options(args=(-1,), delay=300)
        deadline = time.monotonic() + 20
        while -1 not in ran and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = {queue: thread.is_alive() for queue, thread in worker.consumers.items()}
    finally:
        worker.stop(timeout=2000)
        broker.close()
    assert alive == {"outage_test": True, "outage_test.DQ": True}
    assert -1 in ran
