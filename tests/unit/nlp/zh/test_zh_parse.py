"""Chinese and mixed messages give the English parser's frames (issue 17): the issue's phrasings, names found by
Chinese name with or without suffix, homophone, pinyin or English name, and Chinese dates, amounts and stages."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest

from crm_core.nlp_commands import parse
from crm_core.resolve import CustomerIndex, CustomerResolver

NOW = datetime(2026, 11, 25, 10, 0)  # a Wednesday, as in the corpus
TENCENT, XINGCHEN = "腾讯科技有限公司 (Tencent)", "星辰咨询有限公司"


@pytest.fixture(scope="module")
def resolver() -> CustomerResolver:
    return CustomerResolver(CustomerIndex.from_names(["Acme Corporation", "Globex Ltd", "Initech", TENCENT, XINGCHEN,
                                                      "阿里巴巴集团 (Alibaba)"]))


def said(text: str, resolver) -> tuple[str, dict]:
    result = parse(text, NOW, resolver)
    return result.intent, {k: v for k, v in result.slots.items() if k not in ("summary", "subject", "text")}


@pytest.mark.parametrize("text, intent, slots", [
    ("记录一下和Acme的电话，他们要演示，周五跟进", "log_activity",
     {"kind": "call", "customer": "Acme Corporation", "follow_up": "2026-11-27"}),
    ("把Acme的单子推进到谈判", "move_deal", {"customer": "Acme Corporation", "stage": "negotiation"}),
    ("给Globex开个工单：发票缺失，紧急", "open_ticket", {"customer": "Globex Ltd", "priority": "urgent"}),
    ("显示前五个客户", "show_top_customers", {"limit": 5}),
    ("Acme的情况怎么样", "show_customer", {"customer": "Acme Corporation"}),
    ("提醒我明天给Acme发合同", "remind", {"customer": "Acme Corporation", "when": "2026-11-26"}),
    ("这个月要成交的单子", "show_pipeline", {"close_from": "2026-11-01", "close_to": "2026-11-30"}),
])
def test_the_issues_phrasings(resolver, text, intent, slots):
    assert said(text, resolver) == (intent, slots)


@pytest.mark.parametrize("text, task", [
    ("提醒我明天给Globex发合同", "给Globex发合同"),
    ("明天9点提醒我给Initech打电话", "给Initech打电话"),
    ("礼拜五提醒我一下 续约的事", "续约的事"),
    ("设个提醒 12月3日下午2点半 开会", "开会"),
    ("每周一提醒我看报表", "看报表"),
    ("记得周四下午5点叫我给星辰咨询回电话", "给星辰咨询回电话"),
    ("提醒我周五 Call Acme back", "Call Acme back"),
])
def test_a_reminder_keeps_only_its_task_as_english_does(resolver, text, task):
    """The reminder's text is what to do, as written: not the asking words nor the time (they are its date)."""
    assert parse(text, NOW, resolver).slots["text"] == task


@pytest.mark.parametrize("name", ["腾讯", "腾讯科技", "腾讯科技有限公司", "Tencent", "tengxun", "腾迅"])
def test_a_customer_is_found_by_chinese_name_suffix_or_not_english_name_pinyin_or_homophone(resolver, name):
    assert said(f"{name}的单子怎么样了", resolver) == ("show_deal", {"customer": TENCENT})


def test_a_name_with_no_english_is_found_without_its_suffix_and_by_pinyin(resolver):
    assert said("星辰咨询推到报价", resolver) == ("move_deal", {"customer": XINGCHEN, "stage": "proposal"})
    assert said("给xingchen开个工单 登录不了", resolver) == ("open_ticket", {"customer": XINGCHEN})


@pytest.mark.parametrize("amount, value, currency", [
    ("1.2万", 12000, None), ("12万元", 120000, "CNY"), ("5千", 5000, None), ("¥20k", 20000, "CNY"),
    ("3百万", 3000000, None), ("6万5", 65000, None), ("两万", 20000, None), ("2.5万美元", 25000, "USD")])
def test_amounts(resolver, amount, value, currency):
    slots = {"customer": "Initech", "amount": value, **({"currency": currency} if currency else {})}
    assert said(f"给Initech新建一个单子 {amount}", resolver) == ("create_deal", slots)


@pytest.mark.parametrize("when, expected", [
    ("今天", "2026-11-25"), ("明天", "2026-11-26"), ("后天", "2026-11-27"), ("下周一", "2026-11-30"),
    ("周五", "2026-11-27"), ("月底", "2026-11-30"), ("3天后", "2026-11-28"), ("12月3日", "2026-12-03"),
    ("明天下午3点", "2026-11-26T15:00"), ("下午3点", "2026-11-25T15:00")])
def test_dates_and_times(resolver, when, expected):
    assert said(f"提醒我{when}给Initech打电话", resolver) == ("remind", {"customer": "Initech", "when": expected})


