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
    assert [a["label"] for a in actions] == ["Done", "Snooze 1 day"]
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
    assert "[to Otto Offline] Reminder: water the plants" in out and "[Snooze 1 day]" in out


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
