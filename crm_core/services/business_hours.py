"""Business hours (CRM_BUSINESS_HOURS in CRM_TIMEZONE): are we open, and when do we open next?

The setting is one or more groups of days and a time span, separated by `;`:
"Mon-Fri 09:00-17:00", "Mon-Thu 08:30-18:00; Fri 08:30-14:00", "Mon,Wed,Fri 10:00-16:00",
"Sat-Sun 10:00-24:00". Unset (or "always", "24/7"): always open, so no auto-reply is sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from crm_core.errors import ConfigError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS = frozenset({"", "always", "24/7", "24x7"})
_GROUP = re.compile(r"^\s*(?P<days>[A-Za-z]{3}[A-Za-z]*(?:\s*[-,]\s*[A-Za-z]{3}[A-Za-z]*)*)\s+"
                    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class Window:
    days: frozenset[int]  # 0 = Monday
    start: time
    end: time | None  # None: until midnight (24:00)


@dataclass(frozen=True)
class BusinessHours:
    spec: str
    windows: tuple[Window, ...]
    tz: ZoneInfo

    def is_open(self, now_utc: datetime) -> bool:
        local = _local(now_utc, self.tz)
        return any(local.weekday() in w.days and w.start <= local.time() and (w.end is None or local.time() < w.end)
                   for w in self.windows)

    def next_opening(self, now_utc: datetime) -> datetime:
        """When the next window starts (local, aware); `now` itself when open."""
        local = _local(now_utc, self.tz)
        if self.is_open(now_utc):
            return local
        starts = [datetime.combine(local.date() + timedelta(days=offset), w.start, self.tz)
                  for offset in range(8) for w in self.windows
                  if (local.date() + timedelta(days=offset)).weekday() in w.days]
        return min(s for s in starts if s > local)


def parse(spec: str | None, timezone: str) -> BusinessHours | None:
    """The hours `spec` describes, or None when always open; ConfigError says what is wrong."""
    if spec is None or spec.strip().lower() in ALWAYS:
        return None
    windows = tuple(_window(group, spec) for group in spec.split(";") if group.strip())
    if not windows:
        raise _bad(spec, "no days and hours in it")
    return BusinessHours(spec.strip(), windows, ZoneInfo(timezone))


def _window(group: str, spec: str) -> Window:
    match = _GROUP.match(group)
    if match is None:
        raise _bad(spec, f"“{group.strip()}” is not like “Mon-Fri 09:00-17:00”")
    start, end = _clock(match["start"], spec), _clock(match["end"], spec)
    if end is not None and end <= start:
        raise _bad(spec, f"{match['end']} is not after {match['start']}")
    return Window(_days(match["days"], spec), start, end)


def _days(text: str, spec: str) -> frozenset[int]:
    days: set[int] = set()
    for part in re.split(r"\s*,\s*", text.strip()):
        ends = [_day(name, spec) for name in re.split(r"\s*-\s*", part)]
        first, last = ends[0], ends[-1]
        days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return frozenset(days)


def _day(name: str, spec: str) -> int:
    key = name.strip().lower()[:3]
    if key not in DAYS:
        raise _bad(spec, f"“{name}” is not a day")
    return DAYS.index(key)


def _clock(text: str, spec: str) -> time | None:
    hours, minutes = (int(x) for x in text.split(":"))
    if (hours, minutes) == (24, 0):
        return None
    if hours > 23 or minutes > 59:
        raise _bad(spec, f"{text} is not a time of day")
    return time(hours, minutes)


def _local(now_utc: datetime, tz: ZoneInfo) -> datetime:
    aware = now_utc if now_utc.tzinfo else now_utc.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(tz)


def _bad(spec: str, why: str) -> ConfigError:
    return ConfigError(f"CRM_BUSINESS_HOURS {spec!r}: {why}.",
                       hint="Write e.g. “Mon-Fri 09:00-17:00” or “Mon-Thu 09:00-18:00; Fri 09:00-15:00”.")

