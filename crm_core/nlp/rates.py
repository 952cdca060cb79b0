"""Exchange rates said in chat: "1 EUR = 1.08 USD", "set the euro rate to 1.08", "gbp rate 1.27", "eur/usd 1.08",
"1欧元=1.08美元", "设置欧元汇率为1.08" set one (set_rate: `currency`, `rate` as written, `base` when said);
"exchange rates", "what's the euro rate?", "汇率" list them (show_rates). A question never sets a rate.

Only a whole, short message is read this way ("they asked about the euro rate" is no command)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any


from crm_core.nlp.amounts import CURRENCY_OF_SIGN, CURRENCY_OF_WORD

if TYPE_CHECKING:  # evidence imports this module
    from crm_core.nlp.evidence import Evidence, Reading

_CHINESE_CURRENCY = {"欧元": "EUR", "美元": "USD", "美金": "USD", "英镑": "GBP", "日元": "JPY", "人民币": "CNY",
                     "元": "CNY", "卢比": "INR", "港币": "HKD", "港元": "HKD", "瑞郎": "CHF", "加元": "CAD", "澳元": "AUD"}
_CODES = {**{w: c for w, c in CURRENCY_OF_WORD.items() if w not in ("rs", "bucks", "quid")}, **CURRENCY_OF_SIGN,
          **_CHINESE_CURRENCY}
_CUR = "|".join(sorted((re.escape(w) for w in _CODES), key=len, reverse=True)) + r"|[a-z]{3}"
_NUM = r"\d+(?:[.,]\d+)?"
_THE = r"(?:the |our |an? )?"
_RATE_WORD = r"(?:exchange |fx |conversion )?rate"
_SETTING = [
    # "1 EUR = 1.08 USD", "1 euro is 1.08 dollars", "eur = 1.08"
    re.compile(rf"^(?:set |make )?(?:(?P<one>{_NUM}) ?)?(?P<currency>{_CUR}) ?(?:=|is worth|is|equals|to) ?"
               rf"(?P<rate>{_NUM}) ?(?P<base>{_CUR})?$"),
    # "set the euro rate to 1.08", "gbp rate = 1.27 usd", "update the eur exchange rate to 1.1"
    re.compile(rf"^(?:please )?(?:(?:set|update|change|make|put) )?{_THE}(?P<currency>{_CUR}) {_RATE_WORD}"
               rf"(?: (?:to|=|at|is|of|:))? ?(?P<rate>{_NUM}) ?(?P<base>{_CUR})?$"),
    # "set the exchange rate for eur to 1.08"
    re.compile(rf"^(?:please )?(?:set|update|change|make|put) {_THE}{_RATE_WORD} (?:for|of|on) {_THE}"
               rf"(?P<currency>{_CUR}) (?:to|=|at|is|:) ?(?P<rate>{_NUM}) ?(?P<base>{_CUR})?$"),
    # "eur/usd 1.08", "eur/usd at 1.08"
    re.compile(rf"^(?P<currency>[a-z]{{3}}) ?/ ?(?P<base>[a-z]{{3}}) (?:(?:=|at|is|rate) )?(?P<rate>{_NUM})$"),
]
_CHINESE_SETTING = [
    re.compile(rf"^(?:(?P<one>{_NUM}))?(?P<currency>{_CUR})(?:=|等于|兑|换)(?P<rate>{_NUM})(?P<base>{_CUR})?$"),
    re.compile(rf"^(?:请)?(?:把|将)?(?:设置|设定|设|更新|改)?(?P<currency>{_CUR})(?:的)?汇率(?:设置|设定|改)?(?:为|成|是|=|:|：)?"
               rf"(?P<rate>{_NUM})(?P<base>{_CUR})?$"),
]
_SHOWING = [
    re.compile(rf"^(?:(?:show|list|see|get|check|view|what are|whats|what's|what is|tell me)(?: me)? )?"
               rf"(?:the |our |all |current |latest )*(?:(?P<currency>{_CUR}) )?(?:exchange |fx |currency |conversion )"
               rf"?rates?(?: (?:today|now|please|pls))?\??$"),
    re.compile(r"^(?:查看|看看|显示|列出|现在的|当前的|最新的)*(?:汇率)(?:是多少|多少|表|列表)?[?？]?$"),
]
_TRAILING = re.compile(r"[\s.!。！]+$")


Spans = dict[str, tuple[int, int]]


def rate_said(text: object) -> tuple[str, dict[str, Any], Spans] | None:
    """("set_rate", {"currency": "EUR", "rate": "1.08", "base": "USD"}, where each was said), ("show_rates", {}, {})
    or None."""
    if not isinstance(text, str) or len(text) > 80:
        return None
    said = _TRAILING.sub("", " ".join(text.lower().split()))
    compact = said.replace(" ", "")
    for pattern, form in [*((p, said) for p in _SETTING), *((p, compact) for p in _CHINESE_SETTING)]:
        found = pattern.match(form)
        if found and (slots := _setting(found)) is not None:
            return "set_rate", slots, _spans(text, found, slots)
    for pattern in _SHOWING:
        found = pattern.match(said) or pattern.match(compact)
        if found and (not found.groupdict().get("currency") or _code(found.group("currency"))):
            return "show_rates", {}, {}  # "win rate" names no currency: the report's, not ours
    return None


def _spans(text: str, found: re.Match, slots: dict[str, Any]) -> Spans:
    """Where each slot's words are in the message as received, found in the order they were said."""
    spans, cursor, lowered = {}, 0, text.lower()
    for name in sorted(slots, key=found.start):
        at = lowered.find(found.group(name), cursor)
        if at >= 0:
            spans[name] = (at, at + len(found.group(name)))
            cursor = spans[name][1]
    return spans


