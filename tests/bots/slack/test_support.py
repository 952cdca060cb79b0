"""The support channel: a card per ticket event threaded per ticket; agents answer from the thread."""
from __future__ import annotations

import json
import threading

import pytest

from bots.slack import senders
from crm_core import ticket_threads
from crm_core.models import Customer, Outbox, Reminder, SlackTicketThread, Ticket, TicketMessage, utcnow
from crm_core.names import normalize_name
from tests.bots.slack.conftest import SUPPORT, button_named, fired_reminder_dm, text_of
from workers import ratelimit
from workers.actors.outbox import deliver
from workers.senders import RetryLater, sender_for

AGENT_REPLY_TS = "1700000900.000900"


@pytest.fixture
def ticket(slack):
    customer = Customer.create(name="Pied Piper", name_norm=normalize_name("Pied Piper"), telegram_chat_id=4242,
                               telegram_user_id=4242)
    return Ticket.create(number=1001, customer=customer, subject="Can't log in", channel="telegram")


def event_payload(ticket: Ticket, event: str, body: str, attachments=()) -> dict:
    return {"ticket": ticket.number, "event": event, "customer": ticket.customer.name, "subject": ticket.subject,
            "body": body, "attachments": list(attachments)}


def outbox_row(message_id: int, payload: dict) -> Outbox:
    """A row as the Telegram side writes it (the payload contract)."""
    now = utcnow()
    return Outbox.create(kind="slack.support", key=f"slack-support:{message_id}", payload=json.dumps(payload),
                         next_attempt_at=now, created_at=now, updated_at=now)


def test_cards_of_one_ticket_share_a_thread(slack, ticket, sender_client):
    ratelimit.configure(ratelimit.InProcessLimiter())
    first = outbox_row(1, event_payload(ticket, "ticket_opened", "I can't log in since this morning",
                                        [{"name": "screenshot.png", "size": 48213, "kind": "photo"}]))
    second = outbox_row(2, event_payload(ticket, "customer_message", "Still broken <script>"))
    assert sender_for("slack.support") is senders.send_support
    assert deliver(first.id).status == "sent"
    assert deliver(second.id).status == "sent"
    opened, follow_up = slack.api.of("chat.postMessage")
    assert opened.args["channel"] == SUPPORT and "thread_ts" not in opened.args
    assert follow_up.args["thread_ts"] == Outbox.get_by_id(first.id).platform_message_id
    card = text_of(opened.args["blocks"])
    assert "New ticket #1001" in card and "Pied Piper" in card and "Can't log in" in card
    assert "screenshot.png (47 KB, photo)" in card
    assert "&lt;script&gt;" in text_of(follow_up.args["blocks"])
    for label in ("Reply", "Assign to me", "Resolve"):
        assert button_named(opened.args["blocks"], label)["value"] == "1001"
    thread = SlackTicketThread.get()
    assert (thread.ticket_id, thread.channel) == (ticket.id, SUPPORT)
    assert thread.thread_ts == Outbox.get_by_id(first.id).platform_message_id


def test_racing_senders_start_one_thread(slack, ticket, sender_client):
    channel, ts, claim = ticket_threads.claim_thread(1001, SUPPORT)
    assert ts is None and claim
    with pytest.raises(RetryLater):  # another sender waits for the first card
        senders.send_support(event_payload(ticket, "customer_message", "hello?"))
    ticket_threads.thread_started(claim, "1700000001.000001")
    senders.send_support(event_payload(ticket, "customer_message", "hello?"))
    [post] = slack.api.of("chat.postMessage")
    assert post.args["thread_ts"] == "1700000001.000001"


