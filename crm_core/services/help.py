"""What the bot can do, as examples a rep can type."""
from __future__ import annotations

from crm_core import i18n
from crm_core.commands import Help
from crm_core.context import Context
from crm_core.results import HelpText

EXAMPLES = (
    "log a call with Acme, they want a demo, follow up friday",
    "new deal for Initech, 12k, proposal stage",
    "move the Acme deal to negotiation",
    "open a ticket for Globex: invoices missing, urgent",
    "close ticket 42 / assign #17 to maria",
    "show top 5 customers",
    "what do we know about Hooli?",
    "add customer Pied Piper, email richard@piedpiper.com",
    "how's my pipeline looking",
    "open tickets for Acme",
    "who is at risk of churning?",
    "remind me tomorrow to send Acme the contract",
    "what's due today / show my reminders this week",
    "move Acme to proposal and Globex to negotiation",
    "invite Acme (a Telegram link for the customer) / link my telegram",
    "send my reminders on telegram / notify me on slack",
    "send me a daily digest at 8am / weekly digest on mondays at 9 (24-hour unless you say am or pm: “at 5” is 05:00)",
    "stop my digest / show me the digest",
    "send the at risk customers a check-in / message the champions: Hi {first_name}, our new pricing is out",
    "how is the outreach going",
    "rename Globex to Globex Corp / change Initech's email to info@initech.com / give Initech to maria / archive Hooli",
    "merge Acme Ltd into Acme Limited (asks first, says what moves)",
    "add Dana Ruiz, CFO at Initech, dana@initech.com / contacts at Initech / Dana is now VP Finance",
    "undo",
)


CHINESE_EXAMPLES = (  # what a rep types in Chinese (crm_core/nlp/zh reads it)
    "记录一下和Acme的电话，他们要演示，周五跟进",
    "给Initech建个单子 1.2万 方案阶段",
    "把Acme的单子推进到谈判",
    "给Globex开个工单：发票缺失，紧急",
    "显示前五个客户",
    "Acme的情况怎么样",
    "提醒我明天给Acme发合同",
    "这个月要成交的单子",
    "撤销",
    "speak english / 说英文",
)


def examples() -> tuple[str, ...]:
    """The examples in the language the user is answered in."""
    return CHINESE_EXAMPLES if i18n.current() == i18n.CHINESE else EXAMPLES


def show_help(cmd: Help, ctx: Context) -> HelpText:
    return HelpText(examples=examples())
