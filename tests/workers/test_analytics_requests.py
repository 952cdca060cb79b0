"""A manager's "rescore now" / "resegment" through the real path: the parser, the bus, the outbox, the analytics
queue on a StubBroker with a real dramatiq Worker, and the answer sent back; on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from peewee import fn

from crm_core import bus, clock, i18n
from crm_core.models import AnalyticsRequest, Customer, CustomerScore, ModelRun, Order, Outbox, User, utcnow
from crm_core.nlp_commands import parse
from crm_core.results import Notice, Rejected
from tests.integration.analytics_seed import clear_run_tables, seed_buyers
from workers.actors import analytics

from .conftest import FakeSender, drain, sender_for


@pytest.fixture
def console() -> Iterator[FakeSender]:
    """What the console would print to the asker (the "console." sender)."""
    sender = FakeSender()
    with sender_for("console.", sender):
        yield sender


@pytest.fixture
def manager(database) -> User:
    clear_run_tables()
    return User.create(name="Mona Manager", role="manager", email="mona@crm.example")


def say(text: str, user: User):
    command = parse(text, utcnow(), None).to_command()
    return bus.handle(command, user, channel="console")


def customers_with_orders() -> int:
    return Order.select(fn.COUNT(fn.DISTINCT(Order.customer))).scalar()


def test_rescore_now_runs_the_scoring_on_the_worker_and_answers_the_manager(stub_worker, stub_broker, manager,
                                                                          console):
    seed_buyers(60)
    assert CustomerScore.select().count() == 0
    started = say("rescore now", manager)
    assert isinstance(started, Notice) and "when it's done" in started.message
    drain(stub_broker, stub_worker)
    expected = customers_with_orders()
    assert CustomerScore.select().count() == expected
    [answer] = [p for p in console.payloads if p.get("type") == "analytics_done"]
    assert answer["user_id"] == manager.id and f"Rescored {expected:,} customers" in answer["text"]
    assert AnalyticsRequest.get().status == "done"


def test_resegment_answers_with_the_sizes_the_customers_table_holds(stub_worker, stub_broker, manager, console):
    seed_buyers(60)
    say("重新分群", manager)
    drain(stub_broker, stub_worker)
    sizes = dict(Customer.select(Customer.segment, fn.COUNT(Customer.id)).where(Customer.segment.is_null(False))
                 .group_by(Customer.segment).tuples())
    assert sum(sizes.values()) == customers_with_orders()
    [answer] = [p for p in console.payloads if p.get("type") == "analytics_done"]
    for segment, count in sizes.items():
        assert f"{segment.replace('_', ' ')}: {count:,}" in answer["text"]


def test_a_chinese_speaking_managers_rescore_that_cannot_run_is_explained_in_chinese(stub_worker, stub_broker,
                                                                                     manager, console):
    Order.delete().execute()
    with i18n.speaking(i18n.CHINESE):
        say("重新评分", manager)
    drain(stub_broker, stub_worker)
    [answer] = [p for p in console.payloads if p.get("type") == "analytics_done"]
    with i18n.speaking(i18n.CHINESE):
        day = i18n.long_date(clock.latest_today())
    assert answer["text"] == f"重新评分未完成：{day}及之前没有订单，没有可评分的数据。 之前的结果保持不变。"
    assert AnalyticsRequest.get().status == "failed" and CustomerScore.select().count() == 0


def test_a_rep_is_refused_and_nothing_is_queued(database):
    rep = User.create(name="Rita Rep", role="rep", email="rita@crm.example")
    refused = say("resegment", rep)
    assert isinstance(refused, Rejected) and refused.code == "forbidden" and "managers and admins" in refused.hint
    assert AnalyticsRequest.select().count() == 0 and Outbox.select().count() == 0


def test_a_second_request_while_one_runs_is_told_so_and_the_job_runs_once(stub_worker, stub_broker, manager,
                                                                          console):
    seed_buyers(40)
    admin = User.create(name="Ada Admin", role="admin", email="ada@crm.example")
    bus.configure(publish=None)  # the first request waits, as it would behind a busy worker
    say("update the scores", manager)
    again = say("rescore now", admin)
    assert isinstance(again, Notice) and "already running" in again.message and "Mona Manager" in again.message
    assert AnalyticsRequest.select().count() == 1
    [run] = Outbox.select().where(Outbox.kind == "analytics.run")
    request_id = AnalyticsRequest.get().id
    analytics.run_requested(request_id)
    analytics.run_requested(request_id)  # a redelivered message finds it done
    assert ModelRun.select().where((ModelRun.kind == "score") & (ModelRun.status == "succeeded")).count() == 1
    assert AnalyticsRequest.get().status == "done" and run.status == "pending"
    answers = Outbox.select().where(Outbox.key == f"analytics:{request_id}:answer")
    assert answers.count() == 1 and answers.get().kind == "console.message"
    assert isinstance(say("rescore now", admin), Notice) and AnalyticsRequest.select().count() == 2  # once done


def test_a_long_run_sends_a_progress_note_to_the_asker_at_most_every_few_seconds(database):
    boss = User.create(name="Mona Manager", role="manager", email="mona@crm.example", slack_user_id="UMONA")
    now = utcnow()
    request = AnalyticsRequest.create(kind="score", requested_by=boss, channel="slack", status="running",
                                      created_at=now, started_at=now, heartbeat_at=now)
    assert not analytics.note_progress(request, 1.0, 10.0, now)  # a short run: its answer only
    assert analytics.note_progress(request, 4 + analytics.PROGRESS_AFTER_SECONDS, 22.5, now)
    soon = now + timedelta(seconds=analytics.PROGRESS_EVERY_SECONDS / 2)
    assert not analytics.note_progress(request, 8 + analytics.PROGRESS_AFTER_SECONDS, 22.5, soon)
    [note] = Outbox.select()
    assert note.kind == "slack.dm" and '"user": "UMONA"' in note.payload
    percent = round(100 * (4 + analytics.PROGRESS_AFTER_SECONDS) / 22.5)
    assert f"Scoring {percent}%" in note.payload
    assert AnalyticsRequest.get_by_id(request.id).heartbeat_at == soon


def test_a_request_whose_worker_died_does_not_block_a_new_one(database):
    boss = User.create(name="Mona Manager", role="manager", email="mona@crm.example")
    long_ago = utcnow() - timedelta(hours=2)
    AnalyticsRequest.create(kind="segment", requested_by=boss, channel="console", status="running",
                            created_at=long_ago, started_at=long_ago, heartbeat_at=long_ago)
    assert "when it's done" in say("resegment", boss).message
    assert [r.status for r in AnalyticsRequest.select().order_by(AnalyticsRequest.id)] == ["failed", "pending"]
