"""Contacts through the bus: the rows before and after, the audit row, the undo, the refusals."""
from __future__ import annotations

import json

import pytest

from crm_core import commands as c
from crm_core.models import Activity, AuditLog, Contact
from crm_core.results import (
    ActivityLogged, ContactAdded, ContactDeleted, ContactList, ContactUpdated, CustomerCard, Rejected, Undone,
)

from .conftest import database_state


def _dana(run, customers, **more):
    fields = {"contact": "Dana Ruiz", "customer": "Globex", "title": "CFO", "email": "Dana@Globex.example", **more}
    return run(c.AddContact(**fields))


def test_adding_a_contact_writes_one_audited_row_and_undo_removes_it(run, customers):
    result = _dana(run, customers)
    assert isinstance(result, ContactAdded), result
    assert result.message == "Added Dana Ruiz, CFO, as a contact at Globex Ltd."
    dana = Contact.get()
    assert (dana.customer_id, dana.name, dana.title, dana.email) == (customers["globex"].id, "Dana Ruiz", "CFO",
                                                                     "dana@globex.example")
    audit = AuditLog.get(AuditLog.entity == "contacts")
    assert audit.op == "create" and audit.before is None and json.loads(audit.after)["email"] == "dana@globex.example"
    assert isinstance(run(c.Undo()), Undone)
    assert Contact.select().count() == 0


@pytest.mark.parametrize("fields, says", [
    ({"email": "dana(at)globex"}, "is not an email address"),
    ({"phone": "12"}, "is not a phone number"),
    ({"telegram": "not a user!"}, "is not a Telegram username"),
    ({"customer": "Hooli"}, "I don't know a customer called “Hooli”"),
    ({"contact": "  "}, "What is the contact's name?"),
])
def test_bad_input_is_refused_and_writes_nothing(run, customers, fields, says):
    before = database_state()
    result = _dana(run, customers, **fields)
    assert isinstance(result, Rejected) and says in result.message
    assert database_state() == before


def test_the_same_person_twice_or_an_email_taken_is_refused(run, customers):
    _dana(run, customers)
    again = _dana(run, customers, contact="dana  ruiz", email=None)
    assert isinstance(again, Rejected) and "Dana Ruiz is already a contact at Globex Ltd" in again.message
    taken = run(c.AddContact(contact="Dee Ruiz", customer="Acme Labs", email="dana@globex.example"))
    assert isinstance(taken, Rejected) and "already the email of Dana Ruiz, CFO (Globex Ltd)" in taken.message
    assert Contact.select().count() == 1


def test_a_telegram_link_is_kept_as_the_username(run, customers):
    _dana(run, customers, telegram="https://t.me/dana_ruiz")
    assert Contact.get().telegram == "dana_ruiz"


def test_an_edit_changes_only_the_fields_said_is_audited_and_undone(run, customers):
    _dana(run, customers, phone="+1 555 0100")
    result = run(c.UpdateContact(contact="dana", title="VP Finance"))
    assert isinstance(result, ContactUpdated), result
    assert result.changes == (("title", "CFO", "VP Finance"),)
    dana = Contact.get()
    assert (dana.title, dana.email, dana.phone) == ("VP Finance", "dana@globex.example", "+15550100")
    audit = AuditLog.select().where(AuditLog.action == "update_contact").get()
    assert json.loads(audit.before)["title"] == "CFO" and json.loads(audit.after)["title"] == "VP Finance"
    run(c.Undo())
    assert Contact.get().title == "CFO"


def test_an_ambiguous_name_offers_the_people_it_could_be(run, customers):
    _dana(run, customers)
    run(c.AddContact(contact="Dana Scully", customer="Acme Labs"))
    result = run(c.UpdateContact(contact="Dana", email="d@x.example"), as_="manager")
    assert isinstance(result, Rejected) and result.code == "ambiguous_contact"
    assert {o.label for o in result.options} == {"Dana Ruiz, CFO (Globex Ltd)", "Dana Scully (Acme Labs)"}
    chosen = run(c.UpdateContact(contact_id=result.options[0].id, email="d@x.example"), as_="manager")
    assert isinstance(chosen, ContactUpdated)
    narrowed = run(c.UpdateContact(contact="dana", customer="acme labs", title="Agent"), as_="manager")
    assert isinstance(narrowed, ContactUpdated) and Contact.get(Contact.name == "Dana Scully").title == "Agent"


def test_an_unknown_contact_and_an_empty_edit_say_so(run, customers):
    unknown = run(c.UpdateContact(contact="Zed", title="CEO"))
    assert isinstance(unknown, Rejected) and "I don't know a contact called “Zed”" in unknown.message
    _dana(run, customers)
    empty = run(c.UpdateContact(contact="Dana"))
    assert isinstance(empty, Rejected) and "What should change?" in empty.message


def test_a_rep_may_not_change_the_contacts_of_another_reps_customer(run, customers):
    run(c.AddContact(contact="Lee Chan", customer="Acme Labs", title="CTO"), as_="sam")  # sam owns Acme Labs
    refused = run(c.UpdateContact(contact="Lee", title="CEO"), as_="maria")
    assert isinstance(refused, Rejected) and refused.code == "forbidden" and "Sam Lee" in refused.message
    refused = run(c.DeleteContact(contact="Lee"), as_="maria")
    assert isinstance(refused, Rejected) and refused.code == "forbidden"
    assert isinstance(run(c.UpdateContact(contact="Lee", title="CEO"), as_="manager"), ContactUpdated)
    assert Contact.get().title == "CEO"


def test_deleting_unlinks_its_activities_and_undo_brings_both_back(run, customers):
    _dana(run, customers)
    logged = run(c.LogActivity(kind="meeting", customer="Globex", contact="Dana", summary="budget"))
    assert isinstance(logged, ActivityLogged) and logged.message == "Logged a meeting with Dana Ruiz at Globex Ltd."
    dana_id = Contact.get().id
    assert Activity.get().contact_id == dana_id
    result = run(c.DeleteContact(contact="Dana Ruiz", customer="Globex"))
    assert isinstance(result, ContactDeleted) and Contact.select().count() == 0
    assert Activity.get().contact_id is None
    assert isinstance(run(c.Undo()), Undone)
    assert Contact.get().id == dana_id and Activity.get().contact_id == dana_id


def test_an_activity_with_someone_who_is_no_contact_is_logged_and_says_so(run, customers):
    result = run(c.LogActivity(kind="call", customer="Globex", contact="Priya"))
    assert isinstance(result, ActivityLogged) and Activity.get().contact_id is None
    assert "Priya isn't a contact at Globex Ltd yet" in result.message


def test_the_list_and_the_card_show_the_contacts_and_write_nothing(run, customers):
    _dana(run, customers, telegram="@dana_ruiz")
    run(c.LogActivity(kind="call", customer="Globex", contact="ruiz"))
    before = database_state()
    listed = run(c.ShowContacts(customer="globex"))
    assert isinstance(listed, ContactList) and [x.name for x in listed.contacts] == ["Dana Ruiz"]
    card = run(c.ShowCustomer(customer="globex"))
    assert isinstance(card, CustomerCard) and card.contacts[0].telegram == "dana_ruiz"
    assert card.activities[0].contact == "Dana Ruiz"
    assert database_state() == before
