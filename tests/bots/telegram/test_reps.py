"""A Telegram user linked to a CRM rep gets the same free-text commands as in Slack and the console."""
from __future__ import annotations

import pytest

from crm_core.models import Customer, Ticket, User
from tests.bots.telegram.conftest import BOB, add_customer


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def test_a_rep_adds_a_customer_and_gets_an_undo_button(bot, tg_api, maria):
    tg_api.message(BOB, "add customer Pied Piper, email richard@piedpiper.com")
    sent = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert sent["text"] == "Added customer Pied Piper."
    assert sent["reply_markup"]["inline_keyboard"] == [[{"text": "Undo", "callback_data": "ask:undo"}]]
    assert Customer.get().name == "Pied Piper" and Ticket.select().count() == 0  # not a support ticket

    tg_api.press(BOB, "ask:undo")
    assert tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"].startswith("Undone: added customer")
    assert Customer.select().count() == 0


def test_a_question_comes_with_buttons_that_answer_it(bot, tg_api, maria):
    acme, labs = add_customer("Acme Corporation"), add_customer("Acme Labs")
    tg_api.message(BOB, "open a ticket for acme: printer broken")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    rows = question["reply_markup"]["inline_keyboard"]
    assert {row[0]["callback_data"] for row in rows} == {f"ask:id:{acme.id}", f"ask:id:{labs.id}"}
    tg_api.press(BOB, f"ask:id:{labs.id}")
    done = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]
    assert done["text"].startswith("Opened ticket #1001 for Acme Labs")
    assert Ticket.get().customer_id == labs.id


def test_a_reps_status_is_the_open_ticket_list(bot, tg_api, maria):
    Ticket.create(number=1001, customer=add_customer("Globex").id, subject="Invoices <missing>")
    tg_api.command(BOB, "status")
    text = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"]
    assert text.startswith("<pre>") and "#1001" in text and "Invoices &lt;missing&gt;" in text


def test_a_confirmation_is_answered_with_its_button(bot, tg_api, maria):
    Ticket.create(number=1001, customer=add_customer("Globex").id, subject="VPN")
    tg_api.message(BOB, "close ticket 1001")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert [row[0]["callback_data"] for row in question["reply_markup"]["inline_keyboard"]] == ["ask:yes", "ask:no"]
    assert Ticket.get().status == "open"
    tg_api.press(BOB, "ask:yes")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)
    assert Ticket.get().status == "closed"


def test_an_inactive_rep_is_treated_as_a_customer(bot, tg_api, maria):
    User.update(is_active=False).where(User.id == maria.id).execute()
    tg_api.message(BOB, "show open tickets")
    assert tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]["text"] == "Ticket #1001 received, we'll answer here."
