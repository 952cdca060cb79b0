"""In Slack: "my reminders" lists every open reminder a page at a time with More; cancelling a repeating reminder
asks "Only this one" / "This and all following" with buttons, writes only after the press, and undo takes it back."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from crm_core import recurrence
from crm_core.models import AuditLog, Reminder, User, utcnow
from tests.bots.slack.conftest import button_named, text_of


def _state() -> dict[int, tuple]:
    return {r.id: (r.status, r.due_at, r.recurrence) for r in Reminder.select()}


def test_my_reminders_lists_all_open_ones_with_more(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    for n in range(25):
        Reminder.create(user=maria, text=f"task {n:02d}", due_at=utcnow() + timedelta(days=3 * n + 1))
    slack.command("my reminders")
    [first] = slack.api.wait_for("response")
    assert "Showing 1–20 of 25." in text_of(first.args["blocks"]) and "task 00" in text_of(first.args["blocks"])
    slack.press(button_named(first.args["blocks"], "More"))
    second = slack.api.wait_for("response", 2)[1]
    assert "Showing 21–25 of 25." in text_of(second.args["blocks"]) and "task 24" in text_of(second.args["blocks"])


def test_cancelling_only_this_one_of_a_weekly_reminder_by_button(slack, customers):
    maria = User.get(User.email == "maria@crm.example")
    due = utcnow() + timedelta(days=2)
    weekly = Reminder.create(user=maria, text="send the weekly report", due_at=due, recurrence="FREQ=WEEKLY")
    before = _state()
    slack.command("cancel the weekly report reminder")
    [question] = slack.api.wait_for("response")
    assert "repeats" in text_of(question.args["blocks"]) and _state() == before
    slack.press(button_named(question.args["blocks"], "Only this one"))
    answer = slack.api.wait_for("response", 2)[1]
    assert "The series goes on" in text_of(answer.args["blocks"])
    zone = ZoneInfo(User.get_by_id(maria.id).timezone)  # the zone Slack told on her first message
    assert Reminder.get_by_id(weekly.id).status == "cancelled"
    [(next_due, rule)] = [(r.due_at, r.recurrence) for r in Reminder.select().where(Reminder.status == "pending")]
    assert (next_due, rule) == (recurrence.next_due("FREQ=WEEKLY", due, zone, utcnow()), "FREQ=WEEKLY")
    assert AuditLog.select().where(AuditLog.action == "cancel_reminder").count() == 2  # the update, the next one
    slack.command("undo")
    assert "Undone" in text_of(slack.api.wait_for("response", 3)[2].args["blocks"])
    assert _state() == before


def test_another_reps_weekly_reminder_is_refused_by_number(slack, customers):
    sam = User.create(name="Sam Lee", role="rep", email="sam@crm.example")
    weekly = Reminder.create(user=sam, text="send the weekly report", due_at=utcnow() + timedelta(days=2),
                             recurrence="FREQ=WEEKLY")
    before = _state()
    slack.command(f"cancel reminder {weekly.id}")
    [refused] = slack.api.wait_for("response")
    assert "not yours" in text_of(refused.args["blocks"]) and _state() == before
