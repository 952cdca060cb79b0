"""A customer with more tickets than a page on Telegram: `/status` shows the latest 20, says "Showing 1–20 of 57."
and More turns the message, page by page, into every other ticket, none twice; the button says nothing of who
they are (a press shows the presser's own tickets); in Chinese for a Chinese-speaking customer."""
from __future__ import annotations

import re
from datetime import timedelta

from crm_core.clock import utcnow
from crm_core.models import Customer, Ticket
from crm_core.names import normalize_name
from tests.bots.telegram.conftest import ALICE, MALLORY
from tests.bots.telegram.test_card_lists import _buttons

TICKETS = 57
NUMBER = re.compile(r"#(\d{4})")


def _customer_with_tickets(language: str | None = None) -> Customer:
    customer = Customer.create(name="Globex", name_norm=normalize_name("Globex"), telegram_user_id=ALICE.id,
                               telegram_chat_id=ALICE.id, telegram_language=language)
    now = utcnow()
    for n in range(TICKETS):
        Ticket.create(customer=customer, number=5000 + n, subject=f"Question {n:02d} & <more>", status="open",
                      priority="normal", created_at=now, updated_at=now - timedelta(minutes=n))
    return customer


def test_more_pages_through_every_ticket_of_the_customer(bot, tg_api, database):
    _customer_with_tickets()
    tg_api.command(ALICE, "status")
    listed = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]
    assert "Showing 1–20 of 57." in listed["text"] and set(_buttons(listed)) == {"More"}
    assert len(_buttons(listed)["More"].encode()) <= 64 and str(ALICE.id) not in _buttons(listed)["More"]
    seen, list_id = NUMBER.findall(listed["text"]), max(tg_api.messages)
    for turned in range(1, TICKETS):
        tg_api.press(ALICE, _buttons(tg_api.messages[list_id])["More"])
        tg_api.wait_for("editMessageText", chat_id=ALICE.id, after=turned - 1)
        page = tg_api.messages[list_id]
        seen += NUMBER.findall(page["text"])
        if "More" not in _buttons(page):
            break
    assert "Showing 41–57 of 57." in page["text"] and len(tg_api.sent(ALICE.id)) == 1
    assert len(seen) == len(set(seen)) == TICKETS and {int(n) for n in seen} == {t.number for t in Ticket.select()}


def test_a_pressed_button_shows_the_pressers_own_tickets_only(bot, tg_api, database):
    _customer_with_tickets()
    tg_api.command(ALICE, "status")
    more = _buttons(tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0])["More"]
    tg_api.press(MALLORY, more)
    tg_api.wait_for("answerCallbackQuery")
    tg_api.wait_idle()
    assert not NUMBER.findall(" ".join(m.get("text", "") for m in tg_api.sent(MALLORY.id)))


def test_a_chinese_speaking_customer_pages_in_chinese(bot, tg_api, database):
    _customer_with_tickets(language="zh")
    tg_api.command(ALICE, "status")
    listed = tg_api.wait_for("sendMessage", chat_id=ALICE.id)[0]
    assert "显示第 1–20 条，共 57 条。" in listed["text"]
    tg_api.press(ALICE, _buttons(listed)["更多"])
    tg_api.wait_for("editMessageText", chat_id=ALICE.id)
    page = tg_api.messages[max(tg_api.messages)]["text"]
    assert "显示第 21–40 条，共 57 条。" in page and "您的工单" in page and "Your tickets" not in page
