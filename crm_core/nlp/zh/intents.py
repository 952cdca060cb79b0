"""Which intent a Chinese message says: the first rule whose cue words are there (on the masked text, where a
customer's name is Ⓒ). Order matters: the dialogue acts and the specific requests come before the broad reads."""
from __future__ import annotations

import re

from crm_core.nlp.zh import reminders, team
from crm_core.nlp.zh.names import person_names
from crm_core.nlp.zh.rules import KINDS, MASK, QUESTION, SEGMENTS, Said

DEAL = r"单子|商机|交易|deal|机会|那单|新单|这单|pipeline|漏斗|赢率|赢单了|签了吗|的单(?:有|$|\s)"
TICKET_WORD = r"工单|工但|ticket"
_TELEGRAM = r"telegram|电报"
_PRONOUN = r"它|他们|她们|他家|这单|那单|这个单子|那个单子|这家|那家|对方|把单子|把商机"
_CHANNEL = r"telegram|电报|slack|邮件|email|短信|sms|whatsapp"
_ROSTER = r"团队(?:成员|名单|列表|里?都?有谁|里?有哪些人)|(?:同事|组员)(?:都?有谁|有哪些人?|名单|列表)|谁在\S{0,8}团队"


def _short(s: Said, limit: int = 12) -> bool:
    return len(s.masked.strip()) <= limit


def intent_of(s: Said) -> str:  # noqa: C901 - one ordered table of rules, read top to bottom
    m, named = s.masked, bool(s.customers)
    asking = QUESTION.search(m) is not None
    if re.search(r"撤销|撤回|撤消|撤了|撤掉|undo|恢复回去|退回上一步|反悔", m):
        return "undo"
    if (admin := team.read(s)) is not None:  # "把sam设为经理", "停用bob的账号", "新增团队成员Ethan Brooks"
        return admin.intent
    if not named and re.search(_ROSTER, m):  # "我们团队有谁", "west团队都有谁": a question, never a team change
        return "show_team"
    if re.search(r"摘要|日报|周报|月报|汇总|简报|digest", m) and not named and not re.search(r"提醒我|提醒下我", m):
        if re.search(r"取消|退订|不要再|别发|别再|不用发|关掉|关闭|停掉|停了", m):
            return "unsubscribe_digest"
        if re.search(r"订阅|开通", m) or re.search(r"每天|每日|每周|每个?月|每个?星期", m) and "发" in m:
            return "subscribe_digest"
        if re.search(r"看|发我|给我|显示|查看|呢|今天的|团队|^\s*\S{0,4}$", m):
            return "show_digest"
    if not named and _short(s) and (re.match(r"^\s*(?:算了|取消|不用了|不要了|没事了?|先不弄了|别弄了|先不|不弄了|cancel)", m)
                                     or re.search(r"不弄了|别弄了|先这样吧|算了吧?$", m)):
        return "cancel"
    if re.match(r"^\s*(?:不对|不是|我是说|我说的是|说错了|写错了|应该是|是说)", m):
        return "correct"
    if not named and re.search(r"帮助|怎么用|能做什么|能干什么|会干啥|会做什么|有哪些功能|什么功能|使用说明|^\s*help|"
                               r"帮帮我|怎么建|教我|不会用|教程|说明书|指南|能干嘛|能干啥|会干嘛|能做啥|能帮我做什么", m):
        return "help"
    if not named and re.search(r"通知|提醒", m) and re.search(_CHANNEL, m) \
            and re.search(r"发到|通过|改到|走|用|发|改成|换成", m) and not s.when():
        return "set_notify_via"
    if named and re.search(r"邀请|拉到|拉进|加入|invite", m):
        return "invite_customer"
    if not named and re.search(_TELEGRAM, m) and re.search(r"我|链接|绑定|连上", m):
        return "invite_rep"
    if re.search(r"群发|外联|outreach", m) and re.search(r"进度|情况|发完|到哪|历史|状态|多少", m):
        return "show_outreach"
    segment = any(word in m for word, _ in SEGMENTS)
    if segment and (re.search(r"群发", m) or re.search(r"发(?:个|条|一条)?消息|发(?:个|条)?通知", m)):
        return "send_outreach"
    if re.search(r"联系人|认识谁", m):
        if re.search(r"删|移除|去掉", m):
            return "delete_contact"
        if re.search(r"新增|添加|加个|加一个|新加|增加", m) and person_names(m):
            return "add_contact"
        return "show_contacts"
    if not named and person_names(m) and re.search(r"(?:邮箱|电话|手机|telegram)\S*(?:改成|换成|是)|现在是|升职|调岗", m):
        return "update_contact"
    if len(s.customers) > 1 and re.search(r"合并|重复|去重", m):
        return "merge_customers"
    if named and not re.search(TICKET_WORD, m) and re.search(
            r"改名|邮箱改|城市改|标签|归档|(?:交给|转给)\s*(?:我|[a-z]{2,})\s*$", m):
        return "update_customer"
    if segment and not named and not re.search(DEAL + "|" + TICKET_WORD, m) \
            and (re.search(r"客户|分群", m) and not re.search(r"新增客户|新客户\s*[:,]|添加客户", m)):
        if not re.search(r"新客户", m) or re.search(r"分群|有哪些|列表|名单", m):
            return "show_segment"
    if re.search(r"新增客户|新客户|添加客户|加一个客户|加个客户|录个新客户|新建客户|创建客户", m) \
            and not re.search(DEAL, m):
        return "add_customer"
    if (change := reminders.intent_of(s)) is not None:  # "把Acme的提醒推迟到周一", "取消12号提醒"
        return change
    if re.search(r"提醒我|提醒下我|设个提醒|设置提醒", m) and not re.search(r"提醒我的|我的提醒", m):
        return "remind"
    ticket = s.ticket()
    if ticket is not None:
        if not asking and re.search(r"关闭|关了|关掉|已解决|解决了|搞定|改成|改为|优先级|分配|交给|分给|重新打开|重开|"
                                    r"挂起|调高|调低|close|reopen|给\s*(?:我|[a-z]{2,})\s*$", m):
            return "update_ticket"
        return "show_ticket"
    if re.search(TICKET_WORD, m):
        if re.search(r"开|建|提|创建|新建|报|open\s+an?\b|new\s+ticket|create|raise|file", m) \
                and not re.search(r"哪些|列出|所有|多少|几个", m):
            return "open_ticket"
        return "show_tickets"
    if re.search(r"提醒我|提醒下我|提醒一下|设个提醒|设置提醒|叫我|提醒", m):
        if not re.search(r"提醒我|提醒下我|叫我|设个?提醒|设置提醒", m) and (asking or re.search(r"我的|有哪些|这周|未来", m)) \
                or re.search(r"^\s*我的提醒|有哪些提醒|提醒有哪些", m):
            return "show_reminders"
        return "remind"
    if re.search(r"待办|要做什么|要干什么|有啥要做|todo", m):
        return "show_reminders"
    if re.search(r"记得", m) and re.search(r"叫我|喊我", m):
        return "remind"
    if not named and re.search(r"客户", m) and re.search(
            r"前\s*(?:\d+|[一二两三四五六七八九十]+)|top\s*\d+|最大|消费最多|评分最高|收入最高|头部|最值钱|最有价值|大客户", m):
        return "show_top_customers"
    if re.search(r"top\s*\d+", m) and re.search(r"客户", m):
        return "show_top_customers"
    return _deal_or_customer(s, asking)


