"""A customer who writes in Chinese gets the whole ticket flow in Chinese: the acknowledgement, the business-hours
notice, /status, an agent's answer, the rating request and its thanks, also when the worker sends them later."""
from __future__ import annotations

import time
from datetime import timedelta

import bots.telegram.senders  # noqa: F401  (registers the "telegram." sender)
from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer, Ticket, utcnow
from tests.bots.telegram.conftest import add_customer, outbox_rows
from tests.fakes.telegram_api import TgUser
from workers.actors.outbox import Outcome, deliver

WANG = TgUser(7101, "伟", "王", "wangwei", language_code="zh-hans")
LI = TgUser(7102, "Li", None, "lili", language_code="en")  # an English client; she writes in Chinese


def delivered(row_id: int) -> Outcome:
    """Sent once the chat's rate slot is free (Telegram allows about one message a second in a chat)."""
    outcome = deliver(row_id)
    while outcome.status == "limited":
        time.sleep(outcome.retry_in)
        outcome = deliver(row_id)
    return outcome


def test_a_chinese_customer_gets_the_ticket_flow_in_chinese(bot, tg_api, tg_settings, rep, monkeypatch):
    opens = (utcnow() + timedelta(hours=12)).replace(second=0, microsecond=0)
    monkeypatch.setenv("CRM_BUSINESS_HOURS", f"Mon-Sun {opens:%H:%M}-{opens + timedelta(minutes=1):%H:%M}")
    tg_settings.cache_clear()
    customer = add_customer("Acme Corporation", tg=WANG)

    tg_api.message(WANG, "发票不见了 能帮忙查一下吗")
    ack = tg_api.wait_for("sendMessage", chat_id=WANG.id)[0]["text"]
    assert ack.startswith("已收到工单 #1001，我们会在这里回复您。\n现在是非工作时间（")
    assert ack.endswith(f"{opens:%H:%M}之后回复您。")
    assert Customer.get_by_id(customer.id).telegram_language == "zh"

    tg_api.command(WANG, "status")
    status = tg_api.wait_for("sendMessage", chat_id=WANG.id, after=1)[-1]["text"]
    assert status == "<b>您的工单</b>\n#1001 · 发票不见了 能帮忙查一下吗 — <b>处理中</b>"

    bus.handle(c.ReplyToTicket(ticket=1001, body="已经补发了"), rep)
    assert delivered(outbox_rows("telegram.message")[0].id).status == "sent"
    assert tg_api.sent(WANG.id)[-1]["text"] == "<b>工单 #1001</b>\n已经补发了"

    bus.handle(c.UpdateTicket(ticket=1001, status="resolved"), rep)
    assert delivered(outbox_rows("telegram.csat")[0].id).status == "sent"
    prompt = tg_api.sent(WANG.id)[-1]["text"]
    assert prompt == "工单 #1001（“发票不见了 能帮忙查一下吗”）已解决。您对我们的服务满意吗？1 分最差，5 分最好。"
    tg_api.press(WANG, "csat:1001:5")
    assert tg_api.wait_for("answerCallbackQuery")[0]["text"] == "谢谢！您给工单 #1001 的评分是 5/5。"
    assert Ticket.get().csat_score == 5


def test_what_a_customer_writes_in_wins_over_their_clients_language(bot, tg_api):
    add_customer("Globex", tg=LI)
    tg_api.message(LI, "我的账户登录不了")
    assert tg_api.wait_for("sendMessage", chat_id=LI.id)[0]["text"] == "已收到工单 #1001，我们会在这里回复您。"
    tg_api.message(LI, "Any news on this?")  # written in English: the answer is in English again
    assert tg_api.wait_for("sendMessage", chat_id=LI.id, after=1)[-1]["text"] == \
        "Ticket #1001 received, we'll answer here."


def test_an_english_customer_is_answered_as_before(bot, tg_api):
    add_customer("Initech", tg=TgUser(7103, "Sam"))
    tg_api.message(TgUser(7103, "Sam"), "printer broken")
    assert tg_api.wait_for("sendMessage", chat_id=7103)[0]["text"] == "Ticket #1001 received, we'll answer here."


def test_a_chinese_customer_is_refused_in_chinese(bot, tg_api, rep):
    """A rating too early, a used-up invite link and someone else's contact card: said in the customer's language,
    and nothing is written."""
    add_customer("Acme Corporation", tg=WANG)
    tg_api.message(WANG, "发票不见了")
    tg_api.wait_for("sendMessage", chat_id=WANG.id)
    tg_api.press(WANG, "csat:1001:5")
    early = tg_api.wait_for("answerCallbackQuery")[0]["text"]
    assert early.startswith("工单 #1001 还在处理中。") and Ticket.get().csat_score is None

    stranger = TgUser(7104, "芳", "张", "zhangfang", language_code="zh-hans")
    tg_api.command(stranger, "start", "expiredcode123")
    expired = tg_api.wait_for("sendMessage", chat_id=stranger.id)[-1]["text"]
    assert expired.startswith("这个邀请链接已过期或已被使用。")
    tg_api.contact(stranger, "+8613800138000", contact_user_id=9999)
    someone_else = tg_api.wait_for("sendMessage", chat_id=stranger.id, after=1)[-1]["text"]
    assert someone_else.startswith("这是别人的联系方式。")
    assert Customer.select().where(Customer.telegram_user_id == stranger.id).count() == 0
