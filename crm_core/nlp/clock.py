"""Times of day and spans said in chat: "at 8am" -> 08:00, "on mondays" -> mon, "this week" -> 7 days.

A time without am/pm is read as a 24-hour clock, literally: "at 8" is 08:00 and "at 5" is 05:00 (not 17:00);
"in the evening" or "pm" moves a morning hour to the afternoon. An impossible time ("at 25") is kept as said
("25:00") so the service can say what is wrong instead of quietly choosing another.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta

from crm_core.nlp.text import Utterance
from crm_core.nlp.vocabulary import NUMBER_WORDS, WEEKDAYS

_CLOCK = re.compile(
    r"(?:\b(?P<lead>at|around|by|for|from|@) )?(?:\b(?P<past>half past|half|quarter past|quarter to) )?"
    r"(?<![\w.:])(?P<hour>\d{1,2})(?:(?: : |[.:])(?P<minute>\d{2}))? ?(?P<half>am|pm|a m|p m|oclock)?(?![\w])"
    r"|\b(?P<named>noon|midday|midnight)\b")
_AFTERNOON = re.compile(r"\b(?:in the (?:afternoon|evening)|at night|tonight|evenings|afternoons|"
                        r"(?:every|each|this|tomorrow) (?:afternoon|evening|night))\b")
_NAMED = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
_WEEKDAY = re.compile(r"\b(?P<day>" + "|".join(WEEKDAYS) + r")s?\b")
_WINDOWS = [  # (pattern, days): the first that matches decides
    (re.compile(r"\b(?:today|tonight|eod|end of (?:the )?day|overdue)\b"), 1),
    (re.compile(r"\btomorrow\b"), 2),
    (re.compile(r"\bnext week\b|\bfortnight\b"), 14),
    (re.compile(r"\bnext month\b"), 62),
    (re.compile(r"\b(?:this|the|a|per|coming) week\b|\bweek\b"), 7),
    (re.compile(r"\b(?:this|the|a|per) month\b|\bmonth\b|\b30 days\b"), 31),
]
_COUNTED = re.compile(r"\b(?:next|coming|in) (?:the )?(?P<count>\d{1,3}|" + "|".join(NUMBER_WORDS) +
                      r") (?P<unit>days?|weeks?)\b|\b(?P<count2>\d{1,3}) (?P<unit2>days?|weeks?)\b")


def clock_time(u: Utterance) -> str | None:
    """The time of day said in the utterance as "HH:MM", or None."""
    for match in _CLOCK.finditer(u.canon):
        said = _clock_of(match, u)
        if said is not None:
            return f"{said[0]:02d}:{said[1]:02d}"
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


@dataclass(frozen=True)
class TimeMention:
    """A time of day said in a message, and the tokens [start, end) that said it."""
    at: time
    start: int
    end: int


# Parts of the day said without a clock time: when a reminder for "tonight" or "tomorrow morning" fires.
_PERIODS = re.compile(r"\b(?:(?:this|tomorrow|in the|every|each|on) |(?:" + "|".join(WEEKDAYS) + r") )?"
                      r"(?P<period>morning|afternoon|evening|night)s?\b|\b(?P<alone>tonight|eod|end of (?:the )?day|"
                      r"(?:before|after) lunch|lunchtime)\b")
_PERIOD_TIMES = {"morning": time(9), "afternoon": time(14), "evening": time(18), "night": time(20),
                 "tonight": time(20), "eod": time(17), "end of day": time(17), "end of the day": time(17),
                 "before lunch": time(11, 30), "after lunch": time(13, 30), "lunchtime": time(12)}
_RELATIVE = re.compile(r"\bin (?:(?P<half>half an|half a) hour|(?P<count>an|a|\d{1,3}|"
                       + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "zero", "hundred")) +
                       r") (?P<unit>hours?|hrs?|h|minutes?|mins?))\b")


def find_time(u: Utterance) -> TimeMention | None:
    """The time of day said ("3pm", "at 9:30", "at noon", "tonight", "tomorrow afternoon"), or None.
    A clock time beats a part of the day: "tonight at 8" is 20:00."""
    for match in _CLOCK.finditer(u.canon):
        said = _clock_of(match, u, working_day=True)
        if said is not None and said[0] < 24 and said[1] < 60:
            i, j = u.span(match)
            return TimeMention(time(*said), i, j)
    period = _PERIODS.search(u.canon)
    if period is not None:
        i, j = u.span(period)
        return TimeMention(_PERIOD_TIMES[period.group("period") or period.group("alone")], i, j)
    return None


def find_relative(u: Utterance) -> tuple[timedelta, int, int] | None:
    """ "in 2 hours", "in an hour", "in 30 mins", "in half an hour": how long from now, and its tokens."""
    match = _RELATIVE.search(u.canon)
    if match is None:
        return None
    i, j = u.span(match)
    if match.group("half"):
        return timedelta(minutes=30), i, j
    count_text = match.group("count")
    count = int(count_text) if count_text.isdigit() else NUMBER_WORDS.get(count_text, 1)
    unit = match.group("unit")
    return (timedelta(hours=count) if unit.startswith("h") else timedelta(minutes=count)), i, j


def _clock_of(match: re.Match, u: Utterance, working_day: bool = False) -> tuple[int, int] | None:
    """The (hour, minute) a clock match says; with `working_day` (a reminder) a bare 1..6 is in the afternoon."""
    if match.group("named"):
        return _NAMED[match.group("named")]
    if not (match.group("lead") or match.group("minute") or match.group("half") or match.group("past")):
        return None  # a bare number is a count, not a time
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    if match.group("past") and not match.group("minute"):  # "half 3" (British), "half past 3", "quarter to 4"
        past = match.group("past")
        hour, minute = (hour - 1, 45) if past == "quarter to" else (hour, 15 if past.startswith("quarter") else 30)
    half = (match.group("half") or "").replace(" ", "")
    if half == "am" and hour == 12:
        hour = 0
    elif (half == "pm" or (not half and (_AFTERNOON.search(u.canon) or working_day and hour <= LAST_AFTERNOON_HOUR))) \
            and 1 <= hour < 12:
        hour += 12  # "remind me at 3" is 15:00, not 03:00
    return hour, minute


LAST_AFTERNOON_HOUR = 6  # in a reminder a bare 1..6 is afternoon ("call them at 3"); 7..11 is morning
