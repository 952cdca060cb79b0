"""When a digest is due: local HH:MM every day, or on one weekday, in the manager's time zone.

Comparisons are made in UTC (aware datetimes of one zone compare by wall time, which a DST change
makes ambiguous); the columns hold naive UTC.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FREQUENCIES = ("daily", "weekly")


@dataclass(frozen=True)
class Schedule:
    frequency: str  # daily or weekly
    local_time: str  # HH:MM
    weekday: int | None  # 0 Monday .. 6 Sunday, weekly only
    tz: ZoneInfo

    @property
    def step(self) -> timedelta:
        return timedelta(days=7 if self.frequency == "weekly" else 1)

    def at(self, day: date) -> datetime:
        """The digest time on local `day`, as naive UTC."""
        hour, minute = (int(part) for part in self.local_time.split(":"))
        return datetime.combine(day, time(hour, minute), self.tz).astimezone(timezone.utc).replace(tzinfo=None)

    def latest_day(self, now: datetime) -> date:
        """The local day of the latest digest time at or before `now` (naive UTC)."""
        day = now.replace(tzinfo=timezone.utc).astimezone(self.tz).date()
        if self.frequency == "weekly":
            day -= timedelta(days=(day.weekday() - (self.weekday or 0)) % 7)
        return day if self.at(day) <= now else day - self.step

    def latest(self, now: datetime) -> datetime:
        return self.at(self.latest_day(now))

    def next(self, now: datetime) -> datetime:
        return self.at(self.latest_day(now) + self.step)

    def period(self, now: datetime) -> str:
        """The latest digest's period: its local date (daily) or ISO week (weekly)."""
        day = self.latest_day(now)
        if self.frequency == "weekly":
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return day.isoformat()

    def local(self, moment: datetime) -> datetime:
        return moment.replace(tzinfo=timezone.utc).astimezone(self.tz)
