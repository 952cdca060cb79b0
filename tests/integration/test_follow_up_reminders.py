"""A follow-up said with an activity becomes a reminder the rep sees in "my reminders" and closes in words; once
closed it is no overdue follow-up on their day any more (issue 15 item 5). Explicit `now`: never the real clock."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_core.dialogue import converse
from crm_core.models import Activity, AuditLog, Reminder
from crm_core.results import ActivityLogged, Notice, ReminderList

from .conftest import NOW  # a Wednesday

AFTER_FRIDAY = NOW + timedelta(days=3)


def _say(team, text, at=NOW, who="maria"):
    return converse(team[who], f"follow-up-{who}", text, channel="console", now=at)


def _overdue_follow_ups(team, at) -> str:
    return " ".join(getattr(result, "message", "") + repr(result) for result in _say(team, "overdue follow-ups", at))


@pytest.mark.parametrize("closing", ["mark the acme follow up done", "done with the acme follow-up",
                                     "cancel the acme reminder"])
def test_a_follow_up_is_a_reminder_the_rep_sees_and_closes(team, customers, closing):
    [logged] = _say(team, "log a call with Acme, they want a demo, follow up friday")
    assert isinstance(logged, ActivityLogged) and "remind you" in logged.message
    activity = Activity.get()
    [reminder] = Reminder.select()
    assert (reminder.activity_id, reminder.customer_id, reminder.status) == (activity.id, customers["acme"].id,
                                                                             "pending")
    [listed] = _say(team, "my reminders")
    assert isinstance(listed, ReminderList) and [line.reminder_id for line in listed.reminders] == [reminder.id]
    assert "Acme Corporation" in listed.message
    assert "Acme Corporation" in _overdue_follow_ups(team, AFTER_FRIDAY)
    [closed] = _say(team, closing, at=AFTER_FRIDAY)
    assert isinstance(closed, Notice) and Reminder.get_by_id(reminder.id).status in ("done", "cancelled")
    assert AuditLog.select().where(AuditLog.entity == "reminders", AuditLog.op == "update").count() == 1
    [empty] = _say(team, "my reminders", at=AFTER_FRIDAY)
    assert empty.reminders == ()
    assert "Acme Corporation" not in _overdue_follow_ups(team, AFTER_FRIDAY)
    _say(team, "undo", at=AFTER_FRIDAY)
    assert Reminder.get_by_id(reminder.id).status == "pending"


def test_another_rep_cannot_close_it(team, customers):
    _say(team, "log a call with Acme, they want a demo, follow up friday")
    reminder = Reminder.get()
    [refused] = _say(team, f"mark reminder {reminder.id} done", who="sam")
    assert "not yours" in refused.message and Reminder.get_by_id(reminder.id).status == "pending"
