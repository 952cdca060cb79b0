"""A rep on Telegram is asked about a customer nobody knows with Add and Cancel buttons."""
from __future__ import annotations

import pytest

from crm_core.models import Customer, Ticket, User
from tests.bots.telegram.conftest import BOB


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def test_add_writes_the_customer_and_the_ticket_cancel_neither(bot, tg_api, maria):
    tg_api.message(BOB, "open a ticket for pied piper: printer broken")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "New customer “Pied Piper”?" in question["text"]
    assert [row[0]["callback_data"] for row in question["reply_markup"]["inline_keyboard"]] == \
        ["ask:add", "ask:cancel"]
    tg_api.press(BOB, "ask:cancel")
    assert "nothing was changed" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert Customer.select().count() == 0 and Ticket.select().count() == 0

    tg_api.message(BOB, "open a ticket for pied piper: printer broken")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)
    tg_api.press(BOB, "ask:add")
    texts = [m["text"] for m in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=4)[3:]]
    assert texts[0] == "Added customer Pied Piper." and texts[1].startswith("Opened ticket #1001 for Pied Piper")
    assert Ticket.get().customer.name == "Pied Piper"
