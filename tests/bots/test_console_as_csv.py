"""'as csv' on the older lists (top customers, deals, tickets, segment members, reminders, contacts): however short,
the list comes as a page with the whole list in a CSV file whose rows are what the database holds."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from bots.console import chat
from crm_core.clock import utcnow
from crm_core.models import Contact, Customer, Deal, Order, Reminder, Ticket, User
from crm_core.names import fold, normalize_name


@pytest.fixture
def maria(database) -> User:
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    for n, name in enumerate(("Acme Corp", "Globex Ltd", "Initech")):
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin", segment="champions")
        Order.create(customer=customer, date=date(2026, 1, 1), amount=100 * (n + 1))
        Deal.create(customer=customer, title=f"{name} renewal", amount=1000, stage="qualified", owner=maria)
        Ticket.create(customer=customer, number=3000 + n, subject=f"{name} invoice", status="open")
        Reminder.create(user=maria, customer=customer, text=f"call {name}", due_at=utcnow() + timedelta(hours=n + 1))
    acme = Customer.get(Customer.name == "Acme Corp")
    for person in ("Dana Ruiz", "Lee Park"):
        Contact.create(customer=acme, name=person, name_norm=fold(person))
    return maria


def _csv_rows(said: str) -> list[list[str]]:
    found = re.search(r"The whole list: (\S+\.csv)", said)
    assert found, said
    with open(found.group(1), encoding="utf-8", newline="") as listed:
        return list(csv.reader(listed))[1:]


@pytest.mark.parametrize(("said", "expected"), [
    ("top customers as csv", lambda: {c.name for c in Customer.select()}),
    ("show pipeline as csv", lambda: {d.customer.name for d in Deal.select().where(Deal.stage == "qualified")}),
    ("open tickets as csv", lambda: {str(t.number) for t in Ticket.select().where(Ticket.status == "open")}),
    ("list champions customers as csv", lambda: {c.name for c in Customer.select().where(Customer.segment == "champions")}),
    ("my reminders as csv", lambda: {r.text for r in Reminder.select().where(Reminder.status == "pending")}),
    ("contacts at Acme Corp as csv", lambda: {c.name for c in Contact.select()}),
])
def test_as_csv_gives_the_whole_list_as_a_file(maria, said, expected):
    out = io.StringIO()
    chat(maria, [said], out)
    rows = _csv_rows(out.getvalue())
    column = 1 if said.startswith("my reminders") else 0
    assert {row[column] for row in rows} == expected() and len(rows) == len(expected())
