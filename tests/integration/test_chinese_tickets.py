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
