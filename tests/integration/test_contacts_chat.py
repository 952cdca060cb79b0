"""Contacts said in chat, through the dialogue every front-end shares (Slack, Telegram and the console)."""
from __future__ import annotations

import pytest

from crm_core.dialogue import converse
from crm_core.models import Activity, Contact, Customer
from crm_core.results import (
    ActivityLogged, ContactAdded, ContactDeleted, ContactList, ContactUpdated, Question, Rejected, Undone,
)

from .conftest import NOW, database_state


@pytest.fixture
def say(team, customers):
    def _say(text, as_="manager", conversation="test"):
        return converse(team[as_], conversation, text, channel="console", now=NOW)
    return _say


def _writes() -> dict:
    return {k: v for k, v in database_state().items() if k != "conversations"}


def test_add_log_list_edit_remove_and_undo_from_chat(say, customers):
    [added] = say("add Dana Ruiz, CFO at Globex, dana@globex.example")
    assert isinstance(added, ContactAdded), added
    dana = Contact.get()
    assert (dana.name, dana.title, dana.email, dana.customer_id) == ("Dana Ruiz", "CFO", "dana@globex.example",
                                                                     customers["globex"].id)
    [logged] = say("met with Dana from Globex, they want a demo")
    assert isinstance(logged, ActivityLogged) and Activity.get().contact_id == dana.id
    assert Activity.get().customer_id == customers["globex"].id

    before = _writes()
    [listed] = say("who do we know at globex")
    assert isinstance(listed, ContactList) and [x.name for x in listed.contacts] == ["Dana Ruiz"]
    assert _writes() == before

    [changed] = say("change Dana's email to dana.ruiz@globex.example")
    assert isinstance(changed, ContactUpdated) and Contact.get().email == "dana.ruiz@globex.example"
    [promoted] = say("Dana is now VP Finance")
    assert isinstance(promoted, ContactUpdated) and Contact.get().title == "VP Finance"

    [question] = say("remove Dana from Globex's contacts")
    assert isinstance(question, Question) and Contact.select().count() == 1  # a deletion is confirmed first
    [removed] = say("yes")
    assert isinstance(removed, ContactDeleted) and Contact.select().count() == 0
    assert Activity.get().contact_id is None
    [undone] = say("undo")
    assert isinstance(undone, Undone) and Contact.get().title == "VP Finance"
    assert Activity.get().contact_id == dana.id


def test_a_company_nobody_knows_is_refused_and_no_customer_is_made_of_the_person(say):
    customers_before = Customer.select().count()
    [refused] = say("add Dana Ruiz, CFO at Zorblax, dana@zorblax.example")
    assert isinstance(refused, Rejected) and "Zorblax" in refused.message
    assert Customer.select().count() == customers_before and Contact.select().count() == 0


def test_two_danas_are_told_apart_by_a_question(say, customers):
    say("add Dana Ruiz, CFO at Globex")
    say("add Dana Scully, CTO at Acme Labs")
    [question] = say("Dana is now CEO")
    assert isinstance(question, Question)
    assert {ch.label for ch in question.choices} == {"Dana Ruiz, CFO (Globex Ltd)", "Dana Scully, CTO (Acme Labs)"}
    [updated] = say("Dana Scully, CTO (Acme Labs)")
    assert isinstance(updated, ContactUpdated)
    assert Contact.get(Contact.name == "Dana Scully").title == "CEO" and Contact.get(Contact.name == "Dana Ruiz").title == "CFO"


def test_a_bad_email_gets_a_clear_answer_and_changes_nothing(say):
    say("add Dana Ruiz, CFO at Globex")
    before = _writes()
    [refused] = say("set dana's phone to 12")
    assert isinstance(refused, (Rejected, Question)), refused
    assert _writes() == before
