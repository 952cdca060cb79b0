"""Chinese numbers and amounts: "三" 3, "二十" 20, "1.2万" 12000, "12万元" 120000 CNY, "5千" 5000, "¥20k" 20000 CNY,
"3百万" 3000000, "6万5" 65000, "2.5万美元" 25000 USD, "3000欧元" 3000 EUR.

In Chinese text ¥ / 元 / 块 / 人民币 are yuan (CNY), not yen: the English reading of ¥ is for English text."""
from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = r"[零〇一二两俩三四五六七八九十百千]+"
_SCALE = {"k": 1e3, "千": 1e3, "m": 1e6, "百万": 1e6, "万": 1e4, "w": 1e4, "亿": 1e8, "十万": 1e5, "千万": 1e7,
          "百": 1e2}
_CURRENCY = {"¥": "CNY", "￥": "CNY", "元": "CNY", "块": "CNY", "块钱": "CNY", "人民币": "CNY", "rmb": "CNY",
             "cny": "CNY", "$": "USD", "美元": "USD", "美金": "USD", "刀": "USD", "usd": "USD", "€": "EUR",
             "欧元": "EUR", "eur": "EUR", "£": "GBP", "英镑": "GBP", "日元": "JPY"}
AMOUNT = re.compile(
    r"(?P<sign>[¥￥$€£])?\s*(?P<num>\d+(?:\.\d+)?|" + NUMERAL + r")\s*"
    r"(?P<scale>百万|千万|十万|[kKmMwW万千亿百](?![a-zA-Z]))?(?P<tail>\d(?![\d.]))?\s*"
    r"(?P<cur>块钱|人民币|美元|美金|欧元|英镑|日元|rmb|cny|usd|eur|元|块|刀)?", re.IGNORECASE)
# what makes a number no amount: a count of days, a date, a time, a rank, a ticket
_NOT_AMOUNT_AFTER = re.compile(r"\s*(?:天|号|日|月|点|个|大|名|周|年|小时|分钟|次|位|条|%|折)")


def numeral(said: str) -> int | None:
    """ "三" 3, "十" 10, "二十五" 25, "三百" 300, "12" 12; None when it is no number."""
    if said.isdigit():
        return int(said)
    total, current = 0, None
    for char in said:
        if char in DIGITS:
            current = DIGITS[char]
        elif char in _UNITS:
            total += (current if current is not None else 1) * _UNITS[char]
            current = None
        else:
            return None
    return total + (current or 0)


def number(said: str) -> float | None:
    try:
        return float(said)
    except ValueError:
        value = numeral(said)
        return float(value) if value is not None else None


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str | None
    span: tuple[int, int]


def find_amounts(text: str) -> list[Amount]:
    """Money said in the text, in order; a bare small number without a scale, sign or currency is no amount."""
    found = []
    for m in AMOUNT.finditer(text):
        value = number(m.group("num"))
        if value is None or _NOT_AMOUNT_AFTER.match(text, m.end("num")) and not m.group("scale") \
                and not m.group("cur"):
            continue
        scale = (m.group("scale") or "").lower()
        if not (scale or m.group("sign") or m.group("cur") or value >= 1000):
            continue
        if not m.group("num").replace(".", "").isdigit() and not scale and not m.group("cur"):
            continue  # "三" alone is a count, not money
        value *= _SCALE.get(scale, 1)
        if m.group("tail") and scale:
            value += int(m.group("tail")) * _SCALE[scale] / 10
        symbol = (m.group("sign") or "") or (m.group("cur") or "").lower()
        found.append(Amount(round(value, 2), _CURRENCY.get(symbol), (m.start(), m.end())))
    return found
