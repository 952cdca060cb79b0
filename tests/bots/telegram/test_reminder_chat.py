"""A rep on Telegram: a fired reminder carries Done, 1 h, Tomorrow, Next week (each within Telegram's 64 bytes of
button data, even for a seven-digit reminder number) and "1 h" snoozes it an hour; "mark the invoice reminder done"
typed to the bot closes that reminder and no other."""
from __future__ import annotations

from datetime import timedelta

import bots.telegram.senders  # noqa: F401  (registers the "telegram." sender)
from crm_core.models import Outbox, Reminder, utcnow
from tests.bots.telegram.conftest import BOB, add_customer
from workers.actors.outbox import deliver
from workers.actors.reminders import fire_due


def test_a_fired_reminder_has_every_snooze_button_and_1_h_snoozes_an_hour(bot, tg_api, rep):
    rep.telegram_user_id = BOB.id
    rep.notify_via = "telegram"
    rep.save()
    reminder = Reminder.create(id=9_999_999, user=rep, customer=add_customer("Globex"), text="call Globex",
                               due_at=utcnow())
    fire_due(utcnow())
    assert deliver(Outbox.get(Outbox.kind == "telegram.message").id).status == "sent"
    keyboard = tg_api.sent(BOB.id)[0]["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["Done", "1 h", "Tomorrow", "Next week"]
    pressed = utcnow()
    tg_api.press(BOB, keyboard[1][0]["callback_data"])
    assert tg_api.wait_for("answerCallbackQuery")[0]["text"]
    reminder = Reminder.get_by_id(reminder.id)
    assert reminder.status == "pending"
    assert pressed + timedelta(minutes=59) <= reminder.due_at <= utcnow() + timedelta(hours=1)


def test_a_reminder_named_in_a_message_is_marked_done(bot, tg_api, rep):
    rep.telegram_user_id = BOB.id
    rep.save()
    later = utcnow() + timedelta(days=1)
    invoice = Reminder.create(user=rep, customer=add_customer("Globex"), text="send the invoice", due_at=later)
    other = Reminder.create(user=rep, customer=add_customer("Initech"), text="call Initech", due_at=later)
    tg_api.message(BOB, "mark the invoice reminder done")
    [reply] = tg_api.wait_for("sendMessage", chat_id=BOB.id)
    assert reply["text"] == "Done: send the invoice."
    assert (Reminder.get_by_id(invoice.id).status, Reminder.get_by_id(other.id).status) == ("done", "pending")
