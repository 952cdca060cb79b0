"""Due reminders -> one outbox row each, addressed as the rep prefers; Done and Snooze as services."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta

import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.models import AuditLog, Customer, Outbox, Reminder, User
from crm_core.names import normalize_name
from crm_core.results import Notice, Rejected, ReminderSet
from workers.actors.reminders import fire_due, fire_due_reminders

from .conftest import drain

NOW = datetime(2026, 11, 25, 14, 0)  # naive UTC


@pytest.fixture
def people(database):
    def user(name, **fields):
        return User.create(name=name, role="rep", email=f"{name.split()[0].lower()}@crm.example", **fields)

    return {
        "maria": user("Maria Lopez", slack_user_id="U01MARIA", timezone="America/New_York"),
        "sam": user("Sam Lee", telegram_user_id=5550001),
        "tess": user("Tess Both", slack_user_id="U01TESS", telegram_user_id=5550002, notify_via="telegram"),
        "otto": user("Otto Offline"),
    }


@pytest.fixture
def acme(database):
    return Customer.create(name="Acme Corporation", name_norm=normalize_name("Acme Corporation"))


def remind(user, text, due_at, customer=None):
    return Reminder.create(user=user.id, text=text, due_at=due_at, customer=customer.id if customer else None)


def test_each_due_reminder_becomes_one_outbox_row_addressed_as_the_rep_prefers(people, acme):
    due = {name: remind(person, f"call {name}", NOW - timedelta(minutes=1), acme) for name, person in people.items()}
    later = remind(people["maria"], "not yet", NOW + timedelta(minutes=1))
    assert fire_due(NOW) == 4
    rows = {json.loads(r.payload)["reminder_id"]: r for r in Outbox.select()}
    assert set(rows) == {r.id for r in due.values()}
    kinds = {name: rows[r.id].kind for name, r in due.items()}
    assert kinds == {"maria": "slack.dm", "sam": "telegram.message", "tess": "telegram.message",
                     "otto": "console.message"}
    maria = json.loads(rows[due["maria"].id].payload)
    assert maria["user"] == "U01MARIA" and maria["text"] == "Reminder: call maria"
    assert maria["customer"] == {"id": acme.id, "name": "Acme Corporation"}
    assert json.loads(rows[due["tess"].id].payload)["chat_id"] == 5550002
    assert all(Reminder.get_by_id(r.id).status == "sent" for r in due.values())
    assert Reminder.get_by_id(later.id).status == "pending"


def test_the_buttons_are_commands_the_bus_understands(people):
    remind(people["maria"], "send the quote", NOW)
    fire_due(NOW)
    actions = json.loads(Outbox.get().payload)["actions"]
    assert [a["label"] for a in actions] == ["Done", "1 h", "Tomorrow", "Next week"]
    commands = [c.from_json(a["command"]) for a in actions]
    assert isinstance(commands[0], c.CompleteReminder) and isinstance(commands[1], c.SnoozeReminder)
    assert commands[1].days == 1


def test_firing_twice_or_concurrently_fires_each_reminder_once(people):
    for i in range(20):
        remind(people["sam"], f"r{i}", NOW - timedelta(hours=1))
    threads = [threading.Thread(target=fire_due, args=(NOW,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fire_due(NOW) == 0
    assert Outbox.select().count() == 20


def test_fired_reminders_are_sent_through_the_outbox(stub_broker, stub_worker, people, capsys):
    remind(people["otto"], "water the plants", NOW)
    fire_due_reminders.send(NOW.isoformat())
    drain(stub_broker, stub_worker)
    assert Outbox.get().status == "sent"
    out = capsys.readouterr().out
    assert "[to Otto Offline] Reminder: water the plants" in out and "[Tomorrow]" in out


def test_done_marks_the_reminder_done_with_an_audit_row(people):
    reminder = remind(people["maria"], "send the quote", NOW)
    fire_due(NOW)
    result = bus.handle(c.CompleteReminder(reminder_id=reminder.id), people["maria"], now=NOW)
    assert isinstance(result, Notice) and "send the quote" in result.message
    assert Reminder.get_by_id(reminder.id).status == "done"
    assert AuditLog.get(AuditLog.action == "complete_reminder").entity_id == reminder.id


def test_snooze_moves_it_a_day_and_it_fires_again_then(people):
    reminder = remind(people["maria"], "send the quote", NOW)
    fire_due(NOW)
    result = bus.handle(c.SnoozeReminder(reminder_id=reminder.id, days=1), people["maria"], now=NOW + timedelta(minutes=5))
    assert isinstance(result, ReminderSet) and "Thu 26 Nov at 09:00" in result.message  # New York time
    assert (Reminder.get_by_id(reminder.id).due_at, Reminder.get_by_id(reminder.id).status) == (
        NOW + timedelta(days=1), "pending")
    assert fire_due(NOW + timedelta(hours=23)) == 0
    assert fire_due(NOW + timedelta(days=1)) == 1
    assert Outbox.select().count() == 2


def test_only_the_rep_can_press_their_reminders_buttons(people):
    reminder = remind(people["maria"], "send the quote", NOW)
    for command in (c.CompleteReminder(reminder_id=reminder.id), c.SnoozeReminder(reminder_id=reminder.id)):
        result = bus.handle(command, people["sam"], now=NOW)
        assert isinstance(result, Rejected) and result.code == "forbidden"
        assert "Maria Lopez" in result.message
    assert Reminder.get_by_id(reminder.id).status == "pending"


@pytest.mark.parametrize("command, code, says", [
    (c.CompleteReminder(reminder_id=999), "not_found", "no reminder #999"),
    (c.SnoozeReminder(reminder_id=999), "not_found", "no reminder #999"),
    (c.SnoozeReminder(reminder_id=1, days=0), "invalid", "between 1 and 30"),
    (c.SnoozeReminder(reminder_id=1, days=400), "invalid", "between 1 and 30"),
])
def test_bad_button_presses_are_clear_refusals(people, command, code, says):
    remind(people["maria"], "send the quote", NOW)
    result = bus.handle(command, people["maria"], now=NOW)
    assert isinstance(result, Rejected) and result.code == code and says in result.message


def test_a_done_reminder_cannot_be_done_or_snoozed_again(people):
    reminder = remind(people["maria"], "send the quote", NOW)
    bus.handle(c.CompleteReminder(reminder_id=reminder.id), people["maria"], now=NOW)
    for command in (c.CompleteReminder(reminder_id=reminder.id), c.SnoozeReminder(reminder_id=reminder.id)):
        result = bus.handle(command, people["maria"], now=NOW)
        assert isinstance(result, Rejected) and result.code == "conflict" and "already done" in result.message


# Europe/Berlin leaves summer time on Sunday 2026-10-25: 09:00 there is 07:00 UTC before, 08:00 UTC after.
MONDAY_BEFORE = datetime(2026, 10, 19, 7, 0)  # Mon 09:00 CEST, naive UTC
MONDAY_AFTER = datetime(2026, 10, 26, 8, 0)  # Mon 09:00 CET, naive UTC


@pytest.fixture
def berliner(database):
    return User.create(name="Bea Berg", role="rep", email="bea@crm.example", timezone="Europe/Berlin")


def weekly(user, due_at, rule="FREQ=WEEKLY;BYDAY=MO"):
    return Reminder.create(user=user.id, text="send the weekly report", due_at=due_at, recurrence=rule)


def pending(user):
    return [(r.due_at, r.recurrence) for r in Reminder.select().where(
        (Reminder.user == user.id) & (Reminder.status == "pending")).order_by(Reminder.due_at)]


def test_a_weekly_reminder_stays_at_nine_local_across_the_end_of_summer_time(berliner):
    weekly(berliner, MONDAY_BEFORE)
    assert fire_due(MONDAY_BEFORE) == 1
    assert pending(berliner) == [(MONDAY_AFTER, "FREQ=WEEKLY;BYDAY=MO")]
    assert fire_due(MONDAY_AFTER - timedelta(hours=1)) == 0  # 08:00 Berlin: not yet
    assert fire_due(MONDAY_AFTER) == 1
    assert pending(berliner) == [(datetime(2026, 11, 2, 8, 0), "FREQ=WEEKLY;BYDAY=MO")]
    sent = [json.loads(r.payload)["due_at"] for r in Outbox.select().order_by(Outbox.id)]
    assert sent == [MONDAY_BEFORE.isoformat(), MONDAY_AFTER.isoformat()]


def test_firing_the_same_moment_twice_after_a_restart_writes_one_notification_and_one_next_time(berliner):
    weekly(berliner, MONDAY_BEFORE)
    assert fire_due(MONDAY_BEFORE) == 1
    assert fire_due(MONDAY_BEFORE) == 0
    assert Outbox.select().count() == 1
    assert pending(berliner) == [(MONDAY_AFTER, "FREQ=WEEKLY;BYDAY=MO")]


def test_two_schedulers_firing_at_once_write_each_occurrence_once(berliner):
    weekly(berliner, MONDAY_BEFORE)
    threads = [threading.Thread(target=fire_due, args=(MONDAY_BEFORE,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Outbox.select().count() == 1
    assert pending(berliner) == [(MONDAY_AFTER, "FREQ=WEEKLY;BYDAY=MO")]


def test_weeks_missed_while_nothing_ran_fire_once_then_the_next_monday(berliner):
    weekly(berliner, MONDAY_BEFORE)
    wednesday_three_weeks_later = datetime(2026, 11, 11, 12, 0)
    assert fire_due(wednesday_three_weeks_later) == 1
    assert pending(berliner) == [(datetime(2026, 11, 16, 8, 0), "FREQ=WEEKLY;BYDAY=MO")]


def test_each_occurrence_has_its_own_buttons_and_stop_repeating_ends_the_series(berliner):
    first = weekly(berliner, MONDAY_BEFORE)
    fire_due(MONDAY_BEFORE)
    actions = json.loads(Outbox.get().payload)["actions"]
    assert [a["label"] for a in actions] == ["Done", "1 h", "Tomorrow", "Next week", "Stop repeating"]
    done, *_, stop = (c.from_json(a["command"]) for a in actions)
    assert done.reminder_id == first.id
    assert isinstance(bus.handle(done, berliner, now=MONDAY_BEFORE), Notice)
    assert pending(berliner) == [(MONDAY_AFTER, "FREQ=WEEKLY;BYDAY=MO")]  # Done is for this Monday only
    result = bus.handle(stop, berliner, now=MONDAY_BEFORE)
    assert isinstance(result, Notice) and result.message.startswith("Stopped repeating")
    assert pending(berliner) == [] and fire_due(MONDAY_AFTER + timedelta(days=30)) == 0


def test_a_one_off_reminder_does_not_come_back(berliner):
    Reminder.create(user=berliner.id, text="call acme", due_at=MONDAY_BEFORE)
    assert fire_due(MONDAY_BEFORE) == 1
    assert pending(berliner) == [] and fire_due(MONDAY_AFTER + timedelta(days=30)) == 0


def test_a_series_that_ends_schedules_nothing_more(berliner):
    weekly(berliner, MONDAY_BEFORE, "FREQ=WEEKLY;BYDAY=MO;COUNT=1")
    assert fire_due(MONDAY_BEFORE) == 1
    assert pending(berliner) == []
