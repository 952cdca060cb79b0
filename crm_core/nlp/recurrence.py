"""Repetition said in chat, as an RFC 5545 RRULE: "every monday" -> FREQ=WEEKLY;BYDAY=MO, "weekdays" ->
FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR, "first of each month" -> FREQ=MONTHLY;BYMONTHDAY=1, "every 2 weeks on
friday" -> FREQ=WEEKLY;INTERVAL=2;BYDAY=FR. The time of day is not in the rule: it is the first occurrence's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil.rrule import rrulestr

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import NUMBER_WORDS, WEEKDAYS

BYDAY = {name: name[:2].upper() for name in WEEKDAYS}
WORKDAYS = "MO,TU,WE,TH,FR"
RECURRENCE_WORDS = frozenset(("biweekly", "bimonthly", "fortnightly"))  # the spelling corrector must leave them
_DAY = "(?:" + "|".join(WEEKDAYS) + ")"
_COUNT = r"(?P<count>\d{1,2}|others?|" + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "zero")) + ")"
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "last": -1}
_MONTH_DAY = r"(?:the )?(?P<monthday>\d{1,2})(?:st|nd|rd|th)?"
_EACH = r"(?:every|each|once a|once per|per)"
# "weekly" repeats only as an adverb: "remind me weekly to ...", not "send the weekly report"
_ADVERB_END = r"(?=$| (?:at|on|from|starting|to|until|about|in|please|pls|[,.;:!?-])(?: |$))"
_RULES: list[tuple[str, re.Pattern]] = [(name, re.compile(pattern)) for name, pattern in [
    ("workdays", (r"\b(?:every |each |on )?(?:weekdays?|workdays?|work days?|business days?)\b"
                  r"|\bmonday (?:to|through|thru|-) friday\b|\bevery day except (?:the )?weekends?\b")),
    ("nth_weekday", r"\b(?:the |on the |every )?(?P<ordinal>first|1st|second|2nd|third|3rd|last) (?P<day>" + _DAY +
                    r") (?:of |in )?(?:every|each) month\b"),
    ("month_day", r"\b(?:on )?(?:the )?(?P<ordinal>first|1st|last) (?:day )?of (?:every|each) month\b"),
    ("month_day", r"\b(?:on )?" + _MONTH_DAY + r" of (?:every|each) month\b"),
    ("month_day", r"\b(?:(?:every|each) month|monthly) on " + _MONTH_DAY + r"\b"),
    ("weekdays", r"\b(?:every|each) (?:others? |" + _COUNT + r" weeks? on )?(?P<days>" + _DAY
                 + r"(?:s)?(?:(?: and |, ?)" + _DAY + r"s?)*)\b"),
    ("weekdays", r"\b(?:every|each|bi ?weekly|fortnightly|weekly) (?:others? )?(?:" + _COUNT + r" )?weeks? on (?P<days>"
                 + _DAY + r"s?(?:(?: and |, ?)" + _DAY + r"s?)*)\b|\b(?:bi ?weekly|fortnightly|weekly) on (?P<days2>"
                 + _DAY + r"s?)\b"),
    ("plural_days", r"\b(?:on )?(?P<days>" + _DAY + r"s(?:(?: and |, ?)" + _DAY + r"s)*)\b"),
    ("interval", r"\b(?:every|each) " + _COUNT + r" (?P<unit>days?|weeks?|months?|years?)\b"),
    ("every", r"\b" + _EACH + r" (?P<unit>day|morning|evening|night|week|month|quarter|year)\b"),
    ("every", r"\b(?P<adverb>daily|nightly|weekly|biweekly|bi weekly|fortnightly|monthly|quarterly|yearly|"
              r"annually|bimonthly|bi monthly)" + _ADVERB_END),
]]
_FREQ = {"day": "DAILY", "morning": "DAILY", "evening": "DAILY", "night": "DAILY", "week": "WEEKLY",
         "month": "MONTHLY", "year": "YEARLY", "daily": "DAILY", "nightly": "DAILY", "weekly": "WEEKLY",
         "monthly": "MONTHLY", "yearly": "YEARLY", "annually": "YEARLY"}
_TWICE_AS_SLOW = ("biweekly", "bi weekly", "fortnightly", "bimonthly", "bi monthly")


@dataclass(frozen=True)
class Recurrence:
    rule: str  # RRULE without DTSTART, e.g. "FREQ=WEEKLY;BYDAY=MO"
    start: int  # token indices [start, end)
    end: int


def find_recurrence(u: Utterance) -> Recurrence | None:
    """The repetition said in the utterance, or None."""
    for name, pattern in _RULES:
        match = pattern.search(u.canon)
        if match is not None:
            rule = _rule(name, match)
            if rule is not None:
                return Recurrence(rule, *u.span(match))
    return None


def _rule(name: str, match: re.Match) -> str | None:
    groups = match.groupdict()
    if name == "workdays":
        return f"FREQ=WEEKLY;BYDAY={WORKDAYS}"
    if name == "nth_weekday":
        return f"FREQ=MONTHLY;BYDAY={_ORDINAL[groups['ordinal']]}{BYDAY[groups['day']]}"
    if name == "month_day":
        day = _ORDINAL[groups["ordinal"]] if groups.get("ordinal") else int(groups["monthday"])
        return f"FREQ=MONTHLY;BYMONTHDAY={day}" if day == -1 or 1 <= day <= 31 else None
    if name in ("weekdays", "plural_days"):
        days = groups.get("days") or groups.get("days2")
        interval = _interval(match.group(0), groups.get("count"))
        return _join("WEEKLY", interval, "BYDAY=" + ",".join(_bydays(days)))
    if name == "interval":
        count = _count(groups["count"])
        unit = groups["unit"].rstrip("s")
        return _join(_FREQ[unit], count, "") if count else None
    unit = groups.get("unit") or groups.get("adverb")
    if unit == "quarter" or unit == "quarterly":
        return "FREQ=MONTHLY;INTERVAL=3"
    if unit in _TWICE_AS_SLOW:
        return f"FREQ={'MONTHLY' if 'month' in unit else 'WEEKLY'};INTERVAL=2"
    return f"FREQ={_FREQ[unit]}"


def _bydays(days: str) -> list[str]:
    named = re.findall(_DAY, days)
    return list(dict.fromkeys(BYDAY[d] for d in named))


def _interval(phrase: str, count: str | None) -> int:
    if re.search(r"\bothers?\b", phrase) or any(w in phrase for w in _TWICE_AS_SLOW):
        return 2
    return _count(count) if count else 1


def _count(text: str) -> int:
    if text in ("other", "others"):  # a spelling corrector without the common words makes "other" "others"
        return 2
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 0)


def _join(freq: str, interval: int, by: str) -> str:
    parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else []) + ([by] if by else [])
    return ";".join(parts)


def first_occurrence(rule: str, after: datetime, inclusive: bool = False) -> datetime | None:
    """The first time the rule repeats after (or at, when inclusive) `after`, a naive local time; the time of
    day is `after`'s. The interval counts from that first time: "every other monday" starts next monday."""
    every_time = ";".join(part for part in rule.split(";") if not part.startswith("INTERVAL="))
    return rrulestr(every_time, dtstart=after).after(after, inc=inclusive)
