"""Chinese and mixed Chinese/English messages -> the same frames the English parser makes.

`crm_core.nlp.parser.parse_frames` sends a message here when it holds Chinese characters (has_cjk); nothing
here is imported for English text, so English messages never pay for pypinyin. Rules on characters (see
bench/corpus_eval_zh.py for why characters, not jieba's words): names.py finds the customers, intents.py names
the intent, rules.py cuts the slots with the span each came from."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crm_core.nlp.mentions import Resolver

__all__ = ["has_cjk", "parse_zh", "dialogue_act", "english_with_names"]

def has_cjk(text: str) -> bool:
    """Whether the text holds Han characters (Chinese or mixed). A plain loop: compiling a regex of these ranges costs
    2 ms at start-up, and English text never imports the rest of this package."""
    if text.isascii():
        return False
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)

UNSURE = 0.6  # a frame whose customer the words name but the index does not know (the dialogue asks)


def _reading(text: str, today: date, resolver: "Resolver", now: datetime | None):
    from crm_core.nlp.zh.rules import read
    return read(text, now or datetime.combine(today, time(9)), resolver)


def parse_zh(text: str, today: date, resolver: "Resolver", now: datetime | None = None):
    """The frame of a Chinese message: (intent, slots, confidence, customer ref, candidates, evidence spans)."""
    from crm_core.nlp.zh import reminders
    from crm_core.nlp.zh.intents import intent_of
    from crm_core.nlp.zh.rules import BUILD, correct
    said = _reading(text, today, resolver, now)
    intent = intent_of(said)
    frame = correct(said) if intent == "correct" else (BUILD.get(intent) or reminders.BUILD[intent])(said)
    if frame is None:
        frame = BUILD["unknown"](said)
    confidence = frame.confidence
    ref = frame.customer
    if ref is not None and not ref.resolved and frame.intent not in ("add_customer",):
        confidence *= 0.85 if ref.candidates else 0.9
    return frame, round(confidence, 3)


def dialogue_act(text: str, today: date, resolver: "Resolver | None") -> tuple[str, dict] | None:
    """Undo, cancel or a correction said in Chinese ("撤销", "算了", "不对 是Initech"), else None."""
    from crm_core.nlp.mentions import NoCustomers
    frame, _ = parse_zh(text, today, resolver or NoCustomers())
    if frame.intent in ("undo", "cancel", "correct"):
        return frame.intent, dict(frame.slots)
    return None


def english_with_names(text: str, resolver: "Resolver") -> str | None:
    """An English message naming a customer in Chinese ("move 腾讯 to negotiation"): the message with the customer's
    English name in its place ("move Tencent to negotiation"), for the English parser; None when the message has
    Chinese beyond customer names, or a Chinese name without an English one."""
    from crm_core.nlp.zh.names import LATIN_NAME, find_customers
    mentions = find_customers(text, resolver)
    rest = list(text)
    for mention in mentions:
        rest[mention.span[0]:mention.span[1]] = " " * (mention.span[1] - mention.span[0])
    if has_cjk("".join(rest)) or not mentions:
        return None
    out, at = [], 0
    for mention in mentions:
        said = text[mention.span[0]:mention.span[1]]
        if has_cjk(said):
            english = LATIN_NAME.search(mention.ref.name) if mention.ref.resolved else None
            if english is None:
                return None
            said = english.group(1).strip()
        out += [text[at:mention.span[0]], said]
        at = mention.span[1]
    return "".join(out + [text[at:]])


_CUSTOMER_INTENTS = frozenset(("log_activity", "create_deal", "move_deal", "update_deal", "open_ticket", "remind",
                               "show_customer", "show_deal", "invite_customer"))


def parse_zh_commands(text: str, today: date, resolver: "Resolver", now: datetime | None = None) -> list:
    """The frames of a Chinese message, one per command when it chains them with 然后 / 顺便 / 另外 / 并且 ("记录一下和
    Acme的电话 然后把单子推到谈判"); a command without a customer takes the one named before it."""
    import re
    cuts = [m for m in re.finditer(r"\s*[,，;；。]?\s*(?:然后|顺便|另外|并且|同时)\s*", text) if m.start() > 0]
    if not cuts:
        return [parse_zh(text, today, resolver, now)]
    bounds = [0, *(b for m in cuts for b in (m.start(), m.end())), len(text)]
    frames, carried = [], None
    for start, end in zip(bounds[::2], bounds[1::2]):
        frame, confidence = parse_zh(text[start:end], today, resolver, now)
        frame.spans = {slot: (a + start, b + start) for slot, (a, b) in frame.spans.items()}
        if frame.intent in _CUSTOMER_INTENTS and "customer" not in frame.slots and carried is not None:
            frame.slots["customer"], frame.spans["customer"] = carried[0].name, carried[1]
            frame.customer = carried[0]
        if frame.customer is not None and "customer" in frame.spans:
            carried = (frame.customer, frame.spans["customer"])
        frames.append((frame, confidence))
    commands = [(f, c) for f, c in frames if f.intent != "unknown"]
    return commands if len(commands) >= 2 else [parse_zh(text, today, resolver, now)]
