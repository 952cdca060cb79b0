"""A rep's long list on Telegram: a page that says which rows of how many, More (≤ 64 bytes of callback_data)
turning the page in place (editMessageText), and the whole list as a CSV document."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from bots.telegram import render
from crm_core import results as r
from crm_core.models import Customer, Order, User
from crm_core.names import normalize_name
from tests.bots.telegram.conftest import BOB


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def _ranked(count: int) -> None:
    for n in range(count):
        name = "=SUM(A1)" if n == 0 else f"Customer {n:02d} GmbH"
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin")
        Order.create(customer=customer, date=date(2026, 1, 1), amount=1000 + n)


def _buttons(sent: dict) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in sent["reply_markup"]["inline_keyboard"] for b in row}


def test_a_long_list_pages_with_more_and_comes_whole_as_a_csv_document(bot, tg_api, maria):
    _ranked(45)
    tg_api.message(BOB, "show top 45 customers")
    first = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    assert "Showing 1–20 of 45." in first["text"] and "Customer 44 GmbH" in first["text"]
    assert "Customer 24 GmbH" not in first["text"]
    pressed = _buttons(first)
    assert set(pressed) == {"More", "CSV file"} and all(len(d.encode()) <= 64 for d in pressed.values())

    tg_api.press(BOB, pressed["More"])
    turned = tg_api.wait_for("editMessageText", chat_id=BOB.id)[-1]  # the page turns in place
    list_id = max(tg_api.messages)
    assert turned["message_id"] == list_id and len(tg_api.sent(BOB.id)) == 1
    second = tg_api.messages[list_id]
    assert "Showing 21–40 of 45." in second["text"] and "21  Customer 24 GmbH" in second["text"]
    assert "Customer 44 GmbH" not in second["text"]

    tg_api.press(BOB, _buttons(second)["More"])
    tg_api.wait_for("editMessageText", chat_id=BOB.id, after=1)
    last = tg_api.messages[list_id]
    assert "Showing 41–45 of 45." in last["text"] and set(_buttons(last)) == {"CSV file"}

    tg_api.press(BOB, pressed["CSV file"])
    tg_api.wait_for("sendDocument")
    [document] = tg_api.documents(BOB.id)  # multipart: the fake keeps chat_id as sent, a string
    assert document["caption"] == "The whole list: 45 rows."
    rows = list(csv.reader(io.StringIO(document["document"]["content"].decode())))
    assert len(rows) == 46 and rows[-1][0] == "'=SUM(A1)"  # the last earner, neutralised for spreadsheets


def test_more_pressed_twice_leaves_the_page_as_it_is_and_sends_nothing_new(bot, tg_api, maria):
    _ranked(45)
    tg_api.message(BOB, "show top 45 customers")
    more = _buttons(tg_api.wait_for("sendMessage", chat_id=BOB.id)[0])["More"]
    list_id = max(tg_api.messages)
    tg_api.press(BOB, more, message_id=list_id)
    tg_api.wait_for("editMessageText", chat_id=BOB.id)
    tg_api.press(BOB, more, message_id=list_id)  # a second tap before the first one's page showed
    tg_api.wait_for("editMessageText", chat_id=BOB.id, after=1)
    tg_api.wait_for("answerCallbackQuery", count=2)
    tg_api.wait_idle()
    assert [why.split(":")[0] for _, why in tg_api.rejected] == ["message is not modified"]  # as Telegram answers
    tg_api.rejected.clear()
    assert len(tg_api.sent(BOB.id)) == 1 and "Showing 21–40 of 45." in tg_api.messages[list_id]["text"]


def test_a_forged_page_button_that_would_write_does_nothing(bot, tg_api, maria):
    tg_api.press(BOB, "pg|m|0|0|add_customer|Forged Ltd||||")
    tg_api.wait_for("answerCallbackQuery")
    assert not Customer.select().exists()


def test_a_customer_with_many_tickets_sees_the_latest_and_is_told_how_many_there_are():
    tickets = tuple(r.TicketLine(1000 + n, "Globex", "x" * 300, "open", "normal", None, "2026-01-01 10:00")
                    for n in range(30, 0, -1))
    text = render.customer(r.CustomerTicketList(tickets=tickets, total=30)).text
    assert "#1030" in text and "#1011" in text and "#1010" not in text
    assert text.endswith("Showing 1–20 of 30.") and len(text) <= render.TEXT_MAX


def test_a_chinese_speaking_rep_is_told_in_chinese_that_the_whole_list_came(bot, tg_api, maria):
    User.update(language="zh").where(User.id == maria.id).execute()
    _ranked(45)
    tg_api.message(BOB, "显示前45个客户")
    first = tg_api.wait_for("sendMessage", chat_id=BOB.id)[0]
    tg_api.press(BOB, _buttons(first)["CSV文件"])
    tg_api.wait_for("sendDocument")
    [document] = tg_api.documents(BOB.id)
    assert document["caption"] == "完整列表：共 45 行。"
