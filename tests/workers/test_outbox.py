"""The outbox actor on a StubBroker with a real dramatiq Worker, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import threading
from datetime import timedelta

from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Outbox, Ticket, utcnow
from crm_core.names import normalize_name
from workers import jobs
from workers.actors import outbox as actor
from workers.actors.outbox import deliver, send_outbox, sweep, sweep_and_enqueue
from workers.senders import PermanentFailure, RetryLater

from .conftest import drain, make_row, reload, sender_for


def test_a_row_is_claimed_sent_and_marked_with_the_platform_id(stub_broker, stub_worker, fake):
    row = make_row("greeting:1", text="hello")
    send_outbox.send(row.id)
    drain(stub_broker, stub_worker)
    row = reload(row)
    assert (row.status, row.platform_message_id, row.attempts, row.last_error) == ("sent", "fake-1", 1, None)
    assert row.sent_at is not None
    assert fake.payloads == [{"text": "hello"}]


def test_a_service_writing_an_outbox_row_gets_it_sent_after_commit(stub_broker, stub_worker, rep):
    replies: list[dict] = []
    with sender_for("telegram.", lambda payload: replies.append(payload) or "tg-7"):
        customer = Customer.create(name="Acme", name_norm=normalize_name("Acme"), telegram_chat_id=4242)
        Ticket.create(number=1001, customer=customer.id, subject="Broken")
        bus.handle(c.ReplyToTicket(ticket=1001, body="We're on it"), rep)
        drain(stub_broker, stub_worker)
    row = Outbox.get()
    assert (row.kind, row.status, row.platform_message_id) == ("telegram.message", "sent", "tg-7")
    assert [(p["chat_id"], p["text"]) for p in replies] == [(4242, "We're on it")]


def test_retry_after_is_honoured_and_not_counted_as_an_attempt(stub_broker, stub_worker, fake):
    fake.script.append(RetryLater(0.4, "429 Too Many Requests"))
    row = make_row("flood:1")
    send_outbox.send(row.id)
    drain(stub_broker, stub_worker)
    row = reload(row)
    assert (row.status, row.attempts) == ("sent", 1)
    (first, _), (second, _) = fake.calls
    assert second - first >= 0.4


def test_a_long_retry_after_leaves_the_row_pending_until_then(database, fake):
    fake.script.append(RetryLater(120, "flood control"))
    row = make_row("flood:2")
    outcome = deliver(row.id)
    assert (outcome.status, outcome.retry_in) == ("retry", 120)
    row = reload(row)
    assert (row.status, row.attempts) == ("pending", 0)
    assert timedelta(seconds=118) < row.next_attempt_at - utcnow() <= timedelta(seconds=120)
    assert "flood control" in row.last_error
    early = deliver(row.id)  # a duplicate message, or the sweeper, before the wait is over
    assert early.status == "not_due" and 118 < early.retry_in <= 120
    assert len(fake.calls) == 1


def test_a_permanent_failure_marks_the_row_failed_with_the_reason_and_never_retries(stub_broker, stub_worker, fake):
    fake.script.append(PermanentFailure("Forbidden: bot was blocked by the user"))
    row = make_row("blocked:1")
    send_outbox.send(row.id)
    drain(stub_broker, stub_worker)
    send_outbox.send(row.id)  # a late duplicate changes nothing
    drain(stub_broker, stub_worker)
    row = reload(row)
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "Forbidden: bot was blocked by the user")
    assert len(fake.calls) == 1


def test_other_errors_back_off_exponentially_then_fail(database, fake):
    fake.script.extend([RuntimeError("connection reset"), RuntimeError("connection reset")])
    row = make_row("flaky:1")
    assert deliver(row.id).status == "retry"
    row = reload(row)
    assert (row.status, row.attempts) == ("pending", 1)
    assert "RuntimeError: connection reset" in row.last_error
    first_wait = (row.next_attempt_at - utcnow()).total_seconds()
    assert 8.5 < first_wait <= 11
    assert deliver(row.id).status == "not_due"
    Outbox.update(next_attempt_at=utcnow() - timedelta(seconds=1)).where(Outbox.id == row.id).execute()
    deliver(row.id)
    second_wait = (reload(row).next_attempt_at - utcnow()).total_seconds()
    assert 17 < second_wait <= 22
    fake.script.append(RuntimeError("still down"))
    Outbox.update(attempts=actor.MAX_ATTEMPTS - 1, next_attempt_at=utcnow()).where(Outbox.id == row.id).execute()
    assert deliver(row.id).status == "failed"
    row = reload(row)
    assert row.status == "failed" and f"gave up after {actor.MAX_ATTEMPTS} attempts" in row.last_error
    assert len(fake.calls) == 3


def test_a_message_delivered_many_times_sends_once(stub_broker, stub_worker, fake):
    fake.delay = 0.2  # the duplicates arrive while the first send is under way
    row = make_row("dup:1")
    for _ in range(6):
        send_outbox.send(row.id)
    drain(stub_broker, stub_worker)
    assert len(fake.calls) == 1
    assert reload(row).status == "sent"


def test_concurrent_deliveries_of_one_row_send_once(database, fake):
    fake.delay = 0.1
    row = make_row("dup:2")
    threads = [threading.Thread(target=deliver, args=(row.id,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fake.calls) == 1 and reload(row).status == "sent"


def test_the_sweeper_resends_rows_a_dead_worker_left_and_rows_whose_message_was_lost(stub_broker, stub_worker, fake):
    long_ago = utcnow() - timedelta(minutes=30)
    stuck = make_row("stuck:1")
    Outbox.update(status="sending", attempts=1, updated_at=long_ago).where(Outbox.id == stuck.id).execute()
    lost = make_row("lost:1")
    Outbox.update(next_attempt_at=long_ago, updated_at=long_ago).where(Outbox.id == lost.id).execute()
    fresh = make_row("fresh:1")  # its message is on its way: not the sweeper's business
    hopeless = make_row("hopeless:1")
    Outbox.update(status="sending", attempts=actor.MAX_ATTEMPTS, updated_at=long_ago).where(
        Outbox.id == hopeless.id).execute()
    assert sweep_and_enqueue() == 2
    drain(stub_broker, stub_worker)
    assert {p["text"] for p in fake.payloads} == {"stuck:1", "lost:1"}
    assert (reload(stuck).status, reload(stuck).attempts) == ("sent", 2)
    assert reload(lost).status == "sent"
    assert reload(fresh).status == "pending"
    hopeless = reload(hopeless)
    assert hopeless.status == "failed" and "stopped while sending" in hopeless.last_error


def test_a_swept_row_is_not_swept_again_before_its_grace_is_over(database, fake):
    long_ago = utcnow() - timedelta(minutes=30)
    lost = make_row("lost:2")
    Outbox.update(next_attempt_at=long_ago, updated_at=long_ago).where(Outbox.id == lost.id).execute()
    now = utcnow()
    assert sweep(now, 120, 300) == [lost.id]
    assert sweep(now + timedelta(seconds=60), 120, 300) == []
    assert sweep(now + timedelta(seconds=121), 120, 300) == [lost.id]


def test_telegram_sends_keep_to_one_a_second_per_chat_and_are_not_dropped(stub_broker, stub_worker, fake):
    with sender_for("telegram.test", fake):
        rows = [make_row(f"chat7:{i}", kind="telegram.test", chat_id=7, text=str(i)) for i in range(3)]
        other = make_row("chat8:0", kind="telegram.test", chat_id=8, text="other")
        for row in [*rows, other]:
            send_outbox.send(row.id)
        drain(stub_broker, stub_worker)
    assert all(reload(row).status == "sent" for row in [*rows, other])
    times = sorted(t for t, payload in fake.calls if payload["chat_id"] == 7)
    assert len(times) == 3
    assert all(b - a >= 1.0 for a, b in zip(times, times[1:]))


def test_a_payload_that_is_not_json_fails_without_sending(database, fake):
    row = make_row("bad:1")
    Outbox.update(payload="{not json").where(Outbox.id == row.id).execute()
    assert deliver(row.id).status == "failed"
    assert "not JSON" in reload(row).last_error and fake.calls == []


def test_a_kind_without_a_sender_here_is_retried_not_lost(database):
    row = make_row("nobody:1", kind="carrier-pigeon.message")
    assert deliver(row.id).status == "retry"
    row = reload(row)
    assert row.status == "pending" and "no sender for 'carrier-pigeon.message'" in row.last_error
    assert json.loads(row.payload) == {"text": "nobody:1"}


def test_a_row_a_worker_died_delivering_is_reported_uncertain_not_sent_again(stub_broker, stub_worker, fake):
    long_ago = utcnow() - timedelta(minutes=30)
    handed_over = make_row("handed:1")  # the platform had it when the worker died: it may have reached them
    Outbox.update(status="delivering", attempts=1, updated_at=long_ago).where(Outbox.id == handed_over.id).execute()
    never_sent = make_row("claimed:1")  # claimed, but the worker died before the send: safe to send
    Outbox.update(status="sending", attempts=1, updated_at=long_ago).where(Outbox.id == never_sent.id).execute()
    assert sweep_and_enqueue() == 1
    drain(stub_broker, stub_worker)
    assert [p["text"] for p in fake.payloads] == ["claimed:1"]
    uncertain = reload(handed_over)
    assert uncertain.status == "uncertain"
    assert f"crm jobs --retry {uncertain.id}" in uncertain.last_error
    assert [row.id for row in jobs.problems().stuck] == [uncertain.id]
    assert sweep_and_enqueue() == 0  # and the next sweeps leave it alone
    jobs.retry(uncertain.id)  # a person decided: send it again
    send_outbox.send(uncertain.id)
    drain(stub_broker, stub_worker)
    assert [p["text"] for p in fake.payloads] == ["claimed:1", "handed:1"]
    assert reload(handed_over).status == "sent"


def test_a_send_is_marked_delivering_while_the_platform_has_it(database):
    seen = []

    def sender(payload):
        seen.append(Outbox.get_by_id(row.id).status)
        return "m1"

    row = make_row("watched:1", kind="watched.message")
    with sender_for("watched.", sender):
        assert deliver(row.id).status == "sent"
    assert seen == ["delivering"]
