"""Agents' replies and rating requests reach the chat through the outbox; 429/403/400 map to outcomes."""
from __future__ import annotations

import json

import bots.telegram.senders  # noqa: F401  (registers the "telegram." sender)
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Outbox, Ticket, utcnow
from tests.bots.telegram.conftest import ALICE, BOB, add_customer, outbox_rows, payload
from workers.actors.outbox import deliver


def ticket_for(customer, number=1001, status="open", subject="Printer is broken") -> Ticket:
    return Ticket.create(number=number, customer=customer.id, subject=subject, status=status)


def test_an_agent_reply_reaches_the_customers_chat(tg_settings, tg_api, rep):
    acme = add_customer("Acme Corporation", tg=ALICE)
    ticket_for(acme)
    result = bus.handle(c.ReplyToTicket(ticket=1001, body="Try <restarting> it & tell us"), rep)
    assert result.delivered_via == "telegram"
    row = outbox_rows("telegram.message")[0]
    assert deliver(row.id).status == "sent"
    sent = tg_api.sent(ALICE.id)[0]
    assert sent["text"] == "<b>Ticket #1001</b>\nTry &lt;restarting&gt; it &amp; tell us"
    assert sent["parse_mode"] == "HTML"
    assert Outbox.get_by_id(row.id).platform_message_id == str(tg_api.messages and max(tg_api.messages))


def test_flood_control_waits_what_telegram_says(tg_settings, tg_api, rep):
    ticket_for(add_customer("Acme Corporation", tg=ALICE))
    bus.handle(c.ReplyToTicket(ticket=1001, body="Hello"), rep)
    tg_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    row = outbox_rows("telegram.message")[0]
    outcome = deliver(row.id)
    assert (outcome.status, outcome.retry_in) == ("retry", 7.0)
    row = Outbox.get_by_id(row.id)
    assert (row.status, row.attempts) == ("pending", 0) and "retry after 7" in row.last_error
    assert 6 <= (row.next_attempt_at - utcnow()).total_seconds() <= 7


def test_a_blocked_bot_or_a_vanished_chat_fails_for_good_with_the_reason(tg_settings, tg_api, rep):
    ticket_for(add_customer("Acme Corporation", tg=ALICE))
    ticket_for(add_customer("Globex", tg=BOB), number=1002)
    bus.handle(c.ReplyToTicket(ticket=1001, body="Hello"), rep)
    bus.handle(c.ReplyToTicket(ticket=1002, body="Hello"), rep)
    tg_api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=ALICE.id)
    tg_api.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=BOB.id)
    blocked, vanished = outbox_rows("telegram.message")
    assert deliver(blocked.id).status == "failed" and deliver(vanished.id).status == "failed"
    assert Outbox.get_by_id(blocked.id).last_error == "Telegram 403: Forbidden: bot was blocked by the user"
    assert Outbox.get_by_id(vanished.id).last_error == "Telegram 400: Bad Request: chat not found"
    assert deliver(blocked.id).status == "skipped"  # never retried


def test_a_server_error_is_retried_with_backoff(tg_settings, tg_api, rep):
    ticket_for(add_customer("Acme Corporation", tg=ALICE))
    bus.handle(c.ReplyToTicket(ticket=1001, body="Hello"), rep)
    tg_api.fail_next("sendMessage", 502, "Bad Gateway")
    row = outbox_rows("telegram.message")[0]
    assert deliver(row.id).status == "retry"
    assert Outbox.get_by_id(row.id).attempts == 1


