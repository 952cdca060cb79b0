"""Dates relative to today (README rules), checked from several weekdays, not only the eval's Wednesday."""
from datetime import date
from datetime import datetime as _datetime
from zoneinfo import ZoneInfo

import pytest

from crm_core import recurrence as repeating
from crm_core.errors import ValidationError
from crm_core.nlp.clock import find_relative, find_time
from crm_core.nlp.dates import find_dates, next_weekday
from crm_core.nlp.parser import KNOWN
from crm_core.nlp.recurrence import find_recurrence
from crm_core.nlp.text import clean, tokenize

WEDNESDAY = date(2026, 11, 25)


def dates_in(text: str, today: date = WEDNESDAY) -> list[str]:
    return [d.value.isoformat() for d in find_dates(tokenize(clean(text), KNOWN), today)]


@pytest.mark.parametrize("text, expected", [
    ("today", "2026-11-25"), ("tonight", "2026-11-25"), ("eod", "2026-11-25"),
    ("tomorrow", "2026-11-26"), ("tmrw", "2026-11-26"), ("tmr", "2026-11-26"), ("tomorow", "2026-11-26"),
    ("day after tomorrow", "2026-11-27"), ("yesterday", "2026-11-24"),
    ("in 3 days", "2026-11-28"), ("in two weeks", "2026-12-09"), ("in 2 wks", "2026-12-09"),
    ("in a week", "2026-12-02"), ("in a couple of days", "2026-11-27"), ("in a few days", "2026-11-28"),
    ("in 10 days", "2026-12-05"), ("in a month", "2026-12-25"), ("in 3 months", "2027-02-25"),
    ("in 2 business days", "2026-11-27"), ("in 2wks", "2026-12-09"), ("in 10d", "2026-12-05"), ("a week from today", "2026-12-02"), ("in a fortnight", "2026-12-09"),
    ("friday", "2026-11-27"), ("next friday", "2026-11-27"), ("this friday", "2026-11-27"), ("on fri", "2026-11-27"),
    ("wednesday", "2026-12-02"), ("next wednesday", "2026-12-02"), ("monday", "2026-11-30"),
    ("thursday", "2026-11-26"), ("thurs", "2026-11-26"), ("tues", "2026-12-01"), ("sunday", "2026-11-29"),
    ("next week", "2026-11-30"), ("end of the month", "2026-11-30"), ("end of month", "2026-11-30"),
    ("eom", "2026-11-30"), ("end of the week", "2026-11-27"), ("eow", "2026-11-27"),
    ("end of next month", "2026-12-31"), ("next month", "2026-12-01"), ("end of the quarter", "2026-12-31"),
    ("end of year", "2026-12-31"), ("friday next week", "2026-12-04"),
    ("Dec 3", "2026-12-03"), ("3 December", "2026-12-03"), ("December 3rd", "2026-12-03"),
    ("2026-12-03", "2026-12-03"), ("dec. 3", "2026-12-03"), ("the 3rd of december", "2026-12-03"),
    ("on December 10th", "2026-12-10"), ("jan 8", "2027-01-08"), ("november 1", "2027-11-01"),
    ("november 25", "2026-11-25"), ("feb 29", None), ("march 3, 2028", "2028-03-03"),
    ("on the 30th", "2026-11-30"), ("on the 2nd", "2026-12-02"),
])
def test_one_date(text, expected):
    assert dates_in(text) == ([expected] if expected else [])


@pytest.mark.parametrize("text", ["until jan", "in Q1", "3yr terms", "2,000 units", "ticket 12", "top 5", "12k",
                                  "in an hour", "at 3pm", "#17", "the may release", "15%"])
def test_no_date(text):
    assert dates_in(text) == []


@pytest.mark.parametrize("today, text, expected", [
    (date(2026, 11, 27), "friday", "2026-12-04"),  # today is Friday: the next one
    (date(2026, 11, 27), "end of the week", "2026-11-27"),
    (date(2026, 11, 28), "end of the week", "2026-12-04"),  # Saturday
    (date(2026, 11, 29), "next week", "2026-11-30"),  # Sunday
    (date(2026, 11, 30), "next week", "2026-12-07"),  # Monday
    (date(2026, 12, 31), "tomorrow", "2027-01-01"),
    (date(2026, 12, 31), "end of month", "2026-12-31"),
    (date(2026, 12, 20), "next month", "2027-01-01"),
    (date(2027, 1, 31), "in a month", "2027-02-28"),
    (date(2028, 2, 28), "feb 29", "2028-02-29"),
    (date(2026, 12, 31), "dec 3", "2027-12-03"),
])
def test_relative_to_other_days(today, text, expected):
    assert dates_in(text, today) == [expected]


def test_several_dates_in_order():
    assert dates_in("met them today, follow up next tuesday and again on dec 15") == [
        "2026-11-25", "2026-12-01", "2026-12-15"]