def test_many_concurrent_events_post_one_top_level_card(slack, ticket, sender_client):
    errors, done = [], []

    def send(n: int) -> None:
        for _ in range(50):
            try:
                done.append(senders.send_support(event_payload(ticket, "customer_message", f"message {n}")))
                return
            except RetryLater:
                threading.Event().wait(0.05)
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)
                return

    threads = [threading.Thread(target=send, args=(n,)) for n in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors and len(done) == 6
    posts = slack.api.of("chat.postMessage")
    assert len([p for p in posts if "thread_ts" not in p.args]) == 1


def test_a_429_in_a_sender_becomes_retry_later(slack, ticket, sender_client):
    slack.api.rate_limit_once("chat.postMessage", retry_after=7)
    with pytest.raises(RetryLater) as raised:
        senders.send_support(event_payload(ticket, "ticket_opened", "help"))
    assert raised.value.seconds == 7
    assert SlackTicketThread.select().count() == 0  # the claim is released for the next attempt
    senders.send_support(event_payload(ticket, "ticket_opened", "help"))
    assert SlackTicketThread.get().thread_ts


def _thread(slack, ticket, sender_client) -> str:
    senders.send_support(event_payload(ticket, "ticket_opened", "I can't log in"))
    return SlackTicketThread.get().thread_ts


def test_an_agent_reply_in_the_thread_goes_to_the_customer(slack, ticket, sender_client):
    thread_ts = _thread(slack, ticket, sender_client)
    slack.event({"type": "message", "channel": SUPPORT, "channel_type": "channel", "user": "UMARIA",
                 "text": "Sorry about that! Try resetting your password &amp; log in again.",
                 "ts": AGENT_REPLY_TS, "thread_ts": thread_ts, "event_ts": AGENT_REPLY_TS})
    [confirmation] = slack.api.wait_for("chat.postEphemeral")
    assert "Sent your reply to Pied Piper on ticket #1001" in confirmation.args["text"]
    message = TicketMessage.get()
    assert message.body == "Sorry about that! Try resetting your password & log in again."
    assert (message.author_user.email, message.channel, message.from_customer) == ("maria@crm.example", "slack", False)
    row = Outbox.get(Outbox.kind == "telegram.message")
    assert row.key == f"ticket-message:{message.id}"
    assert json.loads(row.payload) == {"chat_id": 4242, "text": message.body, "ticket": 1001,
                                       "ticket_message_id": message.id}
    assert Ticket.get_by_id(ticket.id).status == "pending"


def test_notes_and_chatter_outside_ticket_threads_are_not_sent(slack, ticket, sender_client):
    thread_ts = _thread(slack, ticket, sender_client)
    base = {"type": "message", "channel": SUPPORT, "channel_type": "channel", "user": "UMARIA"}
    slack.event({**base, "text": "// checking the logs", "ts": "1700000901.1", "thread_ts": thread_ts})
    slack.event({**base, "text": "lunch anyone?", "ts": "1700000902.1"})
    slack.event({**base, "text": "other thread", "ts": "1700000903.1", "thread_ts": "1699999999.000001"})
    slack.api.quiet(0.5)
    assert TicketMessage.select().count() == 0 and Outbox.select().count() == 0


def test_assign_to_me_and_resolve_update_the_ticket_and_say_so_in_the_thread(slack, ticket, sender_client):
    thread_ts = _thread(slack, ticket, sender_client)
    [card] = slack.api.of("chat.postMessage")
    message = {"type": "message", "ts": thread_ts, "text": card.args["text"], "bot_id": "B0CRM"}
    slack.press(button_named(card.args["blocks"], "Assign to me"), channel=SUPPORT, message=message)
    said = slack.api.wait_for("chat.postMessage", 2)[1]
    assert said.args["thread_ts"] == thread_ts and "assigned to Maria Lopez" in said.args["text"]
    assert Ticket.get_by_id(ticket.id).assignee.email == "maria@crm.example"
    slack.press(button_named(card.args["blocks"], "Resolve"), channel=SUPPORT, message=message)
    said = slack.api.wait_for("chat.postMessage", 3)[2]
    assert "resolved" in said.args["text"]
    assert Ticket.get_by_id(ticket.id).status == "resolved"


def test_the_reply_button_opens_a_modal_whose_answer_goes_to_the_customer(slack, ticket, sender_client):
    thread_ts = _thread(slack, ticket, sender_client)
    [card] = slack.api.of("chat.postMessage")
    message = {"type": "message", "ts": thread_ts, "text": card.args["text"], "bot_id": "B0CRM"}
    slack.press(button_named(card.args["blocks"], "Reply"), channel=SUPPORT, message=message)
    [opened] = slack.api.wait_for("views.open")
    view = opened.args["view"]
    assert view["type"] == "modal" and view["callback_id"] == "crm_ticket_reply_modal"
    submission = {"type": "view_submission", "user": {"id": "UMARIA"},
                  "view": {**view, "id": "V0REPLY", "hash": "1.abc",
                           "state": {"values": {"reply": {"body": {"type": "plain_text_input",
                                                                   "value": "Fixed on our side, try now."}}}}}}
    answer = slack.interaction(submission)
    assert answer.status == 200 and answer.body == ""  # the modal closes
    assert TicketMessage.get().body == "Fixed on our side, try now."
    assert Outbox.get(Outbox.kind == "telegram.message")
    posted = slack.api.wait_for("chat.postMessage", 2)[1]
    assert posted.args["thread_ts"] == thread_ts and "> Fixed on our side, try now." in posted.args["text"]


def test_an_empty_modal_reply_is_refused_in_the_modal(slack, ticket, sender_client):
    view = {"id": "V0REPLY", "type": "modal", "callback_id": "crm_ticket_reply_modal",
            "private_metadata": json.dumps({"ticket": 1001, "channel": SUPPORT, "thread_ts": "1.1"}),
            "state": {"values": {"reply": {"body": {"type": "plain_text_input", "value": "  "}}}}}
    answer = slack.interaction({"type": "view_submission", "user": {"id": "UMARIA"}, "view": view})
    assert answer.status == 200 and json.loads(answer.body)["response_action"] == "errors"
    assert TicketMessage.select().count() == 0


def test_reminder_dms_have_done_and_snooze_buttons_that_work(slack, customers, sender_client):
    reminder, dm = fired_reminder_dm(slack, customers["globex"], "Call Globex")
    row = Outbox.get()
    assert row.kind == "slack.dm" and json.loads(row.payload)["user"] == "UMARIA"
    assert dm.args["channel"] == "UMARIA" and "Reminder: Call Globex" in dm.args["text"]
    snooze = button_named(dm.args["blocks"], "Tomorrow")
    button_named(dm.args["blocks"], "Done")
    slack.press(snooze, channel="D0MARIA", message={"type": "message", "ts": Outbox.get().platform_message_id})
    [answer] = slack.api.wait_for("response")
    assert answer.args["replace_original"] is True and "Snoozed" in answer.args["text"]
    reminder = Reminder.get_by_id(reminder.id)
    assert reminder.status == "pending" and reminder.due_at > utcnow()
