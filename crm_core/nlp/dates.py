"""Dates said in chat, relative to today in the user's time zone (rules: ../shared/eval/README.md).

A bare weekday, "this/on/next <weekday>" are the soonest such day strictly after today; "next week" is
next Monday; "end of the week" the coming Friday; "end of the month" its last day; a month-day that has
passed this year is next year's.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import MONTHS, NUMBER_WORDS, WEEKDAYS


@dataclass(frozen=True)
class DateMention:
    value: date
    start: int  # token indices [start, end)
    end: int


_WEEKDAY = "(?P<weekday>" + "|".join(WEEKDAYS) + ")"
_MONTH = "(?P<month>" + "|".join(MONTHS) + ")"
_COUNT = r"(?P<count>\d{1,3}|a couple of|a couple|couple of|a few|few|" + "|".join(
    w for w in NUMBER_WORDS if w not in ("couple", "few", "zero", "hundred", "dozen")) + ")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:\s?,?\s?(?P<year>20\d\d)\b)?"
_PATTERNS: list[tuple[str, re.Pattern]] = [(name, re.compile(pattern)) for name, pattern in [
    ("iso", r"\b(?P<iso>20\d\d-\d{1,2}-\d{1,2})\b"),
    ("after_tomorrow", r"\b(?:the )?day after tomorrow\b"),
    ("tomorrow", r"\btomorrow\b"),
    ("yesterday", r"\byesterday\b"),
    ("today", r"\b(?:today|tonight|this (?:morning|afternoon|evening)|eod|end of (?:the )?day|later today)\b"),
    ("relative", r"\bin " + _COUNT + r" (?P<unit>business days?|days?|weeks?|months?)\b"),
    ("relative", r"\b" + _COUNT + r" (?P<unit>business days?|days?|weeks?|months?) from (?:now|today)\b"),
    ("fortnight", r"\b(?:in )?a fortnight\b"),
    ("end_of_week", r"\b(?:by )?(?:the )?end of (?:the |this )?week\b|\beow\b"),
    ("end_of_next_month", r"\b(?:the )?end of next month\b"),
    ("end_of_month", r"\b(?:the )?end of (?:the |this )?month\b|\beom\b|\bmonth end\b"),
    ("end_of_quarter", r"\b(?:the )?end of (?:the |this )?quarter\b|\beoq\b"),
    ("end_of_year", r"\b(?:the )?end of (?:the |this )?year\b|\beoy\b"),
    ("end_of_named_month", r"\b(?:by )?(?:the )?end of " + _MONTH + _YEAR + r"\b"),
    ("next_week", r"\b(?:next|the coming) week\b"),
    ("next_month", r"\b(?:(?:the )?(?:beginning|start) of )?next month\b"),
    ("weekday_next_week", r"\b" + _WEEKDAY + r" (?:of )?next week\b"),
    ("weekday", r"\b(?:(?:this|next|on|coming|this coming|the) )?" + _WEEKDAY + r"s?\b"),
    ("month_day", r"\b" + _MONTH + r" (?:\. )?(?:the )?" + _DAY + _YEAR + r"\b"),
    ("day_month", r"\b(?:the )?" + _DAY + r" (?:of )?" + _MONTH + _YEAR + r"\b"),
    ("day_of_month", r"\bthe " + r"(?P<day>\d{1,2})(?:st|nd|rd|th)\b"),
]]


def find_dates(utterance: Utterance, today: date) -> list[DateMention]:
    """Every date in the utterance, in order; overlapping readings keep the longest."""
    found: list[tuple[int, int, date]] = []
    canon = utterance.canon
    if not _might_have_date(canon):
        return []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(canon):
            value = _value(name, match, today)
            if value is not None:
                found.append((match.start(), match.end(), value))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    mentions: list[DateMention] = []
    last_end = -1
    for start, end, value in found:
        if start >= last_end:
            i = utterance.token_at(start)
            j = utterance.token_at(end - 1) + 1
            mentions.append(DateMention(value, i, j))
            last_end = end
    return mentions


_HINTS = re.compile(r"\d|day|tom|week|month|year|quarter|eo[dwmqy]|night|morning|evening|afternoon|fortnight|"
                    + "|".join(MONTHS))


def _might_have_date(canon: str) -> bool:
    return _HINTS.search(canon) is not None


def _value(name: str, match: re.Match, today: date) -> date | None:
    if name == "iso":
        try:
            year, month, day = (int(p) for p in match.group("iso").split("-"))
            return date(year, month, day)
        except ValueError:
            return None
    if name in _FIXED:
        return _FIXED[name](today)
    if name == "relative":
        return _relative(match.group("count"), match.group("unit"), today)
    if name == "weekday":
        return next_weekday(today, WEEKDAYS[match.group("weekday")])
    if name == "weekday_next_week":
        monday = today + timedelta(days=7 - today.weekday())
        return monday + timedelta(days=WEEKDAYS[match.group("weekday")])
    if name == "end_of_named_month":  # "closing end of jan": that month's last day, next year's once it has passed
        month, year = MONTHS[match.group("month")], int(match.group("year") or today.year)
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last < today and not match.group("year"):
            last = date(year + 1, month, calendar.monthrange(year + 1, month)[1])
        return last
    if name in ("month_day", "day_month"):
        year = match.group("year")
        return month_day(today, MONTHS[match.group("month")], int(match.group("day")), int(year) if year else None)
    if name == "day_of_month":
        day = int(match.group("day"))
        candidate = _safe_date(today.year, today.month, day)
        if candidate is None or candidate < today:
            month = today.month % 12 + 1
            candidate = _safe_date(today.year + (today.month == 12), month, day)
        return candidate
    return None


def next_weekday(today: date, weekday: int) -> date:
    """The soonest `weekday` strictly after today."""
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def month_day(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """That day this year, or next year when it has passed (unless the year is given)."""
    if year is not None:
        return _safe_date(year, month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is not None and candidate < today:
        candidate = _safe_date(today.year + 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _count(text: str) -> int:
    text = text.replace("a couple of", "couple").replace("couple of", "couple").replace("a couple", "couple")
    text = text.replace("a few", "few")
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


def _relative(count_text: str, unit: str, today: date) -> date | None:
    count = _count(count_text)
    if count > 3650:
        return None
    if unit.startswith("business"):
        day = today
        while count > 0:
            day += timedelta(days=1)
            count -= day.weekday() < 5
        return day
    if unit.startswith("day"):
        return today + timedelta(days=count)
    if unit.startswith("week"):
        return today + timedelta(weeks=count)
    return add_months(today, count)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _end_of_week(today: date) -> date:
    return today + timedelta(days=(4 - today.weekday()) % 7) if today.weekday() <= 4 else next_weekday(today, 4)


def _end_of_quarter(today: date) -> date:
    last_month = (today.month - 1) // 3 * 3 + 3
    return _end_of_month(date(today.year, last_month, 1))


_FIXED = {
    "after_tomorrow": lambda t: t + timedelta(days=2),
    "tomorrow": lambda t: t + timedelta(days=1),
    "yesterday": lambda t: t - timedelta(days=1),
    "today": lambda t: t,
    "fortnight": lambda t: t + timedelta(days=14),
    "end_of_week": _end_of_week,
    "end_of_month": _end_of_month,
    "end_of_next_month": lambda t: _end_of_month(add_months(t.replace(day=1), 1)),
    "end_of_quarter": _end_of_quarter,
    "end_of_year": lambda t: date(t.year, 12, 31),
    "next_week": lambda t: t + timedelta(days=7 - t.weekday()),
    "next_month": lambda t: add_months(t.replace(day=1), 1),
}
