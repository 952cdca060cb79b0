"""A rep who chose Chinese gets every kind of reply in Chinese through Slack: cards, lists, reports, edits,
reminders, contacts and team admin; only names and data stay as they were typed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from crm_core import clock
from crm_core.models import Activity, Contact, Customer, Deal, Order, Reminder, Ticket, User, utcnow
from tests.bots.slack.conftest import button_named, text_of
from tests.bots.card_history import give_a_history

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
THEIRS = ("Globex Ltd", "Acme Corporation", "Acme Labs", "Springfield", "Boston", "London", "Maria Lopez",
          "Sam Lee", "Dana Ruiz", "dana@globex.example", "Invoice missing", "crm score", "crm segment", "US$")


def bot_words_in_english(text: str) -> list[str]:
    text = re.sub(r"[\w.]+@[\w.]+|#\d+|:[a-z_]+:", "", text)  # addresses, ticket numbers, emoji codes
    for name in THEIRS:
        text = text.replace(name, "")
    return LATIN_WORD.findall(text)


def strip(reply: str, data: list[str]) -> str:
    for value in data:
        reply = reply.replace(value, "")
    return reply


@pytest.fixture
def chinese(slack) -> User:
    User.update(language="zh").where(User.email == "maria@crm.example").execute()
    return User.get(User.email == "maria@crm.example")


def ask(slack, text: str, n: int) -> str:
    slack.command(text)
    return text_of(slack.api.wait_for("response", n)[n - 1].args["blocks"])


def test_the_customer_card_in_chinese_names_the_segment_the_ratings_and_the_outlook(slack, chinese, customers):
    globex = customers["globex"]
    give_a_history(globex)

    card = ask(slack, "show globex", 1)
    assert "有流失风险" in card  # the segment
    assert "3 笔订单，最近一单是40 天前，通常每 30 天一单：未来 90 天内不再下单的概率为 35%" in card
    assert "4.0/5（1次评分）" in card
    assert bot_words_in_english(card) == []


def test_reminders_are_set_listed_snoozed_done_and_cancelled_in_chinese(slack, chinese, customers):
    set_ = ask(slack, "提醒我明天给Globex发合同", 1)
    weekly = ask(slack, "remind me to call acme labs every monday", 2)
    listed = ask(slack, "我的提醒", 3)
    snoozed = ask(slack, "snooze the globex reminder for 2 hours", 4)
    done = ask(slack, "mark the globex reminder done", 5)
    slack.command("cancel the labs reminder")
    which = slack.api.wait_for("response", 6)[5].args["blocks"]
    slack.press(button_named(which, "此次及以后所有"))
    cancelled = text_of(slack.api.wait_for("response", 7)[6].args["blocks"])
    missing = ask(slack, "cancel reminder 999", 8)

    assert "我会在" in set_ and "提醒你" in set_ and "我会每周一" in weekly
    assert "你的提醒" in listed
    assert snoozed.startswith(":white_check_mark: 已推迟。我会在")
    assert "是重复提醒：只改这一次，还是这一次及以后所有？" in text_of(which)  # a repeating one asks first
    assert "已完成" in done and "已停止重复" in cancelled and "没有编号为 #999 的提醒" in missing
    assert Reminder.select().where(Reminder.status == "pending").count() == 0
    texts = [r.text for r in Reminder.select()]  # what the rep asked to be reminded of: data
    assert "给Globex发合同" in texts  # the task only, as English keeps it: not "提醒我明天…"
    replies = [strip(reply, texts) for reply in (set_, weekly, listed, snoozed, done, text_of(which), cancelled, missing)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def test_customer_edits_and_a_merge_are_said_in_chinese(slack, chinese, customers):
    Deal.create(customer=customers["acme_labs"], title="Labs pilot", amount=900)
    said = ["rename globex to Globex Corp", "change globex corp's email to ap@globex.example", "tag globex corp as partner",
            "archive globex corp", "rename acme labs to Acme Corporation", "merge acme labs into acme corporation"]
    renamed, emailed, tagged, archived, clash, question = [ask(slack, text, n) for n, text in enumerate(said, 1)]
    assert "已更新Globex Ltd：名称：Globex Ltd → Globex Corp。" in renamed
    assert "邮箱：- → ap@globex.example" in emailed and "标签：- → partner" in tagged and "已归档" in archived
    assert "Acme Corporation已经用了名称“Acme Corporation”" in clash
    assert "将Acme Labs合并到Acme Corporation：会移过去商机 1 条" in question
    slack.press(button_named(slack.api.of("response")[-1].args["blocks"], "确认"))
    merged = text_of(slack.api.wait_for("response", 7)[6].args["blocks"])
    assert "已将Acme Labs合并到Acme Corporation：移过去商机 1 条" in merged and "说“撤销”可以恢复" in merged
    assert Deal.get().customer_id == customers["acme"].id
    assert Customer.get_by_id(customers["globex"].id).email == "ap@globex.example"
    replies = [renamed, emailed, tagged, archived, clash, question, merged]
    data = ["Globex Corp", "ap@globex.example", "partner"]
    assert [bot_words_in_english(strip(reply, data)) for reply in replies] == [[]] * len(replies)


def test_lists_and_cards_are_headed_in_chinese(slack, chinese, customers):
    globex = customers["globex"]
    Customer.update(segment="at_risk").where(Customer.id == globex.id).execute()
    Order.create(customer=globex.id, date=clock.today() - timedelta(days=5), amount=1200)
    Deal.create(customer=globex.id, title="Globex renewal", amount=5000, stage="proposal")
    Ticket.create(number=1001, customer=globex.id, subject="Invoice missing", priority="high")
    said = ["显示前五个客户", "show the pipeline", "where are we with globex", "ticket 1001", "which customers are at risk?",
            "contacts at globex"]
    top, pipeline, deal, ticket, segment, contacts = [ask(slack, text, n) for n, text in enumerate(said, 1)]
    assert "按营收排名的前几位客户" in top and "城市" in top and "有流失风险" in top
    assert "销售管道" in pipeline and "方案" in pipeline
    assert "赢单概率" in deal and "下一步：暂无计划" in deal
    assert "工单 #1001：" in ticket and "处理人" in ticket
    assert "1 个客户属于有流失风险" in segment
    assert "Globex Ltd还没有联系人" in contacts
    replies = [strip(reply, ["Globex renewal", "add Dana Ruiz, CFO at", "USD"]) for reply in
               (top, pipeline, deal, ticket, segment, contacts)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def test_deal_activity_and_ticket_edits_are_said_in_chinese(slack, chinese, customers):
    globex = customers["globex"]
    maria = User.get(User.email == "maria@crm.example")
    Deal.create(customer=globex.id, title="Globex renewal", amount=5000, stage="proposal", owner=maria.id)
    Ticket.create(number=1001, customer=globex.id, subject="Invoice missing")
    said = ["log a note with globex: they asked for references", "change my last note to a meeting",
            "next step on the globex deal: send the quote", "internal note on #1001: check the PO number",
            "delete the acme corporation deal"]
    logged, changed, next_step, noted, no_deal = [ask(slack, text, n) for n, text in enumerate(said, 1)]
    assert "已修改你与Globex Ltd的备注" in changed and "类型：备注 → 会议" in changed
    assert "已更新“Globex renewal”（Globex Ltd）：下一步：" in next_step
    assert "已在工单 #1001 添加内部备注（不会发给Globex Ltd）" in noted
    assert "删除Acme Corporation的商机" in no_deal  # a delete is confirmed first
    assert Activity.get().kind == "meeting"
    data = ["Globex renewal", "they asked for references", "send the quote", "check the PO number"]
    replies = [strip(reply, data) for reply in (changed, next_step, noted, no_deal)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def test_contacts_are_added_changed_and_removed_in_chinese(slack, chinese, customers):
    said = ["add Dana Ruiz, CFO at Globex, dana@globex.example", "change dana's email to dr@globex.example",
            "remove dana ruiz from globex", "change zed's email to z@globex.example"]
    added, changed, removed, unknown = [ask(slack, text, n) for n, text in enumerate(said, 1)]
    assert "已把Dana Ruiz, CFO,添加为Globex Ltd的联系人" in added
    assert "邮箱：dana@globex.example → dr@globex.example" in changed
    assert "我不知道叫“zed”的联系人" in unknown
    assert Contact.get().email == "dr@globex.example"  # a removal is confirmed first
    replies = [strip(reply, ["CFO", "contacts at", "add zed", "title", "at <", "dana ruiz", "zed"]) for reply in (added, changed, removed, unknown)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def test_a_bulk_move_of_a_teammates_work_is_confirmed_and_said_in_chinese(slack, chinese, customers):
    User.update(role="admin").where(User.id == chinese.id).execute()
    bob = User.create(name="Bob Stone", role="rep", email="bob@crm.example")
    User.create(name="Sam Lee", role="rep", email="sam@crm.example")
    Customer.update(owner=bob.id).where(Customer.id == customers["globex"].id).execute()
    question = ask(slack, "give all of bob's accounts to sam", 1)
    assert "把Bob Stone的1 个客户 (Globex Ltd)转给Sam Lee" in question
    slack.press(button_named(slack.api.of("response")[-1].args["blocks"], "确认"))
    done = text_of(slack.api.wait_for("response", 2)[1].args["blocks"])
    assert "已把Bob Stone的1 个客户 (Globex Ltd)转给Sam Lee。说“撤销”可以恢复。" in done
    assert Customer.get_by_id(customers["globex"].id).owner.name == "Sam Lee"
    replies = [strip(reply, ["Bob Stone"]) for reply in (question, done)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * len(replies)


def test_report_tables_are_headed_in_chinese(slack, chinese, customers):
    leaderboard = ask(slack, "leaderboard this quarter", 1)
    london = ask(slack, "customers in london", 2)
    assert "排行榜：赢单" in leaderboard and "这段时间没有赢单。" in leaderboard
    assert "最近联系" in london and "最近下单" in london and "负责人" in london
    assert "Rep" not in leaderboard and "Last contact" not in london


def test_a_customers_history_my_day_and_report_notes_are_in_chinese(slack, chinese, customers):
    """The timeline's and my day's titles, kinds and notes, and a report's totals line (issue 17)."""
    globex, now = customers["globex"], clock.utcnow()
    Activity.create(customer=globex, kind="call", summary="asked for references", user=chinese.id,
                    occurred_at=now - timedelta(days=5), follow_up=(now - timedelta(days=2)).date())
    Deal.create(customer=globex, title="Globex renewal", amount=500, stage="proposal", owner=chinese.id,
                expected_close=(now + timedelta(days=3)).date())
    Deal.create(customer=globex, title="Globex pilot", amount=100, stage="won", owner=chinese.id, closed_at=now)
    Deal.create(customer=globex, title="Globex add-on", amount=50, stage="lost", owner=chinese.id, closed_at=now)
    Ticket.create(number=1001, customer=globex, subject="Invoice missing", priority="urgent", assignee=chinese.id)

    history = ask(slack, "what's our history with globex", 1)
    day = ask(slack, "what's on my plate", 2)
    rate = ask(slack, "win rate this quarter", 3)
    assert "与Globex Ltd的往来记录" in history and "最近联系：" in history and "（电话）" in history
    assert "新建了Globex renewal" in history and "条记录" in history and "工单" in history
    assert "你的今天 — Maria Lopez" in day and "跟进" in day and "方案" in day and "紧急" in day
    assert "合计：赢单 1 个，输单 1 个，赢单率 50%" in rate
    data = ["Globex renewal", "Globex pilot", "Globex add-on", "asked for references", "Invoice missing"]
    assert [bot_words_in_english(strip(reply, data)) for reply in (history, day, rate)] == [[], [], []]