def _deal_or_customer(s: Said, asking: bool) -> str:
    m, named = s.masked, bool(s.customers)
    stage = s.stage()
    if re.search(r"新建|新增|新加|新商机|新单|新机会|建个|建一个|创建|加个|开个|录一下|录个|录一个|新的单|新deal", m) \
            and re.search(DEAL + r"|单", m) and (s.amounts() or named) or re.search(r"开个单|建个单", m):
        return "create_deal"
    if not named and re.search(_PRONOUN, m):  # "把它推到谈判": the conversation names the customer
        if stage and not asking and re.search(r"推进|推到|移到|改|标成|标记|挪到|进入|move", m):
            return "move_deal"
        if not asking and re.search(r"金额|调整|调到|涨到|降到|改成|改到", m) and s.amounts():
            return "update_deal"
        if not asking and _kind_said(s):
            return "log_activity"
    if not named:
        if re.search(DEAL, m):
            return "show_pipeline"
        return "unknown"
    if stage and not asking and re.search(r"推进|推到|移到|改|标成|标记|挪到|进入|move|阶段|签了|丢了|到", m):
        return "move_deal"
    if not asking and re.search(r"金额|现在是|调整|调到|涨到|降到|应该是|改到|预计|改成|结单|关单", m) \
            and (s.amounts() or s.when()):
        return "update_deal"
    if re.search(DEAL, m) or re.search(r"赢单|赢率|能成|成交了吗|签了吗|那单", m):
        return "show_deal"
    if not asking and _kind_said(s):
        return "log_activity"
    if asking or re.search(_LOOK_UP, m):
        return "show_customer"
    return "log_activity" if MASK in m else "unknown"


# a request to see the customer: "显示Acme" is a look-up, never a note about Acme
_LOOK_UP = re.compile(r"^\s*(?:请|帮我)?(?:看看|查一下|查查|查|看下|看一下|显示|给我看|打开|搜索|搜一下|搜|找一下|查找|调出)"
                      r"|资料|信息|情况|联系方式")


def _kind_said(s: Said) -> bool:
    return any(rx.search(s.masked) for _, rx in KINDS)
