"""Changing a customer: rename, email, phone, city, owner, tags, archive; audited, undoable, permission-checked,
and bad input refused with nothing written."""
from __future__ import annotations

import json

from crm_core import commands as c
from crm_core.models import AuditLog, Customer
from crm_core.results import CustomerUpdated, Rejected, Undone

from .conftest import database_state


def test_a_rename_is_audited_found_by_its_new_name_and_undone(run, customers):
    result = run(c.UpdateCustomer(customer="Acme Corporation", new_name="Acme Industries"))
    assert isinstance(result, CustomerUpdated), result
    assert "name Acme Corporation → Acme Industries" in result.message
    acme = Customer.get_by_id(customers["acme"].id)
    assert (acme.name, acme.name_norm) == ("Acme Industries", "acme industries")
    audit = AuditLog.get(AuditLog.action == "update_customer")
    assert json.loads(audit.before)["name"] == "Acme Corporation"
    assert json.loads(audit.after)["name"] == "Acme Industries"
    card = run(c.ShowCustomer(customer="Acme Industries"))
    assert "Acme Industries" in str(card)
    assert isinstance(run(c.Undo()), Undone)
    assert Customer.get_by_id(acme.id).name == "Acme Corporation"


def test_email_phone_city_tags_and_owner_change_together(run, customers, team):
    result = run(c.UpdateCustomer(customer="Globex", email=" Ops@Globex.COM ", phone="+44 20 7946 0958",
                                  city="Leeds", tags="Partner, EU,partner", owner="me"), as_="manager")
    assert isinstance(result, CustomerUpdated), result
    globex = Customer.get_by_id(customers["globex"].id)
    assert (globex.email, globex.phone, globex.city, globex.tags, globex.owner_id) == (
        "ops@globex.com", "+442079460958", "Leeds", "partner,eu", team["manager"].id)


def test_bad_input_is_refused_and_writes_nothing(run, customers):
    before = database_state()
    customers["globex"].email = "info@globex.com"
    customers["globex"].save()
    before = database_state()
    cases = {
        "not an email": c.UpdateCustomer(customer="Acme Corporation", email="x@y"),
        "already has the name": c.UpdateCustomer(customer="Acme Corporation", new_name="Globex"),
        "already has the email": c.UpdateCustomer(customer="Acme Corporation", email="INFO@globex.com"),
        "don't know": c.UpdateCustomer(customer="Hooli", city="Palo Alto"),
        "What should change": c.UpdateCustomer(customer="Acme Corporation"),
        "already has that": c.UpdateCustomer(customer="Acme Corporation", city="Springfield"),
        "teammate": c.UpdateCustomer(customer="Acme Corporation", owner="Zed"),
    }
    for expected, command in cases.items():
        result = run(command)
        assert isinstance(result, Rejected), (expected, result)
        assert expected.lower() in (result.message + (result.hint or "")).lower(), (expected, result)
    assert database_state() == before


def test_an_ambiguous_name_asks_which(run, customers):
    result = run(c.UpdateCustomer(customer="Acme", city="Paris"), as_="manager")
    assert isinstance(result, Rejected) and result.options, result
    assert {o.label.split(" (")[0] for o in result.options} >= {"Acme Corporation", "Acme Labs"}
    assert Customer.select().where(Customer.city == "Paris").count() == 0


def test_a_rep_changes_only_their_own_customers_and_gives_them_only_to_themselves(run, customers):
    refused = run(c.UpdateCustomer(customer="Acme Labs", city="Paris"))  # Sam's
    assert isinstance(refused, Rejected) and "belongs to Sam Lee" in refused.message
    handed = run(c.UpdateCustomer(customer="Acme Corporation", owner="Sam"))
    assert isinstance(handed, Rejected) and "only to themselves" in handed.message
    assert Customer.get_by_id(customers["acme"].id).owner_id == customers["acme"].owner_id
    assert isinstance(run(c.UpdateCustomer(customer="Acme Labs", owner="Maria"), as_="manager"), CustomerUpdated)


def test_an_archived_customer_leaves_lists_but_is_found_by_name(run, customers):
    result = run(c.UpdateCustomer(customer="Globex", archive=True))
    assert isinstance(result, CustomerUpdated) and "archived" in result.message
    assert Customer.get_by_id(customers["globex"].id).archived_at is not None
    top = run(c.ShowTopCustomers(metric="revenue"))
    assert all(row.name != "Globex Ltd" for row in top.rows)
    matches = run(c.FindCustomers(query="Glob"))
    assert [m.name for m in matches.matches] == ["Globex Ltd (archived)"]
    card = run(c.ShowCustomer(customer="Globex"))
    assert "(archived)" in str(card)
    run(c.Undo())
    assert Customer.get_by_id(customers["globex"].id).archived_at is None


def test_tags_said_in_chat_add_to_and_remove_from_the_ones_it_has(run, customers):
    run(c.UpdateCustomer(customer="Globex", tags="partner, eu"))
    run(c.UpdateCustomer(customer="Globex", add_tags="VIP, partner"))
    assert Customer.get_by_id(customers["globex"].id).tags == "partner,eu,vip"
    run(c.UpdateCustomer(customer="Globex", remove_tags="eu"))
    assert Customer.get_by_id(customers["globex"].id).tags == "partner,vip"


def test_an_archived_customer_gets_no_outreach(run, customers):
    from crm_core.results import OutreachQueued

    for k, key in enumerate(("acme", "globex")):
        Customer.update(segment="at_risk", telegram_chat_id=500 + k).where(
            Customer.id == customers[key].id).execute()
    run(c.UpdateCustomer(customer="Globex", archive=True), as_="manager")
    sent = run(c.SendOutreach(segment="at_risk", message="Hi {first_name}"), as_="manager")
    assert isinstance(sent, OutreachQueued) and sent.recipients == 1, sent
