"""Times of day and spans said in chat: "at 8am" -> 08:00, "on mondays" -> mon, "this week" -> 7 days.

A time without am/pm is read as a 24-hour clock, literally: "at 8" is 08:00 and "at 5" is 05:00 (not 17:00);
"in the evening" or "pm" moves a morning hour to the afternoon. An impossible time ("at 25") is kept as said
("25:00") so the service can say what is wrong instead of quietly choosing another.
"""
from __future__ import annotations

import re

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import NUMBER_WORDS, WEEKDAYS

_CLOCK = re.compile(
    r"(?:\b(?P<lead>at|around|by|for|from|@) )?"
    r"(?<![\w.:])(?P<hour>\d{1,2})(?:(?: : |[.:])(?P<minute>\d{2}))? ?(?P<half>am|pm|a m|p m|oclock)?(?![\w])"
    r"|\b(?P<named>noon|midday|midnight)\b")
_AFTERNOON = re.compile(r"\b(?:in the (?:afternoon|evening)|at night|tonight|evenings|afternoons)\b")
_NAMED = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(WEEKDAYS) + r")s?\b")
_WINDOWS = [  # (pattern, days): the first that matches decides
    (re.compile(r"\b(?:today|tonight|eod|end of (?:the )?day|overdue)\b"), 1),
    (re.compile(r"\btomorrow\b"), 2),
    (re.compile(r"\bnext week\b"), 14),
    (re.compile(r"\bnext month\b"), 62),
    (re.compile(r"\b(?:this|the|a|per) month\b|\bmonth\b|\b30 days\b"), 31),
]
_COUNTED = re.compile(r"\b(?:next|coming|in) (?:the )?(?P<count>\d{1,3}|" + "|".join(NUMBER_WORDS) +
                      r") (?P<unit>days?|weeks?)\b|\b(?P<count2>\d{1,3}) (?P<unit2>days?|weeks?)\b")


def clock_time(u: Utterance) -> str | None:
    """The time of day said in the utterance as "HH:MM", or None."""
    for match in _CLOCK.finditer(u.canon):
        if match.group("named"):
            hour, minute = _NAMED[match.group("named")]
            return f"{hour:02d}:{minute:02d}"
        if not (match.group("lead") or match.group("minute") or match.group("half")):
            continue  # a bare number is a count, not a time
        hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
        half = (match.group("half") or "").replace(" ", "")
        if half == "am" and hour == 12:
            hour = 0
        elif (half == "pm" or (not half and _AFTERNOON.search(u.canon))) and 1 <= hour < 12:
            hour += 12
        return f"{hour:02d}:{minute:02d}"
    return None


def weekday(u: Utterance) -> str | None:
    """ "mondays", "every friday", "on tue" -> "mon".."sun"."""
    match = _WEEKDAY.search(u.canon)
    return match.group("day")[:3] if match else None


def window_days(u: Utterance, default: int = 7) -> int:
    """How many days ahead a "what's due" question looks: today 1, this week 7, this month 31."""
    counted = _COUNTED.search(u.canon)
    if counted:
        count_text = counted.group("count") or counted.group("count2")
        count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 1)
        unit = counted.group("unit") or counted.group("unit2")
        return max(1, count * (7 if unit.startswith("week") else 1))
    for pattern, days in _WINDOWS:
        if pattern.search(u.canon):
            return days
    return default
