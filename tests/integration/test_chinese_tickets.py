"""Ticket changes and replies said to a Chinese-speaking agent (issue 17), through the bus; the audit trail stays
English."""
from __future__ import annotations

from crm_core import bus, i18n
from crm_core import commands as c
from crm_core.models import AuditLog, Ticket, TicketMessage, User

from .conftest import NOW


def in_chinese(command, user: User):
    with i18n.speaking(i18n.CHINESE):
        return bus.handle(command, user, channel="console", now=NOW)


def test_a_ticket_changed_and_answered_in_chinese(team, customers):
    Ticket.create(number=1001, customer=customers["globex"], subject="Invoice missing", assignee=team["maria"].id)
    done = in_chinese(c.UpdateTicket(ticket=1001, status="pending", priority="urgent"), team["maria"])
    assert done.message == "已更新工单 #1001：处理中 → 等待回复，优先级紧急。"
    assert (Ticket.get().status, Ticket.get().priority) == ("pending", "urgent")
    assert AuditLog.get(AuditLog.action == "update_ticket").description == \
        "updated ticket #1001: open → pending, priority urgent"
    again = in_chinese(c.UpdateTicket(ticket=1001, priority="urgent"), team["maria"])
    assert again.message == "工单 #1001 已经是这样了。"
    nothing = in_chinese(c.UpdateTicket(ticket=1001), team["maria"])
    assert nothing.message == "工单 #1001 要改什么？"
    saved = in_chinese(c.ReplyToTicket(ticket=1001, body="已经补发了"), team["maria"])
    assert saved.message == "已在工单 #1001 保存你的回复；Globex Ltd没有关联聊天，所以没有发出。"
    assert TicketMessage.get().body == "已经补发了"


def test_the_filters_of_a_ticket_list_and_a_deal_list_are_said_in_chinese(team, customers):
    from bots.lists_text import heading

    tickets = in_chinese(c.ShowTickets(unassigned=True, older_days=3, breaching=True), team["admin"])
    assert tickets.description == "处理中/等待回复工单, 未分配, 超过 3 天, 已超过首次响应时限"
    deals = in_chinese(c.ShowPipeline(stage="negotiation", min_amount=50000, close_from="2026-12-01",
                                      close_to="2026-12-31", idle_days=14), team["admin"])
    with i18n.speaking(i18n.CHINESE):
        said = heading(deals)
    assert said.endswith("处于谈判阶段, 金额超过 50,000, 预计成交：2026年12月1日 – 2026年12月31日, 14 天内无活动")
