"""The broker for each BROKER_URL, `setup()` for the in-process case, and the rate limiters."""
from __future__ import annotations

import time

import dramatiq
import pytest
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries

from crm_core import bus
from crm_core import commands as c
from crm_core.errors import ConfigError
from crm_core.models import Customer, Outbox, Ticket, User
from crm_core.names import normalize_name
from crm_core.settings import Settings
from workers import broker as broker_module
from workers import ratelimit, senders
from workers.ratelimit import WINDOW_SECONDS, InProcessLimiter, RedisLimiter

from ..conftest import RABBITMQ_URL, require_service
from .conftest import sender_for

REDIS_URL = "redis://127.0.0.1:6379/14"


def test_redis_gives_a_killed_workers_messages_back_within_30_seconds():
    broker = broker_module.make_broker(REDIS_URL)
    assert isinstance(broker, RedisBroker)
    assert broker.heartbeat_timeout == 15_000 and broker.maintenance_chance == 1_000_000
    retries = next(m for m in broker.middleware if isinstance(m, Retries))
    assert (retries.max_retries, retries.min_backoff, retries.max_backoff) == (10, 1_000, 300_000)
    broker.close()


def test_no_url_is_in_process_and_a_strange_one_is_a_clear_error():
    assert isinstance(broker_module.make_broker(None), StubBroker)
    with pytest.raises(ConfigError, match="neither redis:// nor amqp://"):
        broker_module.make_broker("kafka://localhost")


def test_in_process_setup_sends_what_a_service_writes(stub_broker, sqlite_database, capsys):
    user = User.create(name="Ada Admin", role="admin")
    customer = Customer.create(name="Acme", name_norm=normalize_name("Acme"), telegram_chat_id=99)
    Ticket.create(number=1001, customer=customer.id, subject="Broken")
    try:
        broker = broker_module.setup(Settings(), in_process_threads=2)  # imports the front-ends' senders
        assert isinstance(broker, StubBroker) and broker is not stub_broker
        with sender_for("telegram.", senders.print_to_console):
            bus.handle(c.ReplyToTicket(ticket=1001, body="Fixed now"), user)
            broker_module.drain(timeout_seconds=20)
    finally:
        broker_module.stop_in_process_worker()
        broker_module.bind_actors(stub_broker)
        dramatiq.set_broker(stub_broker)
        bus.configure(publish=None)
    assert Outbox.get().status == "sent"
    assert "[to 99] Fixed now" in capsys.readouterr().out


def test_with_redis_every_worker_process_shares_one_rate_limit(stub_broker):
    """Telegram's 30 a second is for the whole bot: worker processes must count against one limit."""
    require_service("Redis", "127.0.0.1", 6379)
    try:
        broker = broker_module.setup(Settings(broker_url=REDIS_URL), in_process_threads=0)
        assert isinstance(ratelimit.current(), RedisLimiter)
        broker.close()
    finally:
        broker_module.bind_actors(stub_broker)
        dramatiq.set_broker(stub_broker)
        ratelimit.configure(InProcessLimiter())
        bus.configure(publish=None)


def test_rabbitmq_url_gives_a_working_rabbitmq_broker():
    require_service("RabbitMQ", "127.0.0.1", 5672)
    broker = broker_module.make_broker(RABBITMQ_URL)
    seen = []
    queue = "crm_test_broker"

    @dramatiq.actor(broker=broker, queue_name=queue, actor_name=queue)
    def note(value: int) -> None:
        seen.append(value)

    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        note.send(7)
        broker.join(queue, timeout=20_000)
        worker.join()
    finally:
        worker.stop()
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            broker.channel.queue_delete(name)
        broker.close()
    assert seen == [7]


@pytest.fixture(params=["in-process", "redis"])
def limiter(request):
    if request.param == "in-process":
        return InProcessLimiter()
    require_service("Redis", "127.0.0.1", 6379)
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    return RedisLimiter(client)


def test_the_limiter_allows_the_limit_then_says_how_long_to_wait(limiter):
    rules = [("telegram", 30, WINDOW_SECONDS)]
    assert all(limiter.try_acquire(rules).granted for _ in range(30))
    verdict = limiter.try_acquire(rules)
    assert not verdict.granted and verdict.key == "telegram" and 0.9 < verdict.wait <= WINDOW_SECONDS + 0.01
    time.sleep(verdict.wait)
    assert limiter.try_acquire(rules).granted


def test_a_chat_limit_takes_no_overall_slot_when_it_says_no(limiter):
    limit = senders.TELEGRAM_LIMIT
    first = ratelimit.rules_for(limit, {"chat_id": 5})
    assert first == [("telegram", 30, WINDOW_SECONDS), ("telegram:chat:5", 1, WINDOW_SECONDS)]
    assert limiter.try_acquire(first).granted
    refused = limiter.try_acquire(first)
    assert not refused.granted and refused.key == "telegram:chat:5"
    for chat in range(6, 35):  # 29 other chats fill the overall limit exactly: the refusal took nothing
        assert limiter.try_acquire(ratelimit.rules_for(limit, {"chat_id": chat})).granted
    assert limiter.try_acquire(ratelimit.rules_for(limit, {"chat_id": 99})).key == "telegram"
