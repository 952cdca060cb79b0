"""Doing something with a reminder already set, said in Chinese (the English rules: crm_core/nlp/reminder_edits.py).

    "Acme的提醒完成了", "把发票那个提醒标记完成", "取消Acme的提醒", "删掉12号提醒", "把Acme的提醒推迟到周一",
    "提醒往后推一小时", "稍后再提醒我 半小时", "Initech的跟进改到明天下午3点"

A change wants the reminder noun (提醒, 跟进) and its own verb, and never opens with "提醒我" (that sets one). The
reminder is named by its customer, by its number, or by the words before "的提醒"; the service finds it.
"""
from __future__ import annotations

import re

from crm_core.nlp.zh.numbers import NUMERAL, number
from crm_core.nlp.zh.rules import Frame, Said

_NOUN = r"(?:提醒|跟进|闹钟)"
_SETS = re.compile(r"^\s*(?:请|帮我|麻烦)?\s*(?:提醒我|提醒下我|提醒一下我|设个?提醒|设置提醒|新建提醒|加个?提醒)")
_DONE = re.compile(r"完成|做完|搞定|办完|已办|done|处理完|弄完")
_CANCEL = re.compile(r"取消|删除|删掉|删了|去掉|关掉|不要了|不用了|别再提醒|不用再提醒|不要再提醒|停掉")
_MOVE = re.compile(r"推迟|延后|往后推|推到|挪到|改到|改成|延到|顺延|调到|移到|换到")
_SNOOZE = re.compile(r"稍后|晚点|过会儿?|待会儿?|再提醒|稍等")
_N = r"(\d+|" + NUMERAL + r"|半)"
_SPAN = re.compile(_N + r"\s*(?:个)?\s*(小时|钟头|分钟|天|周|星期|礼拜)")
_ID = re.compile(r"(?:提醒|跟进)\s*#?\s*(\d+)|(\d+)\s*号\s*(?:提醒|跟进)")
_NAMING = re.compile(r"(?:把|将|那个|这个)?\s*([^\s的把将，,。]{1,12}?)\s*(?:的|那个|这个)?\s*" + _NOUN)
_NOT_NAMING = frozenset(("我", "我的", "这", "那", "这个", "那个", "一个", "所有", "全部", ""))


def intent_of(s: Said) -> str | None:
    """The change said, or None when the message doesn't change a reminder."""
    m = s.masked
    if _SETS.search(m) or not re.search(_NOUN, m):
        return None
    if _DONE.search(m):
        return "complete_reminder"
    if _CANCEL.search(m):
        return "cancel_reminder"
    if _SPAN.search(m) and (_MOVE.search(m) or _SNOOZE.search(m)):
        return "snooze_reminder"
    if _MOVE.search(m) and s.when():
        return "move_reminder"
    if _SNOOZE.search(m):
        return "snooze_reminder"
    return None


def _named(f: Frame, s: Said) -> Frame:
    if found := _ID.search(s.masked):
        f.put("reminder_id", int(found.group(1) or found.group(2)), found.span())
        return f
    if s.customers:  # the name as written: "zephyr" fits Zephyr Robotics's reminder even when two customers could be meant
        mention = s.customers[0]
        f.put("reminder", (s.raw or s.text)[mention.span[0]:mention.span[1]].strip(), mention.span)
    elif (found := _NAMING.search(s.masked)) and found.group(1) not in _NOT_NAMING \
            and not any(verb.search(found.group(1)) for verb in (_DONE, _CANCEL, _MOVE, _SNOOZE)):
        f.put("reminder", found.group(1), found.span(1))
    return f


def complete_reminder(s: Said) -> Frame:
    return _named(Frame("complete_reminder"), s)


def cancel_reminder(s: Said) -> Frame:
    return _named(Frame("cancel_reminder"), s)


def move_reminder(s: Said) -> Frame:
    f = Frame("move_reminder")
    days = s.when()
    if days:
        f.put("when", days[0].iso(), days[0].span)
    return _named(f, s)


def snooze_reminder(s: Said) -> Frame:
    f = Frame("snooze_reminder")
    if found := _SPAN.search(s.masked):
        said, unit = found.group(1), found.group(2)
        n = 0.5 if said == "半" else number(said) or 0
        if unit == "分钟":
            f.put("minutes", int(n), found.span())
        elif unit in ("小时", "钟头"):
            f.put(*(("minutes", 30) if n == 0.5 else ("hours", int(n))), found.span())
        else:
            f.put("days", int(n * 7 if unit in ("周", "星期", "礼拜") else n), found.span())
    return _named(f, s)


BUILD = {"complete_reminder": complete_reminder, "cancel_reminder": cancel_reminder, "move_reminder": move_reminder,
         "snooze_reminder": snooze_reminder}
