"""In Slack, a rep changes a reminder in plain words ("snooze the globex reminder 2 hours", "cancel the acme
reminder"), and a fired reminder's "1 h" button snoozes it an hour; the database holds exactly that."""
from __future__ import annotations

from datetime import timedelta

from crm_core.models import AuditLog, Outbox, Reminder, User, utcnow
from tests.bots.slack.conftest import button_named, fired_reminder_dm, text_of


def dm(text: str, n: int) -> dict:
    ts = f"17000004{n:02d}.000100"
    return {"type": "message", "channel_type": "im", "user": "UMARIA", "text": text, "ts": ts, "channel": "D0MARIA",
            "event_ts": ts}


def _maria_with_reminders(customers) -> tuple[Reminder, Reminder]:
    maria = User.get(User.email == "maria@crm.example")
    later = utcnow() + timedelta(days=2)
    return (Reminder.create(user=maria, customer=customers["globex"], text="send the invoice", due_at=later),
            Reminder.create(user=maria, customer=customers["acme"], text="call about the renewal", due_at=later))


def test_snooze_and_cancel_said_in_a_dm_change_the_reminder_named(slack, customers):
    invoice, renewal = _maria_with_reminders(customers)
    before = utcnow()
    assert slack.event(dm("snooze the globex reminder 2 hours", 1)).status == 200
    [snoozed] = slack.api.wait_for("chat.postMessage", 1)
    assert "Snoozed" in text_of(snoozed.args["blocks"]) and "send the invoice" in text_of(snoozed.args["blocks"])
    due = Reminder.get_by_id(invoice.id).due_at
    assert before + timedelta(hours=2) - timedelta(seconds=5) <= due <= utcnow() + timedelta(hours=2)

    assert slack.event(dm("cancel the acme reminder", 2)).status == 200
    slack.api.wait_for("chat.postMessage", 2)
    assert Reminder.get_by_id(renewal.id).status == "cancelled"
    assert Reminder.get_by_id(invoice.id).status == "pending"
    assert {a.action for a in AuditLog.select()} >= {"snooze_reminder", "cancel_reminder"}


def test_the_one_hour_button_on_a_fired_reminder_snoozes_it_an_hour(slack, customers, sender_client):
    reminder, message = fired_reminder_dm(slack, customers["globex"], "Call Globex")
    pressed = utcnow()
    slack.press(button_named(message.args["blocks"], "1 h"), channel="D0MARIA",
                message={"type": "message", "ts": Outbox.get().platform_message_id})
    [answer] = slack.api.wait_for("response")
    assert "Snoozed" in answer.args["text"]
    reminder = Reminder.get_by_id(reminder.id)
    assert reminder.status == "pending"
    assert pressed + timedelta(minutes=59) <= reminder.due_at <= utcnow() + timedelta(hours=1)
