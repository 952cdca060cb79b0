"""The analytics actors on a StubBroker with a real dramatiq Worker, on SQLite and PostgreSQL."""
from __future__ import annotations

import importlib
from collections.abc import Iterator

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker

from crm_core.models import ModelRun, SegmentChange
from crm_core.models import Customer
from tests.integration.analytics_seed import AS_OF, add_customers, clear_run_tables, seed_buyers, stored_values

QUEUE = "analytics"


@pytest.fixture
def analytics(database) -> Iterator[tuple[StubBroker, object]]:
    """A StubBroker set before the actors module is imported (and the actors bound to it, should
    another test have imported the module first), a Worker on it, and the actors module."""
    previous = dramatiq.get_broker()
    broker = StubBroker()
    broker.emit_after("process_boot")
    dramatiq.set_broker(broker)
    actors = importlib.import_module("workers.actors.analytics")
    for actor in (actors.segment_customers, actors.score_customers):
        if actor.broker is not broker:
            actor.broker = broker
            broker.declare_actor(actor)
    clear_run_tables()
    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=50)
    worker.start()
    yield broker, actors
    worker.stop()
    broker.flush_all()
    dramatiq.set_broker(previous)


def run_all(broker: StubBroker) -> None:
    broker.join(QUEUE, timeout=120_000, fail_fast=True)


def test_the_actors_use_the_analytics_queue_with_few_retries(analytics):
    _, actors = analytics
    for actor in (actors.segment_customers, actors.score_customers):
        assert actor.queue_name == QUEUE and actor.options["max_retries"] <= 3


def test_segmenting_twice_for_the_same_date_gives_the_same_segments_and_no_moves(analytics):
    broker, actors = analytics
    ids = seed_buyers(80)
    actors.segment_customers.send(as_of_iso=AS_OF.isoformat())
    run_all(broker)
    first = {c.id: c.segment for c in Customer.select()}
    assert all(first[i] for i in ids)
    assert SegmentChange.select().count() == len(ids)
    actors.segment_customers.send(as_of_iso=AS_OF.isoformat())
    run_all(broker)
    assert {c.id: c.segment for c in Customer.select()} == first
    assert SegmentChange.select().count() == len(ids)  # the second run moved nobody
    assert [r.status for r in ModelRun.select().order_by(ModelRun.id)] == ["succeeded", "succeeded"]


def test_scoring_twice_for_the_same_date_overwrites_the_same_scores(analytics):
    broker, actors = analytics
    seed_buyers(80)
    actors.score_customers.send(AS_OF.isoformat())
    run_all(broker)
    first = {k: v[2:6] for k, v in stored_values().items()}
    assert all(v[0] is not None for v in first.values())
    actors.score_customers.send(AS_OF.isoformat())
    run_all(broker)
    again = {k: v[2:6] for k, v in stored_values().items()}
    assert again.keys() == first.keys()
    for key, values in first.items():
        assert again[key][:3] == pytest.approx(values[:3], rel=1e-9) and again[key][3] == values[3]


def test_data_that_cannot_be_scored_is_logged_once_not_retried(analytics):
    broker, actors = analytics
    add_customers(["Nobody Bought"])
    actors.score_customers.send(AS_OF.isoformat())
    actors.segment_customers.send(AS_OF.isoformat())
    run_all(broker)  # fail_fast: an actor that raised would surface here
    runs = list(ModelRun.select().order_by(ModelRun.id))
    assert sorted(r.kind for r in runs) == ["score", "segment"] and {r.status for r in runs} == {"failed"}
    assert all("No orders" in r.error for r in runs)
    assert broker.dead_letters == []