@pytest.mark.parametrize("stage, expected", [
    ("线索", "lead"), ("合格", "qualified"), ("已确认需求", "qualified"), ("方案", "proposal"), ("报价", "proposal"),
    ("谈判", "negotiation"), ("赢单", "won"), ("成交", "won"), ("签约", "won"), ("输单", "lost"), ("丢单", "lost")])
def test_stages(resolver, stage, expected):
    assert said(f"把Initech的单子推进到{stage}", resolver) == ("move_deal", {"customer": "Initech", "stage": expected})


@pytest.mark.parametrize("text, slots", [
    ("关闭工单42", {"ticket": 42, "status": "closed"}), ("工单42已解决", {"ticket": 42, "status": "resolved"}),
    ("42号工单重新打开", {"ticket": 42, "status": "open"}), ("#42改成紧急", {"ticket": 42, "priority": "urgent"}),
    ("工单42优先级改成低", {"ticket": 42, "priority": "low"}), ("把工单42分配给maria", {"ticket": 42, "assignee": "maria"})])
def test_ticket_states_priorities_and_assignees(resolver, text, slots):
    assert said(text, resolver) == ("update_ticket", slots)


def test_a_question_about_a_ticket_never_writes(resolver):
    assert said("工单42解决了吗", resolver) == ("show_ticket", {"ticket": 42})


def test_a_customer_in_an_email_address_is_not_the_customer_named(resolver):
    """ "change Dana's email to dana@acme.com" once changed Acme's own email: the domain named the customer."""
    intent, slots = said("把Dana的邮箱改成dana@acme.com", resolver)
    assert intent != "update_customer" and "customer" not in slots
    assert said("把Acme的邮箱改成info@acme.com", resolver) == (
        "update_customer", {"customer": "Acme Corporation", "email": "info@acme.com"})


def test_chatter_is_not_a_command(resolver):
    assert said("今天天气不错", resolver)[0] == "unknown"
    assert said("午饭吃什么", resolver)[0] == "unknown"


def test_english_messages_never_load_the_chinese_parser():
    code = ("import sys; from datetime import datetime; from crm_core.nlp_commands import parse; "
            "parse('log a call with acme', datetime(2026, 11, 25, 10), None); "
            "print(sorted(m for m in sys.modules if m.startswith(('pypinyin', 'jieba', 'crm_core.nlp.zh.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_english_naming_a_customer_in_chinese_is_read_by_the_english_parser(resolver):
    assert said("log a call with 腾讯, follow up friday", resolver) == (
        "log_activity", {"kind": "call", "customer": TENCENT, "follow_up": "2026-11-27"})
    assert said("move the 腾讯 deal to negotiation", resolver) == (
        "move_deal", {"customer": TENCENT, "stage": "negotiation"})
    assert said("open a ticket for 星辰咨询: login broken", resolver)[:1] == ("open_ticket",)


@pytest.mark.parametrize("text", ["显示Acme", "显示一下腾讯", "给我看Acme", "打开Globex", "搜索Initech", "请显示Acme"])
def test_asking_to_see_a_customer_looks_it_up_and_writes_nothing(resolver, text):
    intent, _ = said(text, resolver)
    assert intent == "show_customer"


@pytest.mark.parametrize("text, slots", [
    ("我们团队有谁", {"team": "me"}), ("我的同事都有谁", {"team": "me"}), ("west团队都有谁", {"team": "west"}),
    ("谁在华东团队", {"team": "华东"}), ("团队成员名单", {}), ("整个团队名单", {}),
])
def test_who_is_on_the_team_is_a_question_about_the_team(resolver, text, slots):
    assert said(text, resolver) == ("show_team", slots)


@pytest.mark.parametrize("text", ["我们团队这个月赢了三单", "给腾讯开个工单：团队成员登录不了"])
def test_a_message_that_only_mentions_the_team_is_not_the_roster(resolver, text):
    assert said(text, resolver)[0] != "show_team"


@pytest.mark.parametrize("text, intent, slots", [
    ("把olga设为经理", "set_role", {"user": "olga", "role": "manager"}),
    ("把olga调到north团队", "set_team", {"user": "olga", "team": "north"}),
    ("停用olga的账号 客户都转给lucas", "deactivate_user", {"user": "olga", "reassign_to": "lucas"}),
    ("把olga的工单都转给lucas", "reassign_work", {"from_user": "olga", "to_user": "lucas", "what": "tickets"}),
    ("新同事Olga Kim 经理 olga@ourco.io", "add_teammate", {"user": "Olga Kim", "role": "manager",
                                                         "email": "olga@ourco.io"}),
])
def test_team_admin_in_chinese(resolver, text, intent, slots):
    assert said(text, resolver) == (intent, slots)


@pytest.mark.parametrize("text", ["olga是经理吗", "olga今天请假", "前十的客户给我看看", "把腾讯交给olga"])
def test_what_only_sounds_like_team_admin_is_not(resolver, text):
    assert said(text, resolver)[0] not in ("set_role", "set_team", "deactivate_user", "reassign_work", "add_teammate")
