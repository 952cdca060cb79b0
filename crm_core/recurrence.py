"""Repeating reminders: an RFC 5545 RRULE read in the user's time zone, so 09:00 stays 09:00 across a DST change.

A reminder row holds one occurrence (`due_at`, naive UTC); its `recurrence` is the rule that gives the next one,
counted from that occurrence's local wall-clock time.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from crm_core.errors import ValidationError
from crm_core.i18n import _, pgettext

MAX_LENGTH = 200
FREQUENCIES = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}  # no faster than daily
_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
              "SA": "Saturday", "SU": "Sunday"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def checked(rule: str | None) -> str | None:
    """The rule in canonical form (upper case, no "RRULE:"), None for none; a ValidationError if it is not one."""
    if rule is None or not str(rule).strip():
        return None
    text = str(rule).strip().upper().removeprefix("RRULE:")
    parts = _parts(text)
    if len(text) > MAX_LENGTH or parts is None or parts.get("FREQ") not in FREQUENCIES or "DTSTART" in text:
        raise ValidationError(_("“{rule}” is not a repetition I can keep.").format(rule=rule),
                              hint=_("Say e.g. “every monday”, “weekdays at 9” or “first of each month”."))
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError):
        raise ValidationError(_("“{rule}” is not a repetition I can keep.").format(rule=rule),
                              hint=_("Say e.g. “every monday”, “weekdays at 9” or “first of each month”.")) from None
    return text


def next_due(rule: str, due_at: datetime, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The occurrence after `due_at` and after `now` (both naive UTC), as naive UTC; None when the rule ends.
    Occurrences missed while nothing ran are skipped: a reminder fires once, not once per missed week."""
    local_due, local_now = _local(due_at, zone), _local(now, zone)
    following = rrulestr(rule, dtstart=local_due).after(max(local_due, local_now))
    if following is None:
        return None
    return following.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def moved(rule: str, old: datetime, new: datetime) -> str:
    """The rule of a series moved from local `old` to local `new` ("this and all following"): its day rules follow the
    move (every Monday moved to a Tuesday is every Tuesday), so the new first occurrence is one of the rule's own."""
    parts = _parts(rule) or {}
    codes = list(_DAY_NAMES)
    if parts.get("BYDAY"):
        days = parts["BYDAY"].split(",")
        if parts.get("FREQ") == "MONTHLY" and len(days) == 1 and days[0][:-2]:
            nth = -1 if days[0][:-2] == "-1" and (new + timedelta(days=7)).month != new.month else (new.day - 1) // 7 + 1
            parts["BYDAY"] = f"{nth}{codes[new.weekday()]}"
        elif len(days) == 1:
            parts["BYDAY"] = codes[new.weekday()]
        else:
            shift = new.weekday() - old.weekday()
            parts["BYDAY"] = ",".join(codes[(codes.index(d[-2:]) + shift) % 7] for d in days if d[-2:] in codes)
    if parts.get("BYMONTHDAY") and "," not in parts["BYMONTHDAY"] and parts["BYMONTHDAY"] != "-1":
        parts["BYMONTHDAY"] = str(new.day)
    if parts.get("BYMONTH") and "," not in parts["BYMONTH"]:
        parts["BYMONTH"] = str(new.month)
    return ";".join(f"{key}={value}" for key, value in parts.items())


def local(moment: datetime, zone: ZoneInfo) -> datetime:
    """A naive UTC moment as naive wall-clock time in `zone`."""
    return _local(moment, zone)


def describe(rule: str) -> str:
    """ "every Monday", "every weekday", "every 2 weeks on Friday", "on the 1st of every month"."""
    parts = _parts(rule) or {}
    unit = FREQUENCIES.get(parts.get("FREQ", ""), "time")
    interval = int(parts.get("INTERVAL", "1") or 1)
    every = _("every {unit}").format(unit=pgettext("every", unit)) if interval == 1 \
        else _("every {n} {unit}s").format(n=interval, unit=pgettext("every", unit))
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    if unit == "week" and days:
        if days == ["MO", "TU", "WE", "TH", "FR"] and interval == 1:
            return _("every weekday")
        names = pgettext("list", " and ").join(_day_name(d) for d in days)
        return _("every {days}").format(days=names) if interval == 1 \
            else _("{every} on {days}").format(every=every, days=names)
    if unit == "month" and len(days) == 1 and days[0][:-2].lstrip("+-").isdigit():
        nth = _ORDINALS.get(int(days[0][:-2]))
        return _("on the {nth} {day} of {every}").format(
            nth=pgettext("ordinal", nth) if nth else days[0][:-2], day=_day_name(days[0][-2:]), every=every)
    if unit == "month" and parts.get("BYMONTHDAY"):
        day = int(parts["BYMONTHDAY"].split(",")[0])
        return _("on the {day} of {every}").format(day=_("last day") if day == -1 else _ordinal(day), every=every)
    return every


def _day_name(code: str) -> str:
    return pgettext("weekday", _DAY_NAMES[code]) if code in _DAY_NAMES else code

def _parts(rule: str) -> dict[str, str] | None:
    try:
        return dict(part.split("=", 1) for part in rule.split(";") if part)
    except ValueError:
        return None


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return pgettext("day of month", "{day}{suffix}").format(day=day, suffix=suffix)
