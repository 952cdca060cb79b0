"""Lists a query caps (reminders at 50, customer lists at 500) say how many there are, not only how many fit."""
from __future__ import annotations

import io
from datetime import timedelta

from bots.console import chat
from crm_core.clock import utcnow
from crm_core.models import Customer, Reminder, User
from crm_core.names import normalize_name
from crm_core.services import agenda, insights


def test_a_capped_customer_list_says_how_many_match(database, monkeypatch):
    monkeypatch.setattr(insights, "MOST", 30)
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    for n in range(40):
        Customer.create(name=f"Berliner {n:02d}", name_norm=normalize_name(f"Berliner {n:02d}"), city="Berlin")
    out = io.StringIO()
    chat(maria, ["customers in berlin"], out)
    matching = Customer.select().where(Customer.city == "Berlin").count()
    assert f"Showing 1–20 of {matching}." in out.getvalue()


def test_capped_reminders_say_how_many_are_due(database, monkeypatch):
    monkeypatch.setattr(agenda, "LIMIT", 5)
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    for n in range(8):
        Reminder.create(user=maria, text=f"call {n}", due_at=utcnow() + timedelta(hours=n + 1))
    out = io.StringIO()
    chat(maria, ["my reminders"], out)
    due = Reminder.select().where(Reminder.user == maria.id).count()
    assert f"Showing 1–5 of {due}. Only the first 5 can be listed" in out.getvalue()
