"""Reminders said in chat keep their time in the rep's zone and their repetition, from the message to the notices
the scheduler writes, on SQLite and PostgreSQL. Explicit `now` arguments: never the real clock."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import Outbox, Reminder
from crm_core.results import Rejected, ReminderSet
from workers.actors.reminders import fire_due

# Europe/Berlin starts summer time on Sunday 2027-03-28: 09:00 there is 08:00 UTC before, 07:00 UTC after.
WEDNESDAY = datetime(2027, 3, 17, 10, 0)  # naive UTC


@pytest.fixture
def say(team, customers):
    def _say(text, as_, at):
        return converse(team[as_], "test", text, channel="console", now=at)
    return _say


def test_a_time_said_is_the_reps_local_time(say):
    [result] = say("remind me friday 3pm to call globex", "maria", datetime(2026, 11, 25, 10, 0))
    assert isinstance(result, ReminderSet) and "Fri 27 Nov at 15:00" in result.message
    reminder = Reminder.get_by_id(result.reminder_id)
    assert reminder.due_at == datetime(2026, 11, 27, 20, 0)  # 15:00 in New York
    assert reminder.text == "call globex" and reminder.recurrence is None


def test_a_name_no_customer_has_stays_in_the_text_and_the_reminder_is_set(say):
    [result] = say("remind me friday 3pm to call dana", "maria", datetime(2026, 11, 25, 10, 0))
    assert isinstance(result, ReminderSet)
    reminder = Reminder.get_by_id(result.reminder_id)
    assert (reminder.text, reminder.customer_id) == ("call dana", None)


def test_without_a_time_it_is_nine_in_the_morning_local(say):
    [result] = say("remind me tomorrow to send globex the contract", "sam", datetime(2026, 11, 25, 10, 0))
    assert Reminder.get_by_id(result.reminder_id).due_at == datetime(2026, 11, 26, 8, 0)  # 09:00 in Berlin


def test_every_monday_at_nine_fires_at_nine_berlin_time_before_and_after_summer_time_starts(say, team):
    [result] = say("remind me every monday 9am to send the weekly report", "sam", WEDNESDAY)
    assert isinstance(result, ReminderSet) and "every Monday at 09:00" in result.message
    first = Reminder.get_by_id(result.reminder_id)
    assert (first.due_at, first.recurrence) == (datetime(2027, 3, 22, 8, 0), "FREQ=WEEKLY;BYDAY=MO")
    fired_at = []
    for moment in [datetime(2027, 3, 22, 8, 0), datetime(2027, 3, 29, 7, 0), datetime(2027, 4, 5, 7, 0)]:
        assert fire_due(moment) == 1
        assert fire_due(moment) == 0  # a restart, or a second scheduler, at the same moment
        fired_at.append(moment)
    notices = [json.loads(row.payload) for row in Outbox.select().order_by(Outbox.id)]
    assert [n["due_at"] for n in notices] == [m.isoformat() for m in fired_at]
    assert all(n["reminder_text"] == "send the weekly report" for n in notices)
    [next_one] = Reminder.select().where(Reminder.status == "pending")
    assert next_one.due_at == datetime(2027, 4, 12, 7, 0)


def test_weekdays_at_nine_skip_the_weekend(say):
    say("remind me weekdays at 9 to log my calls", "sam", datetime(2026, 11, 27, 10, 0))  # a Friday, 11:00 Berlin
    due = []
    for _ in range(3):
        [row] = Reminder.select().where(Reminder.status == "pending")
        due.append(row.due_at)
        fire_due(row.due_at)
    assert due == [datetime(2026, 11, 30, 8, 0), datetime(2026, 12, 1, 8, 0), datetime(2026, 12, 2, 8, 0)]


def test_a_repetition_the_crm_cannot_keep_is_refused_and_nothing_is_written(team):
    result = bus.handle(c.Remind(when="2026-12-01", text="spam", recurrence="FREQ=SECONDLY"), team["sam"],
                        now=datetime(2026, 11, 25, 10, 0))
    assert isinstance(result, Rejected) and "repetition" in result.message
    assert Reminder.select().count() == 0
