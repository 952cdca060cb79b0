"""Doing something with a reminder already set, in plain words: done, snooze, move, cancel (issue 15 item 5).
The reminder is named by its text, its customer or its number; unnamed, the one that just fired; several fit: the
rep chooses. Each change is audited and undone; another rep's reminder is refused; nothing else moves."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_core.dialogue import converse
from crm_core.models import AuditLog, Reminder
from crm_core.results import Question, Rejected

from .conftest import NOW

NEW_YORK = ZoneInfo("America/New_York")  # Maria's zone


def _utc(local: datetime) -> datetime:
    return local.replace(tzinfo=NEW_YORK).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@pytest.fixture
def reminders(team, customers) -> dict[str, Reminder]:
    def reminder(text, customer, due, user="maria"):
        return Reminder.create(user=team[user].id, customer=customers[customer].id, text=text, due_at=due,
                               created_at=NOW)

    return {"acme": reminder("call them about the renewal", "acme", NOW + timedelta(days=2)),
            "invoice": reminder("send the invoice", "globex", NOW + timedelta(days=1)),
            "sams": reminder("chase the PO", "muller", NOW + timedelta(days=1), user="sam")}


def _say(team, text, who="maria", at=NOW):
    return converse(team[who], f"reminders-{who}", text, channel="console", now=at)


def _state() -> dict[int, tuple[str, datetime]]:
    return {r.id: (r.status, r.due_at) for r in Reminder.select()}


def test_push_the_acme_reminder_to_monday_moves_only_that_one_to_9am_in_the_reps_zone(team, reminders):
    before = _state()
    [moved] = _say(team, "push the acme reminder to monday")
    assert "Moved" in moved.message
    after = _state()
    acme = reminders["acme"].id
    assert after[acme] == ("pending", _utc(datetime(2026, 11, 30, 9, 0)))  # the Monday after NOW, 09:00 New York
    assert {k: v for k, v in after.items() if k != acme} == {k: v for k, v in before.items() if k != acme}
    assert AuditLog.select().where(AuditLog.action == "move_reminder").count() == 1
    _say(team, "undo")
    assert _state() == before


def test_marking_the_invoice_reminder_done_and_cancelling_the_acme_one(team, reminders):
    _say(team, "mark the invoice reminder done")
    _say(team, "cancel the reminder about acme")
    state = _state()
    assert state[reminders["invoice"].id][0] == "done"
    assert state[reminders["acme"].id][0] == "cancelled"
    assert state[reminders["sams"].id][0] == "pending"


def test_snooze_for_two_hours_is_counted_from_now_and_the_number_is_no_reminder_id(team, reminders):
    [snoozed] = _say(team, "snooze the globex reminder for 2 hours")
    assert "Snoozed" in snoozed.message
    assert _state()[reminders["invoice"].id] == ("pending", NOW + timedelta(hours=2))
    assert _state()[reminders["acme"].id][1] == NOW + timedelta(days=2)  # reminder #2 is not "2 hours"


def test_snooze_with_nothing_named_takes_the_one_that_just_fired(team, reminders):
    fired = reminders["acme"]
    Reminder.update(status="sent").where(Reminder.id == fired.id).execute()
    _say(team, "snooze it 30 mins")
    assert _state()[fired.id] == ("pending", NOW + timedelta(minutes=30))
    assert _state()[reminders["invoice"].id] == ("pending", NOW + timedelta(days=1))


def test_when_several_fit_the_rep_chooses_and_nothing_changes_before(team, reminders):
    before = _state()
    [question] = _say(team, "snooze my reminder till tomorrow")
    assert isinstance(question, Question) and len(question.choices) == 2  # Maria's two, not Sam's
    assert _state() == before
    [picked] = _say(team, "2")
    assert "Snoozed" in picked.message
    changed = {k for k, v in _state().items() if v != before[k]}
    assert len(changed) == 1 and changed <= {reminders["acme"].id, reminders["invoice"].id}


def test_a_reminder_nobody_has_is_said_so_and_nothing_changes(team, reminders):
    before = _state()
    [answer] = _say(team, "cancel the hooli reminder")
    assert isinstance(answer, Rejected) and "no open reminder about “hooli”" in answer.message
    assert _state() == before


def test_another_reps_reminder_is_refused_by_number(team, reminders):
    before = _state()
    [answer] = _say(team, f"cancel reminder {reminders['sams'].id}")
    assert isinstance(answer, Rejected) and "Sam Lee's, not yours" in answer.message
    assert _state() == before


def test_setting_a_reminder_about_moving_something_still_sets_a_new_one(team, reminders):
    before = _state()
    _say(team, "remind me to push the acme demo to monday")
    after = _state()
    assert {k: after[k] for k in before} == before and len(after) == len(before) + 1