def test_next_weekday_is_strictly_after_today():
    for offset in range(7):
        today = date(2026, 11, 23 + offset)
        for weekday in range(7):
            day = next_weekday(today, weekday)
            assert day.weekday() == weekday and 1 <= (day - today).days <= 7


# Times of day and repetition (crm_core/nlp/clock.py, recurrence.py; crm_core/recurrence.py).


def time_in(text: str) -> str | None:
    found = find_time(tokenize(clean(text), KNOWN))
    return f"{found.at:%H:%M}" if found else None


@pytest.mark.parametrize("text, expected", [
    ("friday 3pm", "15:00"), ("at 9:30", "09:30"), ("9.30am", "09:30"), ("at noon", "12:00"), ("midnight", "00:00"),
    ("12am", "00:00"), ("12pm", "12:00"), ("at 8", "08:00"), ("tonight", "20:00"), ("tonight at 8", "20:00"),
    ("tomorrow morning", "09:00"), ("tomorrow afternoon", "14:00"), ("this evening", "18:00"), ("eod", "17:00"),
    ("at 3 in the afternoon", "15:00"),
    ("in 3 days", None), ("dec 3", None), ("2026-12-03", None), ("500 seats", None), ("the 30th", None),
    ("at 25", None), ("12k", None),
])
def test_times_of_day(text, expected):
    assert time_in(text) == expected


@pytest.mark.parametrize("text, minutes", [("in 2 hours", 120), ("in an hour", 60), ("in 30 mins", 30),
                                           ("in half an hour", 30), ("in two hours", 120)])
def test_spans_from_now(text, minutes):
    delta, _, _ = find_relative(tokenize(clean(text), KNOWN))
    assert delta.total_seconds() == minutes * 60


@pytest.mark.parametrize("text", ["in 3 days", "in a week", "at 3pm"])
def test_days_are_not_spans_from_now(text):
    assert find_relative(tokenize(clean(text), KNOWN)) is None


@pytest.mark.parametrize("text, rule", [
    ("every monday", "FREQ=WEEKLY;BYDAY=MO"), ("each friday", "FREQ=WEEKLY;BYDAY=FR"),
    ("every day", "FREQ=DAILY"), ("daily", "FREQ=DAILY"), ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    ("monday to friday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"), ("first of each month", "FREQ=MONTHLY;BYMONTHDAY=1"),
    ("the 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("every 2 weeks on friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
    ("biweekly on tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("every other week", "FREQ=WEEKLY;INTERVAL=2"), ("once a month", "FREQ=MONTHLY"), ("yearly", "FREQ=YEARLY"),
])
def test_repetition(text, rule):
    found = find_recurrence(tokenize(clean(text), KNOWN))
    assert found is not None and found.rule == rule


@pytest.mark.parametrize("text", ["friday", "next monday", "in a week", "the weekly report", "daily standup notes",
                                  "on the first of the month", "end of month", "a week from today"])
def test_no_repetition(text):
    assert find_recurrence(tokenize(clean(text), KNOWN)) is None


@pytest.mark.parametrize("rule, says", [
    ("FREQ=WEEKLY;BYDAY=MO", "every Monday"), ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "every 2 weeks on Friday"), ("FREQ=DAILY", "every day"),
    ("FREQ=MONTHLY;BYMONTHDAY=1", "on the 1st of every month"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "on the last day of every month"),
    ("FREQ=MONTHLY;BYDAY=1MO", "on the first Monday of every month"),
])
def test_repetition_in_words(rule, says):
    assert repeating.describe(rule) == says


@pytest.mark.parametrize("rule", ["FREQ=SECONDLY", "FREQ=HOURLY", "every monday", "FREQ=WEEKLY;BYDAY=XX",
                                  "DTSTART:20260101T000000\nFREQ=DAILY"])
def test_rules_the_crm_does_not_keep_are_refused(rule):
    with pytest.raises(ValidationError):
        repeating.checked(rule)


def test_the_next_time_keeps_the_wall_clock_across_summer_time_starting():
    berlin = ZoneInfo("Europe/Berlin")
    due = _datetime(2027, 3, 27, 8, 0)  # Sat 09:00 CET, naive UTC
    assert repeating.next_due("FREQ=DAILY", due, berlin, now=due) == _datetime(2027, 3, 28, 7, 0)  # 09:00 CEST


@pytest.mark.parametrize("text, rule", [("biweekly on tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
                                        ("remind me bimonthly to audit", "FREQ=MONTHLY;INTERVAL=2"),
                                        ("fortnightly on friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR")])
def test_twice_as_slow_is_not_corrected_away(text, rule):
    assert find_recurrence(tokenize(clean(text), KNOWN)).rule == rule
