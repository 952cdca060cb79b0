"""Every Result renders as valid-looking Block Kit: tables, cards, questions, Undo on every write."""
from __future__ import annotations

import dataclasses
import inspect
import json
from datetime import date

from bots.slack import blocks
from bots.slack.blocks import Asker, is_private, message, render
from crm_core import bus
from crm_core import commands as c
from crm_core import results as r
from crm_core.models import Activity, Customer, Deal, Order, Ticket, User
from crm_core.names import normalize_name
from crm_core.results import ReminderLine, ReminderList
from crm_core.services.help import EXAMPLES
from tests.bots.slack.conftest import button_named, buttons, text_of

ASKER = Asker("slack:C1:", "UMARIA")


def _valid(made: list[dict]) -> None:
    assert len(made) <= 50
    for block in made:
        assert block["type"] in {"section", "context", "actions", "divider", "header"}
        if block["type"] == "section" and "text" in block:
            assert 0 < len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000


def test_every_write_gets_an_undo_button_carrying_the_conversation():
    for cls in (cls for _, cls in inspect.getmembers(r, inspect.isclass) if issubclass(cls, r.Written)):
        fields = {f.name: (0 if f.type in ("int", "float") else () if f.type.startswith("tuple") else "x")
                  for f in dataclasses.fields(cls)}
        made = render(cls(**{**fields, "message": "Did it."}), ASKER)
        _valid(made)
        undo = button_named(made, "Undo")
        assert json.loads(undo["value"]) == {"k": "slack:C1:", "u": "UMARIA"}
        assert "Did it." in text_of(made)


def test_a_confirmation_has_confirm_and_cancel_and_the_summary():
    question = r.Question("Shall I do this?", (r.Choice("yes", "Confirm"), r.Choice("no", "Cancel")),
                          summary=("move the Acme deal to lost",))
    made = render(question, ASKER)
    _valid(made)
    confirm, cancel = buttons(made)
    assert (confirm["style"], cancel["style"]) == ("primary", "danger")
    assert json.loads(confirm["value"])["v"] == "yes" and json.loads(cancel["value"])["v"] == "no"
    assert "• move the Acme deal to lost" in text_of(made)
    assert is_private(question)


def test_user_text_is_escaped_and_long_text_clipped():
    made = render(r.Notice("<!channel> & " + "x" * 5000), ASKER)
    _valid(made)
    assert text_of(made).startswith("&lt;!channel&gt; &amp; ")


def test_reports_render_as_tables(database):
    maria = User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    customers = []
    for n in range(40):
        name = f"Customer {n:02d} GmbH"
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin")
        customers.append(customer)
        Order.create(customer=customer, date=date(2026, 1, 1), amount=1000 + n)
        Deal.create(customer=customer, title=f"Deal {n}", amount=500 * n, stage="proposal", owner=maria)
    Activity.create(customer=customers[0], kind="call", summary="talked <prices>", user=maria)
    Ticket.create(number=1001, customer=customers[0], subject="Broken", channel="console")

    top = bus.handle(c.ShowTopCustomers(limit=40), maria, channel="slack")
    made = render(top, ASKER)
    _valid(made)
    shown = text_of(made)
    assert "Top customers by revenue" in shown and "```" in shown and "Customer 39 GmbH" in shown
    assert is_private(top)  # reports are for the asker unless they share them

    pipeline = render(bus.handle(c.ShowPipeline(owner="me"), maria, channel="slack"), ASKER)
    _valid(pipeline)
    assert "Maria Lopez's pipeline" in text_of(pipeline) and "Showing 1–20 of 40." in text_of(pipeline)

    card = render(bus.handle(c.ShowCustomer(customer_id=customers[0].id), maria, channel="slack"), ASKER)
    _valid(card)
    assert card[0] == {"type": "header", "text": {"type": "plain_text", "text": "Customer 00 GmbH", "emoji": True}}
    shown = text_of(card)
    assert "Open deals" in shown and "Last activities" in shown and "talked &lt;prices&gt;" in shown
    assert "#1001" in shown

    tickets = render(bus.handle(c.ShowTickets(), maria, channel="slack"), ASKER)
    assert "#1001" in text_of(tickets)


def test_a_message_of_several_results_stays_within_slack_limits():
    many = [r.Notice(f"note {n}") for n in range(60)]
    made = message(many, ASKER)
    _valid(made["blocks"])
    assert made["text"].startswith("note 0")


def test_reminders_and_help_render():
    lines = tuple(ReminderLine(n, f"call {n}", None, "Wed 25 Nov 09:00", n == 0) for n in range(3))
    shown = text_of(render(ReminderList("Your reminders", lines), ASKER))
    assert ":red_circle: *Wed 25 Nov 09:00*  call 0" in shown
    help_text = r.HelpText(examples=EXAMPLES)
    assert "• _undo_" in text_of(render(help_text, ASKER))
    assert blocks.is_private(help_text)
