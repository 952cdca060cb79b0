"""When a reminder is for: a date, a date and time ("friday 3pm" -> 2026-11-27T15:00), a moment from now
("in 2 hours") or the first of a repetition ("every monday 9am" -> 2026-11-30T09:00 + FREQ=WEEKLY;BYDAY=MO).

Times are the user's wall-clock time; the service puts them in the user's zone. Without a time said the value is
a date and the service reminds at its default hour.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from crm_core.nlp.clock import find_relative, find_time
from crm_core.nlp.dates import DateMention
from crm_core.nlp.recurrence import find_recurrence, first_occurrence
from crm_core.nlp.text import Utterance

DEFAULT_TIME = time(9)  # the hour a reminder without a time fires (crm_core/services/activities.py)


@dataclass(frozen=True)
class When:
    value: str  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", wall-clock time in the user's zone
    tokens: frozenset[int]  # the tokens that said it
    recurrence: str | None = None


def reminder_when(u: Utterance, dates: list[DateMention], today: date, now: datetime | None) -> When | None:
    """When the utterance asks to be reminded, or None when it says no date or time."""
    said_time = find_time(u)
    used = set(range(said_time.start, said_time.end)) if said_time else set()
    repeat = find_recurrence(u)
    if repeat is not None:
        outside = [d for d in dates if d.end <= repeat.start or d.start >= repeat.end]
        used |= set(range(repeat.start, repeat.end)) | _spans(outside[:1])
        start = datetime.combine(outside[0].value if outside else today, said_time.at if said_time else DEFAULT_TIME)
        first = first_occurrence(repeat.rule, start, inclusive=start > (now or datetime.combine(today, time.max)))
        if first is None:
            return None
        return When(_format(first.date(), first.time() if said_time else None), frozenset(used), repeat.rule)
    relative = find_relative(u)
    if relative is not None and now is not None:
        delta, i, j = relative
        moment = now + delta
        return When(_format(moment.date(), moment.time()), frozenset(used | set(range(i, j))))
    if dates:
        return When(_format(dates[0].value, said_time.at if said_time else None), frozenset(used | _spans(dates[:1])))
    if said_time is not None:
        day = today
        if now is not None and datetime.combine(today, said_time.at) <= now:
            day += timedelta(days=1)  # "at 9am", said at ten: tomorrow's
        return When(_format(day, said_time.at), frozenset(used))
    return None


def _spans(mentions: list[DateMention]) -> set[int]:
    return {k for m in mentions for k in range(m.start, m.end)}


def _format(day: date, at: time | None) -> str:
    return day.isoformat() + (f"T{at:%H:%M}" if at is not None else "")
