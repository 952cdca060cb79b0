"""Contacts from Telegram, for a rep: the same words as Slack, questions and Undo as buttons."""
from __future__ import annotations

import pytest

from crm_core.models import Contact, User
from tests.bots.telegram.conftest import BOB, add_customer


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def test_a_rep_adds_changes_and_removes_a_contact(bot, tg_api, maria):
    add_customer("Globex Ltd")
    tg_api.message(BOB, "add Dana Ruiz, CFO at Globex, dana@globex.example")
    sent = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert sent["text"] == "Added Dana Ruiz, CFO, as a contact at Globex Ltd."
    assert sent["reply_markup"]["inline_keyboard"] == [[{"text": "Undo", "callback_data": "ask:undo"}]]

    tg_api.message(BOB, "Dana is now VP Finance")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)
    assert Contact.get().title == "VP Finance"

    tg_api.message(BOB, "remove Dana from Globex's contacts")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)[-1]
    assert [row[0]["callback_data"] for row in question["reply_markup"]["inline_keyboard"]] == ["ask:yes", "ask:no"]
    assert Contact.select().count() == 1
    tg_api.press(BOB, "ask:yes")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=3)
    assert Contact.select().count() == 0
