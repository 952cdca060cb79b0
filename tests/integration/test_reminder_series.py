"""Reminders that behave like a calendar (issue 15 item 5): "my reminders" without a period lists every open one,
overdue first, a page at a time; a change to an occurrence of a repeating reminder asks "Only this one" / "This and
all following" before it writes, each answer audited and undone, and another rep's reminder refused."""
from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bots.console import chat
from crm_core import paging
from crm_core.dialogue import converse
from crm_core.models import AuditLog, Reminder
from crm_core.results import Notice, Question, Rejected, ReminderList, ReminderSet
from workers.actors.reminders import fire_due

from .conftest import NOW

NEW_YORK = ZoneInfo("America/New_York")  # Maria's zone
WEEKLY = "FREQ=WEEKLY;BYDAY=MO"


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=NEW_YORK).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


MONDAY = _utc(datetime(2026, 11, 30, 9, 0))  # the Monday after NOW, 09:00 New York
NEXT_MONDAY = _utc(datetime(2026, 12, 7, 9, 0))


def _say(team, text, who="maria", at=NOW):
    return converse(team[who], f"series-{who}", text, channel="console", now=at)


def _state() -> dict[int, tuple[str, datetime, str | None]]:
    return {r.id: (r.status, r.due_at, r.recurrence) for r in Reminder.select()}


def _pending() -> list[tuple[datetime, str | None]]:
    return [(r.due_at, r.recurrence) for r in
            Reminder.select().where(Reminder.status == "pending").order_by(Reminder.due_at)]


@pytest.fixture
def weekly(team) -> Reminder:
    return Reminder.create(user=team["maria"].id, text="send the weekly report", due_at=MONDAY, recurrence=WEEKLY,
                           created_at=NOW)


# -- "my reminders" ---------------------------------------------------------------------------------------------
def test_my_reminders_without_a_period_lists_all_open_ones_overdue_first_a_page_at_a_time(team):
    maria = team["maria"].id
    Reminder.create(user=maria, text="chase the overdue invoice", due_at=NOW - timedelta(days=3))
    for n in range(45):
        Reminder.create(user=maria, text=f"task {n:02d}", due_at=NOW + timedelta(days=2 * n + 1))
    Reminder.create(user=maria, text="already done", due_at=NOW + timedelta(days=1), status="done")
    Reminder.create(user=team["sam"].id, text="sam's own", due_at=NOW + timedelta(days=1))
    [listed] = _say(team, "show my reminders")
    assert isinstance(listed, ReminderList) and paging.total(listed) == 46  # 90 days ahead too, not only 7
    assert listed.reminders[0].text == "chase the overdue invoice" and listed.reminders[0].overdue
    assert [line.text for line in listed.reminders[1:]] == [f"task {n:02d}" for n in range(45)]
    shown = paging.page(listed)
    assert paging.status(shown) == "Showing 1–20 of 46." and paging.has_more(shown)
    out = io.StringIO()
    chat(team["maria"], ["what reminders do I have"], out)
    assert "Showing 1–20 of 46." in out.getvalue()


def test_a_period_said_still_filters(team):
    Reminder.create(user=team["maria"].id, text="soon", due_at=NOW + timedelta(hours=5))
    Reminder.create(user=team["maria"].id, text="in a month", due_at=NOW + timedelta(days=30))
    [today] = _say(team, "my reminders today")
    [week] = _say(team, "my reminders this week")
    assert [line.text for line in today.reminders] == [line.text for line in week.reminders] == ["soon"]
    [everything] = _say(team, "my reminders")
    assert [line.text for line in everything.reminders] == ["soon", "in a month"]