def _setting(found: re.Match) -> dict[str, Any] | None:
    currency = _code(found.group("currency"))
    base = _code(found.group("base")) if found.group("base") else None
    one = found.groupdict().get("one")
    if currency is None or (found.group("base") and base is None) or currency == base:
        return None
    if one is not None and one not in ("1", "1.0", "1.00"):
        return None  # "100 JPY = 0.67 USD" is said rarely; asking beats guessing the division
    if "one" in found.re.groupindex and one is None and base is None:
        return None  # "bob is 5": BOB is a currency, but nothing else says a rate
    said = found.group("rate")
    if "," in said and len(said.split(",")[1]) == 3:
        return None  # "1,085": a thousand and eighty-five, or 1.085 written the European way? Not guessed.
    slots: dict[str, Any] = {"currency": currency, "rate": said.replace(",", ".")}
    if base:
        slots["base"] = base
    return slots


def _code(word: str) -> str | None:
    """A currency word, sign or ISO code ("euro", "€", "欧元", "eur") -> "EUR"; an unknown three letters -> None."""
    if word in _CODES:
        return _CODES[word]
    from babel.numbers import list_currencies  # here: `crm parse` starts without Babel
    return word.upper() if word.upper() in list_currencies() else None


def _said_currency(r: Reading, value: Any, slots: dict) -> Evidence | None:
    """The last word or sign naming `value`: the base is said after the currency ("1 euro is 1.08 dollars")."""
    for k in reversed(range(len(r.u.tokens))):
        token = r.u.tokens[k]
        if CURRENCY_OF_SIGN.get(token.raw) == value or (token.kind == "word" and _code(token.fold) == value):
            return r.tokens(k, k + 1)
    return None


def _said_rate(r: Reading, value: Any, slots: dict) -> Evidence | None:
    return r.phrase(str(value)) or r.phrase(str(value).replace(".", ","))


FINDERS = {"base": _said_currency, "rate": _said_rate}  # evidence of set_rate's slots (crm_core/nlp/evidence.py)
