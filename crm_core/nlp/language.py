"""A user asking to be answered in another language: "speak chinese", "reply in english", "说中文", "用英文".

Only a whole, short message is a switch ("they speak chinese" and "write an email in english to acme" are not)."""
from __future__ import annotations

import re

from crm_core.i18n import CHINESE, ENGLISH

_NAMES = {"chinese": CHINESE, "mandarin": CHINESE, "中文": CHINESE, "汉语": CHINESE, "普通话": CHINESE,
          "english": ENGLISH, "英文": ENGLISH, "英语": ENGLISH}
_ENGLISH_SAID = re.compile(
    r"^(?:(?:please|pls|plz|can you|could you|ok|hey|now)\s+)*"
    r"(?:(?:speak|reply|answer|respond|talk|write|switch|change|set|use|go)(?: back)?(?: to)?(?: me)?"
    r"(?: (?:in|to|into))?(?: the)?(?: (?:language|lang))?(?: to)?\s+)?"
    r"(?P<language>chinese|mandarin|english|中文|英文)(?: (?:please|pls|plz|from now on|only|now|instead))*$")
_CHINESE_SAID = re.compile(
    r"^(?:请|麻烦)?(?:你|我们|咱们)?(?:以后|之后)?(?:跟我|和我|对我)?(?:说|讲|用|改用|换成|换到|切换到|切换成|改成)?"
    r"(?P<language>中文|汉语|普通话|英文|英语)(?:回复|回答|交流|说话|聊|沟通)?(?:吧|好吗|可以吗|谢谢)?$")
_TRAILING = re.compile(r"[\s.!?。！？~]+$")


def language_asked(text: object) -> str | None:
    """The language the message asks replies to be in, or None when it asks for none."""
    if not isinstance(text, str) or len(text) > 60:
        return None
    said = _TRAILING.sub("", " ".join(text.lower().split()))
    found = _ENGLISH_SAID.match(said) or _CHINESE_SAID.match(said.replace(" ", ""))
    return _NAMES[found.group("language")] if found else None
