"""A rep who writes to the Telegram bot in Chinese (from an English Telegram app) logs, creates and moves a deal,
opens a ticket, asks and undoes, and is answered in Chinese every time, buttons included."""
from __future__ import annotations

import re

import pytest

from crm_core.models import Activity, Deal, Ticket, User
from tests.bots.telegram.conftest import BOB, add_customer

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
THEIRS = ("Globex deal", "Globex", "Maria Lopez", "US$")  # names: not the bot's words


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id)


def bot_words_in_english(text: str) -> list[str]:
    text = re.sub(r"</?\w+>|#\d+", "", text)  # HTML tags, ticket numbers
    for name in THEIRS:
        text = text.replace(name, "")
    return LATIN_WORD.findall(text)


def test_a_conversation_in_chinese_is_answered_in_chinese(bot, tg_api, maria):
    globex = add_customer("Globex")
    said = ["记录一下和Globex的电话，他们要演示，周五跟进", "给Globex建个单子 2万", "把Globex的单子推进到谈判",
            "给Globex开个工单：发票缺失，紧急", "Globex的情况怎么样"]
    for n, text in enumerate(said):
        tg_api.message(BOB, text)
        tg_api.wait_for("sendMessage", chat_id=BOB.id, after=n)
    logged, created, moved, opened, card = tg_api.sent(BOB.id)[:5]

    assert logged["text"].startswith("已记录与Globex的电话。我会在")
    assert logged["reply_markup"]["inline_keyboard"][0][0]["text"] == "撤销"
    assert created["text"].startswith("已为Globex新建商机")
    assert "从线索推进到谈判" in moved["text"]
    assert opened["text"].startswith("已为Globex开工单 #1001：发票缺失（紧急）")
    assert "进行中的商机" in card["text"] and "未结工单" in card["text"]
    assert Activity.get(Activity.customer == globex.id).kind == "call"
    assert Deal.get(Deal.customer == globex.id).stage == "negotiation"
    assert Ticket.get(Ticket.customer == globex.id).priority == "urgent"

    tg_api.press(BOB, opened["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    undone = tg_api.wait_for("sendMessage", chat_id=BOB.id, after=5)[-1]
    assert undone["text"] == "已撤销：新开的工单。"
    assert Ticket.select().count() == 0

    replies = [m["text"] for m in (logged, created, moved, opened, card, undone)]
    assert [bot_words_in_english(text) for text in replies] == [[]] * 6


def test_a_chinese_speaking_reps_first_start_is_greeted_in_chinese(bot, tg_api, maria):
    maria.language = "zh"
    maria.save()
    tg_api.command(BOB, "start")
    [greeting] = tg_api.wait_for("sendMessage", chat_id=BOB.id)
    assert greeting["text"].startswith("你好，Maria！") and bot_words_in_english(greeting["text"][len("你好，Maria"):]) == []


def test_a_chinese_speaking_rep_is_told_in_chinese_what_the_bot_cannot_take(bot, tg_api, maria):
    maria.language = "zh"
    maria.save()
    tg_api.command(BOB, "stop")  # check-ins are for customers
    [stopped] = tg_api.wait_for("sendMessage", chat_id=BOB.id)
    assert stopped["text"] == "问候消息只发给客户；你不会收到。"
