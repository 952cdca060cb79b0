"""A Chinese-speaking teammate is refused in Chinese (issue 17): rights, ownership, checks on what they typed and
the team's roles, through the bus as every channel calls it; nothing is written."""
from __future__ import annotations

import re

import pytest

from crm_core import bus, i18n
from crm_core import commands as c
from crm_core.models import Deal, User
from crm_core.results import Rejected, RoleChanged

from .conftest import NOW

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def in_chinese(command, user: User):
    with i18n.speaking(i18n.CHINESE):
        return bus.handle(command, user, channel="console", now=NOW)


def english_left(result, *data: str) -> list[str]:
    said = f"{result.message} {getattr(result, 'hint', '') or ''}"
    for value in data:
        said = said.replace(value, "")
    return LATIN_WORD.findall(said)


def test_a_rep_who_may_not_change_a_role_is_told_who_may(team):
    refused = in_chinese(c.SetRole(user="sam", role="manager"), team["maria"])
    assert isinstance(refused, Rejected) and refused.code == "forbidden"
    assert refused.message == "你的角色（销售）不能这样做。"
    assert refused.hint == "只有经理和管理员可以；请找他们。"
    assert User.get_by_id(team["sam"].id).role == "rep"


def test_a_rep_may_not_move_anothers_deal(team, customers):
    Deal.create(customer=customers["acme_labs"], title="Labs pilot", amount=900, owner=team["sam"].id)
    refused = in_chinese(c.MoveDeal(customer="acme labs", stage="proposal"), team["maria"])
    assert refused.message == "商机“Labs pilot”属于Sam Lee。" and refused.hint == "请找他们或经理修改。"
    assert Deal.get().stage == "lead"


def test_a_deactivated_teammate_is_told_in_chinese(team):
    User.update(is_active=False).where(User.id == team["sam"].id).execute()
    refused = in_chinese(c.ShowMyDay(), User.get_by_id(team["sam"].id))
    assert (refused.message, refused.hint) == ("Sam Lee的账号已停用。", "请管理员重新启用。")


@pytest.mark.parametrize("command, message, hint", [
    (c.CreateDeal(customer="globex", amount=-5), "金额不能是负数（-5）。", "请给出商机的金额，例如 12k。"),
    (c.CreateDeal(customer="globex", amount=10, currency="EURO"), "“EURO”不是货币代码。", "请用 USD、EUR 或 GBP 这样的代码。"),
    (c.CreateDeal(customer="globex", amount=10, stage="maybe"), "“maybe”不是有效的阶段。", None),
    (c.Remind(when="2026-11-20", text="call"), "提醒日期 2026-11-20 已经过去了。", "请给出今天或之后的日期。"),
])
def test_what_was_typed_wrong_is_said_in_chinese(team, customers, command, message, hint):
    refused = in_chinese(command, team["maria"])
    assert isinstance(refused, Rejected) and refused.message == message
    assert hint is None or refused.hint == hint
    assert Deal.select().count() == 0


def test_an_admin_changes_a_role_in_chinese_and_the_last_admin_stays(team):
    done = in_chinese(c.SetRole(user="sam", role="manager"), team["admin"])
    assert isinstance(done, RoleChanged) and done.message == "Sam Lee现在是经理了。"
    again = in_chinese(c.SetRole(user="sam", role="manager"), team["admin"])
    assert again.message == "Sam Lee已经是经理了。"
    last = in_chinese(c.SetRole(user="ada", role="rep"), team["admin"])
    assert (last.message, last.hint) == ("Ada Admin是唯一的管理员。", "请先把别人设为管理员。")
    assert [english_left(r, "Sam Lee", "Ada Admin") for r in (done, again, last)] == [[], [], []]


def test_customers_and_deal_moves_are_said_in_chinese(team, customers):
    added = in_chinese(c.AddCustomer(customer="Hooli"), team["maria"])
    assert added.message == "已添加客户Hooli。"
    twice = in_chinese(c.AddCustomer(customer="hooli"), team["maria"])
    assert (twice.message, twice.hint) == ("Hooli已经是客户了。", "说“Hooli的情况怎么样”可以查看。")
    Deal.create(customer=customers["acme"], title="Acme renewal", amount=900, stage="proposal", owner=team["maria"].id)
    same = in_chinese(c.MoveDeal(customer="acme corporation", stage="proposal"), team["maria"])
    assert same.message == "“Acme renewal”已经在方案阶段了。"
    Deal.update(stage="won", closed_at=NOW).execute()
    closed = in_chinese(c.MoveDeal(deal_id=Deal.get().id, stage="negotiation"), team["maria"])  # its card's button
    assert closed.message == "“Acme renewal”已结束（2026年11月25日赢单）。"
    assert Deal.get().stage == "won"


def test_contacts_and_where_reminders_go_are_said_in_chinese(team, customers):
    added = in_chinese(c.AddContact(contact="Dana Ruiz", customer="globex", email="dana@globex.example"), team["maria"])
    assert not isinstance(added, Rejected)
    twice = in_chinese(c.AddContact(contact="dana ruiz", customer="globex"), team["maria"])
    assert twice.message == "Dana Ruiz已经是Globex Ltd的联系人了。"
    bad = in_chinese(c.AddContact(contact="Lee Chen", customer="globex", telegram="@x"), team["maria"])
    assert bad.message == "'@x' 不是 Telegram 用户名。"
    unlinked = in_chinese(c.SetNotifyVia(via="telegram"), team["maria"])
    assert unlinked.message == "你的 Telegram 账号还没有关联到 CRM，所以我没法把提醒发到那里。"
    assert unlinked.hint == "说“关联我的telegram”可以拿到关联你 Telegram 账号的链接。"
    assert User.get_by_id(team["maria"].id).notify_via != "telegram"
