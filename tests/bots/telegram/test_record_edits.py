"""On Telegram, a rep merges duplicate tickets with Yes/No buttons, moves a deal's next step, deletes the note they
just logged, and is refused another rep's deal (issue 15 items 1, 4, 6)."""
from __future__ import annotations

import pytest

from crm_core.models import Activity, Customer, Deal, Ticket, TicketMessage, User
from crm_core.names import normalize_name
from tests.bots.telegram.conftest import BOB


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def _customer(name: str, owner: User | None = None) -> Customer:
    return Customer.create(name=name, name_norm=normalize_name(name), owner=owner.id if owner else None)


def _yes(tg_api, question: dict) -> None:
    buttons = [b["callback_data"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    tg_api.press(BOB, buttons[0])


def test_ticket_merge_by_button_next_step_note_delete_and_a_refusal(bot, tg_api, maria):
    initech = _customer("Initech", maria)
    hooli = _customer("Hooli", User.create(name="Sam Lee", role="rep"))
    first = Ticket.create(number=1042, customer=initech, subject="Login fails")
    dup = Ticket.create(number=1043, customer=initech, subject="login broken")
    TicketMessage.create(ticket=dup, from_customer=True, body="still broken")
    tg_api.message(BOB, "merge #1043 into #1042")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "Merge ticket #1043 into #1042" in question["text"]
    _yes(tg_api, question)
    assert "Merged ticket #1043 into #1042" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=1)[-1]["text"]
    assert TicketMessage.get().ticket_id == first.id and Ticket.get_by_id(dup.id).status == "closed"

    Deal.create(customer=initech, title="Initech renewal", amount=9000, owner=maria)
    tg_api.message(BOB, "next step on the initech deal: send the revised quote")
    assert "next step - → send the revised quote" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=2)[-1]["text"]
    assert Deal.get().next_step == "send the revised quote"

    tg_api.message(BOB, "log a note with initech: asked for references")
    tg_api.wait_for("sendMessage", chat_id=BOB.id, after=3)
    tg_api.message(BOB, "delete the note i just logged")
    question = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=4)[-1]
    _yes(tg_api, question)
    assert "Deleted the note" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=5)[-1]["text"]
    assert Activity.select().count() == 0

    Deal.create(customer=hooli, title="Hooli pilot", amount=500, owner=hooli.owner)
    tg_api.message(BOB, "give the hooli deal to me")
    assert "belongs to Sam Lee" in tg_api.wait_for("sendMessage", chat_id=BOB.id, after=6)[-1]["text"]
    assert Deal.get(Deal.title == "Hooli pilot").owner_id == hooli.owner_id
