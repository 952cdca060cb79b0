"""Outreach through the real path: the bus, the outbox, the "outreach" queue, the Telegram sender, a fake
Bot API. On a StubBroker with a real dramatiq Worker, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import dramatiq
import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Outbox, OutreachCampaign, Ticket, User, utcnow
from crm_core.names import normalize_name
from crm_core.results import OutreachProgress, OutreachQueued
from crm_core.services import linking
from crm_core.settings import get_settings
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi
from workers.actors.outbox import enqueue_send, sweep_and_enqueue
from workers.broker import bind_actors

from .conftest import drain

FIRST_CHAT = 10_000


@pytest.fixture
def tg(monkeypatch) -> Iterator[FakeTelegramApi]:
    with FakeTelegramApi() as api:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", api.url)
        get_settings.cache_clear()
        yield api
    get_settings.cache_clear()


@pytest.fixture
def outreach_broker(stub_broker) -> dramatiq.Broker:
    import bots.telegram.senders  # noqa: F401  (the "telegram." sender)
    import workers.actors.outreach  # noqa: F401  (its actors and senders)
    bind_actors(stub_broker)
    return stub_broker


@pytest.fixture
def worker(outreach_broker, stub_worker) -> dramatiq.Worker:
    return stub_worker


@pytest.fixture
def manager(database) -> User:
    return User.create(name="Mona Manager", role="manager", email="mona@crm.example")


def audience(count: int, segment: str = "at_risk") -> list[Customer]:
    return [Customer.create(name=f"Customer {i}", name_norm=normalize_name(f"Customer {i}"), segment=segment,
                            telegram_user_id=FIRST_CHAT + i, telegram_chat_id=FIRST_CHAT + i) for i in range(count)]


def busiest_second(times: list[float]) -> int:
    """The most sends in any window of one second (sliding, not calendar seconds)."""
    times, most, start = sorted(times), 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def send_times(api: FakeTelegramApi) -> list[float]:
    return [call.at for call in api.calls if call.method == "sendMessage"]


def test_every_opted_in_customer_gets_one_message_no_more_than_25_a_second(worker, stub_broker, tg, manager):
    people = audience(80)
    Customer.update(outreach_opt_in=False).where(Customer.id == people[0].id).execute()
    result = bus.handle(c.SendOutreach(segment="at_risk", message="Hi {first_name}, all well?"), manager)
    assert isinstance(result, OutreachQueued) and result.recipients == 79
    drain(stub_broker, worker, timeout_ms=60_000)
    chats = [p["chat_id"] for p in tg.sent()]
    assert sorted(chats) == [FIRST_CHAT + i for i in range(1, 80)]  # each once; the opted-out one never
    assert tg.sent(FIRST_CHAT + 1)[0]["text"] == "Hi Customer, all well?"
    times = sorted(send_times(tg))
    # Slots are taken at 25 a second; a loaded machine can still bunch a few requests on their way to the API, so at
    # the API the bound is Telegram's own 30 a second, and the pace over the whole run is 25 a second.
    assert busiest_second(times) <= 30 and times[-1] - times[0] >= (len(times) - 25) / 25
    progress = bus.handle(c.ShowOutreach(), manager)
    assert isinstance(progress, OutreachProgress) and (progress.sent, progress.failed, progress.waiting) == (79, 0, 0)


def test_an_answer_to_a_customer_goes_ahead_of_outreach_that_is_due(worker, stub_broker, tg, manager):
    """200 outreach messages all due at once (say, back after an outage): an agent's answer still goes
    out among the first, not after the 8 s the outreach needs at 25 a second."""
    from workers.actors.outreach import send_outreach_row

    bus.configure(publish=None)
    audience(200)
    bus.handle(c.SendOutreach(segment="at_risk", message="Hi"), manager)
    Outbox.update(next_attempt_at=utcnow() - timedelta(seconds=1)).where(Outbox.campaign_id.is_null(False)).execute()
    for row in Outbox.select(Outbox.id).where(Outbox.campaign_id.is_null(False)):
        send_outreach_row.send(row.id)
    tg.wait_for("sendMessage", count=5, timeout=30)
    asker = Customer.create(name="Asker", name_norm="asker", telegram_user_id=777, telegram_chat_id=777)
    Ticket.create(number=1001, customer=asker.id, subject="Where is my order?")
    bus.handle(c.ReplyToTicket(ticket=1001, body="On its way"), manager)
    enqueue_send(Outbox.get(Outbox.kind == "telegram.message").id)
    tg.wait_for("sendMessage", chat_id=777, timeout=30)
    outreach_before_answer = next(i for i, p in enumerate(tg.sent()) if p["chat_id"] == 777)
    assert outreach_before_answer < 50
    drain(stub_broker, worker, timeout_ms=60_000)
    assert len(tg.sent()) == 201


def test_a_stop_after_queueing_wins_over_the_send(worker, stub_broker, tg, manager):
    bus.configure(publish=None)  # queued, not yet dispatched
    people = audience(10)
    bus.handle(c.SendOutreach(segment="at_risk", message="Hi"), manager)
    stopped, changed_meanwhile = people[3], people[7]
    bus.handle(c.SetOutreachOptIn(opt_in=False, telegram_user_id=stopped.telegram_user_id,
                                  chat_id=stopped.telegram_chat_id), linking.gateway_user(), channel="telegram")
    Customer.update(outreach_opt_in=False).where(Customer.id == changed_meanwhile.id).execute()  # its row is pending
    enqueue_send(Outbox.get(Outbox.kind == "outreach.dispatch").id)
    drain(stub_broker, worker, timeout_ms=30_000)
    chats = {p["chat_id"] for p in tg.sent()}
    assert stopped.telegram_chat_id not in chats and changed_meanwhile.telegram_chat_id not in chats
    assert len(chats) == 8
    failed = Outbox.select().where(Outbox.status == "failed")
    assert {json.loads(r.payload)["customer_id"]: r.last_error for r in failed} == {
        stopped.id: "opted out", changed_meanwhile.id: "opted out"}
    assert bus.handle(c.ShowOutreach(), manager).message.endswith("8 / 10 sent, 2 failed (opted out) — done.")


def test_a_blocked_bot_fails_that_row_only_and_shows_in_progress(worker, stub_broker, tg, manager):
    people = audience(5)
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=people[2].telegram_chat_id)
    bus.handle(c.SendOutreach(segment="at_risk", message="Hi"), manager)
    drain(stub_broker, worker, timeout_ms=30_000)
    assert "4 / 5 sent, 1 failed (bot blocked)" in bus.handle(c.ShowOutreach(), manager).message


def test_rows_whose_messages_were_lost_are_swept_back_onto_the_outreach_queue(worker, stub_broker, tg, manager):
    bus.configure(publish=None)  # the dispatch message never reaches a broker: as if Redis lost it
    audience(30)
    bus.handle(c.SendOutreach(segment="at_risk", message="Hi"), manager)
    worker.pause()
    Outbox.update(updated_at=utcnow() - timedelta(minutes=5), next_attempt_at=utcnow() - timedelta(minutes=5)) \
        .execute()
    assert sweep_and_enqueue(pending_grace_seconds=60) == 31  # 30 sends and the dispatch row
    queued_for_outreach = stub_broker.queues["outreach"].qsize() + stub_broker.queues["outreach.DQ"].qsize()
    assert queued_for_outreach >= 30
    worker.resume()
    drain(stub_broker, worker, timeout_ms=30_000)
    assert sorted(p["chat_id"] for p in tg.sent()) == [FIRST_CHAT + i for i in range(30)]  # once each


def test_the_manager_gets_progress_notices_each_tenth_and_when_done(database, manager):
    from workers.actors.outreach import notify_progress

    audience(20)
    campaign_id = bus.handle(c.SendOutreach(segment="at_risk", message="Hi"), manager).campaign_id
    rows = [r.id for r in Outbox.select(Outbox.id).where(Outbox.campaign_id == campaign_id).order_by(Outbox.id)]
    notices = Outbox.select().where(Outbox.kind == "console.message").order_by(Outbox.id)
    assert notify_progress(utcnow()) == 0  # nothing done yet
    Outbox.update(status="sent").where(Outbox.id.in_(rows[:2])).execute()
    assert notify_progress(utcnow()) == 1
    Outbox.update(status="sent").where(Outbox.id == rows[2]).execute()
    assert notify_progress(utcnow()) == 0  # less than another tenth since the last notice
    Outbox.update(status="failed", last_error="Telegram 403: Forbidden: bot was blocked by the user") \
        .where(Outbox.id == rows[3]).execute()
    Outbox.update(status="sent").where(Outbox.id.in_(rows[4:])).execute()
    assert notify_progress(utcnow()) == 1
    assert notify_progress(utcnow()) == 0  # done is said once
    texts = [json.loads(n.payload)["text"] for n in notices]
    assert texts == [f"Outreach #{campaign_id} to at risk: 2 / 20 sent, 18 waiting",
                     f"Outreach #{campaign_id} to at risk: 19 / 20 sent, 1 failed (bot blocked) — done."]
    assert json.loads(notices[0].payload)["user_id"] == manager.id  # the manager's notification address
    assert OutreachCampaign.get_by_id(campaign_id).finished_at is not None
