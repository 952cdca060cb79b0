"""Team admin said to a Chinese-speaking admin (issue 17): adding a teammate, their team and territory, and the
refusals that name a teammate, through the bus; the database as the English command leaves it."""
from __future__ import annotations

from crm_core import bus, i18n
from crm_core import commands as c
from crm_core.models import AuditLog, Customer, User
from crm_core.results import Rejected, TeamChanged

from .conftest import NOW


def in_chinese(command, user: User):
    with i18n.speaking(i18n.CHINESE):
        return bus.handle(command, user, channel="console", now=NOW)


def test_adding_a_teammate_on_a_team_is_said_in_chinese(team):
    done = in_chinese(c.AddTeammate(user="Dana Ruiz", email="dana@ourco.io", role="manager", team="west"),
                      team["admin"])
    assert isinstance(done, TeamChanged)
    assert done.message == "已添加Dana Ruiz为west团队的经理。对方在 Slack 上给机器人发消息即可加入（按邮箱匹配）。"
    dana = User.get(User.email == "dana@ourco.io")
    assert (dana.name, dana.role, dana.team) == ("Dana Ruiz", "manager", "west")


def test_a_teammate_who_exists_or_a_bad_email_is_refused_in_chinese(team):
    taken = in_chinese(c.AddTeammate(user="Sam Lee"), team["admin"])
    assert (taken.message, taken.hint) == ("Sam Lee已经是同事了（sam@crm.example）。", "请换一个名字或邮箱；没有做任何修改。")
    bad = in_chinese(c.AddTeammate(user="Dana Ruiz", email="dana at ourco"), team["admin"])
    assert (bad.message, bad.hint) == ("“dana at ourco”不是邮箱地址。", "请写成 dana@example.com 这样。")
    assert User.select().count() == 4


def test_team_and_territory_are_set_and_said_in_chinese_and_audited_in_english(team):
    done = in_chinese(c.SetTeam(user="maria", team="the west team", territory="emea"), team["admin"])
    assert done.message == "Maria Lopez：团队 west，区域 emea。"
    assert User.get_by_id(team["maria"].id).territory == "emea"
    assert AuditLog.get(AuditLog.action == "set_team").description == "Maria Lopez: team west, territory emea"
    again = in_chinese(c.SetTeam(user="maria", team="west"), team["admin"])
    assert again.message == "Maria Lopez已经是这样了。"
    nothing = in_chinese(c.SetTeam(user="maria"), team["admin"])
    assert nothing.message == "Maria Lopez要改什么：团队还是区域？"


def test_a_manager_is_kept_to_their_team_in_chinese(team):
    User.update(team="west").where(User.id == team["manager"].id).execute()
    manager = User.get_by_id(team["manager"].id)
    refused = in_chinese(c.SetRole(user="sam", role="manager"), manager)
    assert isinstance(refused, Rejected) and refused.message == "Sam Lee不在你的团队（west）里。"
    assert refused.hint == "请管理员来做。"
    elsewhere = in_chinese(c.SetTeam(user="sam", team="east"), manager)
    assert (elsewhere.message, elsewhere.hint) == ("你只管理west团队。", "要用别的团队，请找管理员。")
    assert User.get_by_id(team["sam"].id).team is None


def test_teammates_named_wrongly_are_said_in_chinese(team, customers):
    unknown = in_chinese(c.SetRole(user="zoe", role="manager"), team["admin"])
    assert unknown.message == "我不知道叫“zoe”的同事。" and unknown.hint.startswith("同事：ada, maria")
    User.update(is_active=False).where(User.id == team["sam"].id).execute()
    gone = in_chinese(c.ReassignWork(from_user="maria", to_user="sam"), team["admin"])
    assert (gone.message, gone.hint) == ("Sam Lee已停用。", "请选一位在职的同事；管理员可以撤销停用。")
    same = in_chinese(c.ReassignWork(from_user="maria", to_user="maria"), team["admin"])
    assert (same.message, same.hint) == ("这还是Maria Lopez。", "请说出另一位接手的同事。")
    nothing = in_chinese(c.ReassignWork(from_user="ada", to_user="maria", what="deals"), team["admin"])
    assert (nothing.message, nothing.hint) == ("Ada Admin没有可转交的进行中的商机。", "没有做任何改动。")
    assert Customer.get(Customer.name == "Acme Corporation").owner_id == team["maria"].id


def test_team_admin_typed_in_chinese_is_understood_confirmed_and_done(team):
    """The whole way, from words: '把sam设为经理' asks to confirm (a role change is regretted), '确认' does it."""
    from crm_core.dialogue import converse
    from crm_core.results import Question, RoleChanged

    def say(text):  # answered in the language it is written in, as every front-end does
        with i18n.speaking(i18n.language_for(None, text)):
            return converse(User.get_by_id(team["admin"].id), "zh-admin", text, channel="console", now=NOW)

    [question] = say("把sam设为经理")
    assert isinstance(question, Question) and User.get_by_id(team["sam"].id).role == "rep"
    [done] = say("确认")
    assert isinstance(done, RoleChanged) and done.message == "Sam Lee现在是经理了。"
    assert User.get_by_id(team["sam"].id).role == "manager"
    [moved] = say("把maria调到west团队")
    assert isinstance(moved, TeamChanged) and User.get_by_id(team["maria"].id).team == "west"
    [roster] = say("west团队都有谁")
    assert [row[0] for row in roster.rows] == ["Maria Lopez"]
