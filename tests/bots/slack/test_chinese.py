"""A rep who writes to the Slack bot in Chinese logs, creates and moves a deal, opens a ticket, asks and undoes, and
is answered in Chinese every time (buttons included); the database holds what was said."""
from __future__ import annotations

import re

from crm_core.models import Activity, Deal, Ticket, User
from tests.bots.slack.conftest import button_named, buttons, text_of

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
THEIRS = ("Globex Ltd deal", "Globex Ltd", "Globex", "London", "Maria Lopez", "US$")  # names: not the bot's words


def dm(text: str, n: int) -> dict:
    ts = f"17000003{n:02d}.000100"
    return {"type": "message", "channel_type": "im", "user": "UMARIA", "text": text, "ts": ts, "channel": "D0MARIA",
            "event_ts": ts}


def bot_words_in_english(text: str) -> list[str]:
    text = re.sub(r"[\w.]+@[\w.]+|#\d+|:[a-z_]+:", "", text)  # addresses, ticket numbers, emoji codes
    for name in THEIRS:
        text = text.replace(name, "")
    return LATIN_WORD.findall(text)


def test_a_conversation_in_chinese_is_answered_in_chinese(slack, customers):
    said = ["记录一下和Globex的电话，他们要演示，周五跟进", "给Globex建个单子 2万", "把Globex的单子推进到谈判",
            "给Globex开个工单：发票缺失，紧急", "Globex的情况怎么样"]
    for n, text in enumerate(said, 1):
        assert slack.event(dm(text, n)).status == 200
        slack.api.wait_for("chat.postMessage", n)
    logged, created, moved, opened, card = (post.args["blocks"] for post in slack.api.of("chat.postMessage"))

    assert "已记录与Globex Ltd的电话。我会在" in text_of(logged)
    assert [b["text"]["text"] for b in buttons(logged)][0] == "撤销"
    assert "已为Globex Ltd新建商机" in text_of(created) and "20,000" in text_of(created)
    assert "从线索推进到谈判" in text_of(moved)
    assert "已为Globex Ltd开工单 #1001：发票缺失" in text_of(opened)
    assert "进行中的商机" in text_of(card) and "谈判" in text_of(card) and "未结工单" in text_of(card)
    globex = customers["globex"]
    assert Activity.get(Activity.customer == globex.id).kind == "call"
    assert Deal.get(Deal.customer == globex.id).stage == "negotiation"
    assert Ticket.get(Ticket.customer == globex.id).priority == "urgent"

    slack.press(button_named(opened, "撤销"), channel="D0MARIA")
    undone = slack.api.wait_for("response")[0]
    assert "已撤销：新开的工单。" in text_of(undone.args["blocks"])
    assert Ticket.select().count() == 0

    every_reply = [text_of(blocks) for blocks in (logged, created, moved, opened, card, undone.args["blocks"])]
    assert [bot_words_in_english(reply) for reply in every_reply] == [[]] * 6
    assert User.get(User.email == "maria@crm.example").language is None  # answered by what she writes, nothing stored


def test_a_new_member_whose_slack_is_in_chinese_is_answered_in_chinese(slack, customers):
    slack.api.add_user("UWANG", "Wang Wei", "wang@crm.example", locale="zh-CN")
    slack.api.add_user("USAM", "Sam Lee", "sam@crm.example", locale="en-US")
    slack.event({**dm("show globex", 1), "user": "UWANG", "channel": "D0WANG"})
    slack.event({**dm("show globex", 2), "user": "USAM", "channel": "D0SAM"})
    cards = {post.args["channel"]: text_of(post.args["blocks"]) for post in slack.api.wait_for("chat.postMessage", 2)}
    assert "营收" in cards["D0WANG"] and "Revenue" in cards["D0SAM"]
    assert User.get(User.slack_user_id == "UWANG").language == "zh"
    assert User.get(User.slack_user_id == "USAM").language is None  # English needs no choice