def test_a_correction_and_what_it_cannot_correct_are_said_in_chinese(slack, chinese, customers):
    ask(slack, "new deal with globex 10k", 1)
    corrected = ask(slack, "不对，是1.5万", 2)
    no_date = ask(slack, "我是说周二", 3)
    assert "已更改：商机金额 US$10,000.00 -&gt; US$15,000.00。" in corrected  # Slack escapes ">"
    assert "你上一次的改动没有可更正的日期。" in no_date
    assert float(Deal.get().amount) == 15000
    assert [bot_words_in_english(reply) for reply in (corrected, no_date)] == [[], []]


def test_a_digest_subscription_and_its_refusals_are_said_in_chinese(slack, chinese, customers):
    refused = ask(slack, "每天早上8点给我发日报", 1)
    assert "摘要只发给经理和管理员；你的角色是销售。" in refused
    User.update(role="manager").where(User.id == chinese.id).execute()
    weekly = ask(slack, "每周一9点发周报给我", 2)
    stopped = ask(slack, "stop my digest", 3)
    again = ask(slack, "stop my digest", 4)
    assert "我会每周一 09:00（" in weekly and "给你发摘要。第一份于" in weekly
    assert "你的摘要已停止。" in stopped and "你没有可以停止的摘要。" in again
    zone = User.get_by_id(chinese.id).timezone or "UTC"
    replies = [strip(reply, [zone, "how's my pipeline", "Slack"]) for reply in (refused, weekly, stopped, again)]
    assert [bot_words_in_english(reply) for reply in replies] == [[]] * 4


def test_the_app_home_of_a_chinese_speaking_rep_is_in_chinese(slack, chinese, customers):
    Deal.create(customer=customers["globex"], title="Globex renewal", amount=12000, stage="proposal", owner=chinese)
    Reminder.create(user=chinese, customer=customers["acme"], text="Call Acme about the demo", due_at=utcnow(),
                    status="sent")
    slack.event({"type": "app_home_opened", "user": "UMARIA", "channel": "D0MARIA", "tab": "home",
                 "event_ts": "1700000400.000400"})
    [published] = slack.api.wait_for("views.publish")
    shown = text_of(published.args["view"]["blocks"])
    assert "我的进行中商机" in shown and "方案" in shown and "US$12,000.00" in shown  # the stage, Babel's money
    assert "我今天到期的提醒" in shown and "没有分配给你的未结工单" in shown
    assert [b["text"]["text"] for b in published.args["view"]["blocks"] if b.get("type") == "actions"
            for b in b["elements"]][:4] == ["完成", "1 小时", "明天", "下周"]
    assert bot_words_in_english(strip(shown, ["Globex renewal", "Call Acme about the demo", "Maria", "`/crm`"])) == []