# -- an occurrence of a repeating reminder ------------------------------------------------------------------------
def test_cancelling_only_this_one_skips_this_monday_and_the_series_goes_on(team, weekly):
    before = _state()
    [question] = _say(team, "cancel the weekly report reminder")
    assert isinstance(question, Question) and [ch.label for ch in question.choices] == [
        "Only this one", "This and all following"]
    assert _state() == before  # a question never writes
    [done] = _say(team, "Only this one")
    assert isinstance(done, Notice) and "next on Mon 07 Dec at 09:00" in done.message
    assert Reminder.get_by_id(weekly.id).status == "cancelled"
    assert _pending() == [(NEXT_MONDAY, WEEKLY)]
    assert {(a.action, a.op) for a in AuditLog.select()} == {("cancel_reminder", "update"),
                                                             ("cancel_reminder", "create")}
    _say(team, "undo")
    assert _state() == before


def test_moving_this_and_all_following_makes_it_every_tuesday_from_the_new_time(team, weekly):
    before = _state()
    [question] = _say(team, "push the weekly report reminder to tuesday 10am")
    assert isinstance(question, Question) and _state() == before
    [moved] = _say(team, "2")
    assert isinstance(moved, ReminderSet) and "every Tuesday" in moved.message
    tuesday = _utc(datetime(2026, 12, 1, 10, 0))
    assert _pending() == [(tuesday, "FREQ=WEEKLY;BYDAY=TU")]
    assert AuditLog.get(AuditLog.action == "move_reminder").entity_id == weekly.id
    assert fire_due(tuesday) == 1
    assert _pending() == [(_utc(datetime(2026, 12, 8, 10, 0)), "FREQ=WEEKLY;BYDAY=TU")]


def test_snoozing_only_this_one_moves_this_monday_and_keeps_the_next(team, weekly):
    before = _state()
    _say(team, "snooze the weekly report reminder till tomorrow")
    [snoozed] = _say(team, "only this one")
    assert isinstance(snoozed, ReminderSet)
    assert _pending() == [(MONDAY + timedelta(days=1), None), (NEXT_MONDAY, WEEKLY)]
    _say(team, "undo")
    assert _state() == before


def test_done_on_a_fired_occurrence_for_all_following_ends_the_series(team, weekly):
    assert fire_due(MONDAY) == 1
    after_firing = _state()
    later = MONDAY + timedelta(minutes=5)
    [question] = _say(team, "mark the reminder done", at=later)
    assert isinstance(question, Question) and _state() == after_firing
    [stopped] = _say(team, "This and all following", at=later)
    assert isinstance(stopped, Notice) and stopped.message.startswith("Stopped repeating")
    assert Reminder.get_by_id(weekly.id).status == "done" and _pending() == []
    assert fire_due(MONDAY + timedelta(days=30)) == 0
    _say(team, "undo", at=later)
    assert _state() == after_firing


def test_another_reps_repeating_reminder_is_refused_without_a_question(team, weekly):
    before = _state()
    [refused] = _say(team, f"cancel reminder {weekly.id}", who="sam")
    assert isinstance(refused, Rejected) and "not yours" in refused.message
    assert _state() == before and AuditLog.select().count() == 0


def test_a_one_off_reminder_is_changed_without_the_question(team):
    once = Reminder.create(user=team["maria"].id, text="call globex", due_at=MONDAY)
    [cancelled] = _say(team, "cancel the globex reminder")
    assert isinstance(cancelled, Notice) and Reminder.get_by_id(once.id).status == "cancelled"


def test_a_scope_said_in_words_is_not_asked(team, weekly):
    [moved] = _say(team, "push the weekly report reminder to tuesday 10am from now on")
    assert isinstance(moved, ReminderSet)
    assert _pending() == [(_utc(datetime(2026, 12, 1, 10, 0)), "FREQ=WEEKLY;BYDAY=TU")]
    [stopped] = _say(team, "stop reminding me about the weekly report")
    assert isinstance(stopped, Notice) and stopped.message.startswith("Stopped repeating") and _pending() == []


def test_cancel_said_to_the_question_writes_nothing(team, weekly):
    before = _state()
    [question] = _say(team, "snooze the weekly report reminder an hour")
    assert isinstance(question, Question)
    _say(team, "cancel")
    assert _state() == before and AuditLog.select().count() == 0
