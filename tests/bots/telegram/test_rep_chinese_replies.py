"""A rep who chose Chinese gets every kind of reply in Chinese on Telegram (tables in <pre>, as the console writes
them): cards, lists, reports, edits, reminders, contacts and team admin; only names and data stay as typed."""
from __future__ import annotations

import re

import pytest

from crm_core.models import Customer, Reminder, User
from tests.bots.telegram.conftest import BOB, add_customer
from tests.bots.card_history import give_a_history

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
THEIRS = ("Globex", "Initech", "Maria Lopez", "Sam Lee", "Dana Ruiz", "Invoice missing", "crm score", "crm segment",
          "US$")


@pytest.fixture
def maria(database) -> User:
    return User.create(name="Maria Lopez", role="rep", email="maria@crm.example", telegram_user_id=BOB.id,
                       language="zh")


def bot_words_in_english(text: str) -> list[str]:
    text = re.sub(r"</?\w+>|#\d+|[\w.]+@[\w.]+", "", text)  # HTML tags, ticket numbers, addresses
    for name in THEIRS:
        text = text.replace(name, "")
    return LATIN_WORD.findall(text)


def ask(tg_api, text: str, n: int) -> str:
    tg_api.message(BOB, text)
    return tg_api.wait_for("sendMessage", chat_id=BOB.id, after=n)[-1]["text"]


def test_the_customer_card_in_chinese_names_the_segment_the_ratings_and_the_outlook(bot, tg_api, maria):
    globex = add_customer("Globex")
    give_a_history(globex)

    card = ask(tg_api, "show globex", 0)
    assert "有流失风险" in card and "满意度 4.0/5（1 次评分）" in card
    assert "3 笔订单，最近一单是40 天前，通常每 30 天一单：未来 90 天内不再下单的概率为 35%" in card
    assert bot_words_in_english(card) == []


def test_reminders_are_set_listed_snoozed_done_and_cancelled_in_chinese(bot, tg_api, maria):
    add_customer("Globex")
    said = ["提醒我明天给Globex打电话", "我的提醒", "snooze the globex reminder for 2 hours", "mark the globex reminder done",
            "cancel reminder 999"]
    set_, listed, snoozed, done, missing = [ask(tg_api, text, n) for n, text in enumerate(said)]
    assert "我会在" in set_ and "你的提醒" in listed and snoozed.startswith("已推迟。我会在")
    assert "已完成" in done and "没有编号为 #999 的提醒" in missing
    assert Reminder.get().status == "done"
    texts = [r.text for r in Reminder.select()]  # what the rep asked to be reminded of: data
    replies = [strip(reply, texts) for reply in (set_, listed, snoozed, done, missing)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def strip(reply: str, data: list[str]) -> str:
    for value in data:
        reply = reply.replace(value, "")
    return reply


def test_customer_edits_and_a_merge_question_are_said_in_chinese(bot, tg_api, maria):
    add_customer("Globex")
    add_customer("Initech")
    said = ["rename globex to Globex Corp", "archive globex corp", "merge globex corp into initech"]
    renamed, archived, question = [ask(tg_api, text, n) for n, text in enumerate(said)]
    assert "已更新Globex：名称：Globex → Globex Corp。" in renamed and "已归档" in archived
    assert "将Globex Corp合并到Initech：会移过去" in question and "Globex Corp会被删除" in question
    assert Customer.get(Customer.name == "Globex Corp").archived_at is not None
    replies = [strip(reply, ["Globex Corp"]) for reply in (renamed, archived, question)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)