def test_resolving_asks_the_customer_to_rate_and_the_first_answer_stands(bot, tg_api, rep):
    acme = add_customer("Acme Corporation", tg=ALICE)
    ticket_for(acme, subject="VPN <down>")
    bus.handle(c.UpdateTicket(ticket=1001, status="resolved"), rep)
    row = outbox_rows("telegram.csat")[0]
    assert payload(row) == {"chat_id": ALICE.id, "ticket": 1001, "subject": "VPN <down>"}
    assert deliver(row.id).status == "sent"
    prompt = tg_api.sent(ALICE.id)[0]
    assert "Ticket #1001 (“VPN &lt;down&gt;”) is resolved" in prompt["text"]
    buttons = prompt["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [(str(i), f"csat:1001:{i}") for i in range(1, 6)]

    tg_api.press(ALICE, "csat:1001:4")
    answer = tg_api.wait_for("answerCallbackQuery")[0]
    assert answer["text"] == "Thanks! You rated ticket #1001: 4/5."
    edited = tg_api.wait_for("editMessageReplyMarkup")[0]
    assert edited["chat_id"] == ALICE.id and "reply_markup" not in tg_api.messages[edited["message_id"]]
    ticket = Ticket.get()
    assert ticket.csat_score == 4 and ticket.csat_at is not None

    tg_api.press(ALICE, "csat:1001:1")  # a second tap (an old message, a double click) changes nothing
    assert tg_api.wait_for("answerCallbackQuery", 2)[1]["text"] == "You rated ticket #1001 4/5 already; thanks!"
    assert Ticket.get().csat_score == 4


def test_only_the_tickets_own_customer_can_rate_it(bot, tg_api, rep):
    ticket_for(add_customer("Acme Corporation", tg=ALICE), status="resolved")
    add_customer("Globex", tg=BOB)
    tg_api.press(BOB, "csat:1001:1")  # forged: Bob was never asked about #1001
    tg_api.press(BOB, "csat:9999:1")
    answers = [a["text"] for a in tg_api.wait_for("answerCallbackQuery", 2)]
    assert answers == ["I can't find ticket #1001 among your tickets. Send /status to see them.",
                       "I can't find ticket #9999 among your tickets. Send /status to see them."]
    assert Ticket.get().csat_score is None
    assert tg_api.calls_to("editMessageReplyMarkup") == []


def test_forged_button_data_does_nothing(bot, tg_api):
    ticket_for(add_customer("Acme Corporation", tg=ALICE), status="resolved")
    for data in ("csat:1001:9", "csat:1001:0", "csat:x:1", "ask:yes",
                 'do:{"command":"complete_reminder","reminder_id":1}', "something else"):
        tg_api.press(ALICE, data)
    answers = [a.get("text") for a in tg_api.wait_for("answerCallbackQuery", 6)]
    assert answers[:2] == ["A rating is a number from 1 to 5."] * 2
    assert set(answers[2:]) == {"This button doesn't work any more."}
    assert Ticket.get().csat_score is None


def test_an_open_ticket_cant_be_rated(bot, tg_api):
    ticket_for(add_customer("Acme Corporation", tg=ALICE))
    tg_api.press(ALICE, "csat:1001:5")
    assert "still being worked on" in tg_api.wait_for("answerCallbackQuery")[0]["text"]
    assert Ticket.get().csat_score is None


def test_no_rating_request_without_a_linked_chat_or_when_rated(tg_settings, rep):
    ticket_for(add_customer("Walk-in"))
    bus.handle(c.UpdateTicket(ticket=1001, status="resolved"), rep)
    rated = ticket_for(add_customer("Acme Corporation", tg=ALICE), number=1002)
    Ticket.update(csat_score=5).where(Ticket.id == rated.id).execute()
    bus.handle(c.UpdateTicket(ticket=1002, status="resolved"), rep)
    bus.handle(c.UpdateTicket(ticket=1002, status="closed"), rep)
    assert outbox_rows("telegram.csat") == []


def test_a_reminder_to_a_rep_on_telegram_has_working_buttons(bot, tg_api, rep):
    rep.telegram_user_id = BOB.id
    rep.save()
    reminder = bus.handle(c.Remind(when=utcnow().isoformat(timespec="minutes"), text="call Acme"), rep)
    row = Outbox.create(kind="telegram.message", key="reminder:test", payload=json.dumps({
        "chat_id": BOB.id, "text": "Reminder: call Acme", "actions": [
            {"id": "done", "label": "Done",
             "command": {"command": "complete_reminder", "reminder_id": reminder.reminder_id}},
        ]}))
    assert deliver(row.id).status == "sent"
    button = tg_api.sent(BOB.id)[0]["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "Done"
    tg_api.press(BOB, button["callback_data"])
    assert tg_api.wait_for("answerCallbackQuery")[0]["text"]
    from crm_core.models import Reminder
    assert Reminder.get_by_id(reminder.reminder_id).status == "done"
