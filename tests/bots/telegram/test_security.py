"""Replayed updates do nothing twice; a webhook without the right secret gets 403 and changes nothing."""
from __future__ import annotations

import copy
import socket

import pytest

from bots.telegram.app import Webhook
from crm_core.models import Customer, ProcessedEvent, Ticket, TicketMessage
from tests.bots.telegram.conftest import ACK, ALICE, BOB, add_customer
from tests.fakes.telegram_api import post_update
from tests.integration.conftest import database_state

SECRET = "s3cret-Token_for-the-webhook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_replayed_update_does_nothing_twice(bot, tg_api):
    first = tg_api.message(ALICE, "Printer is broken")
    tg_api.wait_for("sendMessage", chat_id=ALICE.id)
    tg_api.push(copy.deepcopy(first))  # Telegram delivers it again (our confirmation got lost)
    tg_api.message(ALICE, "It blinks red")
    texts = [m["text"] for m in tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id)]
    tg_api.wait_idle()
    assert texts == [ACK.format(1001), ACK.format(1001)]
    assert TicketMessage.select().count() == 2 and Ticket.select().count() == 1
    assert ProcessedEvent.select().where(ProcessedEvent.event_id == str(first["update_id"])).count() == 1


def test_replayed_refusals_commands_and_presses_are_silent(bot, tg_api):
    add_customer("Acme Corporation", tg=ALICE)
    updates = [tg_api.command(ALICE, "start", "no-such-invite-code"), tg_api.command(ALICE, "status"),
               tg_api.command(ALICE, "help"), tg_api.command(BOB, "start"), tg_api.press(ALICE, "csat:1001:5"),
               tg_api.contact(BOB, "+15550100200")]
    tg_api.wait_for("sendMessage", 5)
    tg_api.wait_for("answerCallbackQuery")
    tg_api.wait_idle()
    sent, answered, leads = len(tg_api.sent()), len(tg_api.calls_to("answerCallbackQuery")), Customer.select().count()
    for update in updates:
        tg_api.push(copy.deepcopy(update))
    tg_api.message(BOB, "marker")  # handled after the replays (same chat, in order)
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)
    tg_api.wait_idle()
    assert len(tg_api.sent()) == sent + 1  # only the marker's acknowledgement
    assert len(tg_api.calls_to("answerCallbackQuery")) in (answered, answered + 1)  # a press is always answered
    assert [a.get("text") for a in tg_api.calls_to("answerCallbackQuery")[answered:]] in ([], [None])
    assert Customer.select().count() == leads


@pytest.fixture
def webhook_bot(start_bot, tg_api):
    port = free_port()
    hook = Webhook(url=f"http://127.0.0.1:{port}/telegram/hook", secret=SECRET, listen="127.0.0.1", port=port)
    start_bot(webhook=hook)
    return hook


def test_webhook_mode_registers_the_url_and_the_secret(webhook_bot, tg_api):
    registered = tg_api.calls_to("setWebhook")[0]
    assert registered["url"] == webhook_bot.url and registered["secret_token"] == SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]


def test_webhook_refuses_requests_without_the_right_secret(webhook_bot, tg_api, database):
    before = database_state()
    update = tg_api.build_message(ALICE, text="Printer is broken")
    assert post_update(webhook_bot.url, update, secret=None) == 403
    assert post_update(webhook_bot.url, update, secret="wrong") == 403
    assert post_update(webhook_bot.url, update, secret=SECRET[:-1]) == 403
    assert database_state() == before and tg_api.sent() == []

    assert post_update(webhook_bot.url, update, secret=SECRET) == 200
    assert tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]["text"] == ACK.format(1001)
    assert post_update(webhook_bot.url, update, secret=SECRET) == 200  # Telegram retrying: handled once
    tg_api.message(ALICE, "ignored: polling is off in webhook mode")
    post_update(webhook_bot.url, tg_api.build_message(ALICE, text="second"), secret=SECRET)
    tg_api.wait_for("sendMessage", chat_id=ALICE.id, after=1)
    assert TicketMessage.select().count() == 2


def test_a_dropped_connection_is_retried_and_a_bad_request_is_not(bot, tg_api):
    from unittest import mock

    real_send, calls = tg_api._sendMessage, []

    def flaky(params):
        calls.append(params)
        if len(calls) == 1:
            raise ConnectionResetError  # the fake drops the connection: PTB sees a NetworkError
        return real_send(params)

    with mock.patch.object(tg_api, "_sendMessage", side_effect=flaky):
        tg_api.message(ALICE, "Printer is broken")
        assert tg_api.wait_for("sendMessage", 2, chat_id=ALICE.id, timeout=15)[-1]["text"] == ACK.format(1001)
    tg_api.fail_next("sendMessage", 400, "Bad Request: message is too long", chat_id=BOB.id)
    tg_api.message(BOB, "Hello")
    attempts = tg_api.wait_for("sendMessage", 2, chat_id=BOB.id)  # the ack, then the error handler's apology
    assert [a["text"].split(" ")[0] for a in attempts] == ["Ticket", "Something"]
