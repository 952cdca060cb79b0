"""Merging two duplicate customers: every row naming the duplicate moves to the kept one, the kept one takes
what it lacked, the merge is audited and undone exactly, and refused for a rep on someone else's customer."""
from __future__ import annotations

import json
from datetime import date, timedelta

from crm_core import commands as c
from crm_core.models import Activity, AuditLog, Customer, Deal, Order, Reminder, Ticket
from crm_core.results import CustomersMerged, Rejected, Undone

from .conftest import NOW, database_state


def _history(customer: Customer, team) -> None:
    customer.email, customer.phone, customer.telegram_user_id, customer.telegram_chat_id = (
        "buy@acmelabs.com", "+15550100", 4242, 4242)
    customer.save()
    Deal.create(customer=customer, title="Labs renewal", amount=900, owner=team["sam"].id)
    Activity.create(customer=customer, kind="call", summary="asked for a quote", user=team["sam"].id)
    Ticket.create(number=7001, customer=customer, subject="login broken")
    for day in range(3):
        Order.create(customer=customer, date=date(2026, 10, 1) + timedelta(days=day), amount=100 + day)
    Reminder.create(user=team["sam"].id, customer=customer, text="call back", due_at=NOW + timedelta(days=1))


def _rows_of(customer_id: int) -> dict[str, int]:
    return {m.__name__: m.select().where(m.customer == customer_id).count()
            for m in (Deal, Activity, Ticket, Order, Reminder)}


def test_a_merge_moves_everything_fills_the_gaps_and_undo_restores_it_exactly(run, customers, team):
    _history(customers["acme_labs"], team)
    Order.create(customer=customers["acme"], date=date(2026, 9, 1), amount=50)
    before = database_state()
    totals = {name: n for name, n in _rows_of(customers["acme_labs"].id).items()}

    result = run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")

    assert isinstance(result, CustomersMerged), result
    assert "Merged Acme Labs into Acme Corporation: moved 1 activities, 1 deals, 3 orders" in result.message
    assert Customer.get_or_none(Customer.id == customers["acme_labs"].id) is None
    kept = Customer.get_by_id(customers["acme"].id)
    assert (kept.email, kept.phone, kept.telegram_user_id, kept.owner_id) == (
        "buy@acmelabs.com", "+15550100", 4242, team["maria"].id)  # its own owner stays
    moved = _rows_of(kept.id)
    assert moved == {**totals, "Order": totals["Order"] + 1}
    deleted = AuditLog.get((AuditLog.action == "merge_customers") & (AuditLog.op == "delete"))
    assert json.loads(deleted.before)["name"] == "Acme Labs"
    filled = AuditLog.get((AuditLog.action == "merge_customers") & (AuditLog.entity == "customers")
                          & (AuditLog.op == "update"))
    assert json.loads(filled.before)["email"] is None and json.loads(filled.after)["email"] == "buy@acmelabs.com"

    undone = run(c.Undo(), as_="manager")
    assert isinstance(undone, Undone) and "Acme Labs" in undone.message, undone
    after = database_state()
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}


def test_the_merged_name_finds_nothing_and_the_kept_one_everything(run, customers, team):
    _history(customers["acme_labs"], team)
    run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")
    card = run(c.ShowCustomer(customer="Acme Corporation"))
    assert [d.title for d in card.open_deals] == ["Labs renewal"]


def test_a_merge_refuses_bad_input_and_writes_nothing(run, customers):
    before = database_state()
    for command, expected in (
        (c.MergeCustomers(customer="Globex", into="Globex Ltd"), "same customer twice"),
        (c.MergeCustomers(customer="Hooli", into="Globex"), "hooli"),
        (c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), "belongs to Sam Lee"),  # maria, a rep
        (c.MergeCustomers(customer="Acme Labs"), "which customer"),
    ):
        result = run(command)
        assert isinstance(result, Rejected), (command, result)
        assert expected.lower() in result.message.lower(), (command, result)
    assert database_state() == before


def test_a_rep_merges_their_own_and_unowned_customers(run, customers):
    result = run(c.MergeCustomers(customer="Globex", into="Acme Corporation"), as_="maria")
    assert isinstance(result, CustomersMerged), result
    assert Customer.select().count() == 3


def test_undo_refuses_when_the_kept_customer_changed_since(run, customers, team):
    _history(customers["acme_labs"], team)
    run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")
    run(c.UpdateCustomer(customer="Acme Corporation", email="new@acme.com"), as_="admin")
    refused = run(c.Undo(), as_="manager")
    assert isinstance(refused, Rejected) and "changed since" in refused.message
    assert Customer.get_or_none(Customer.id == customers["acme_labs"].id) is None
    assert Deal.get().customer_id == customers["acme"].id


def test_contacts_move_and_a_contact_on_both_is_refused_before_anything_moves(run, customers):
    from crm_core.models import Contact

    def contact(customer, name):
        return Contact.create(customer=customer.id, name=name, name_norm=name.lower())

    dana = contact(customers["globex"], "Dana Ruiz")
    contact(customers["globex"], "Lee Park")
    contact(customers["acme"], "Lee Park")
    before = database_state()
    refused = run(c.MergeCustomers(customer="Globex", into="Acme Corporation"))
    assert isinstance(refused, Rejected) and "both have contacts “lee park”" in refused.message, refused
    assert database_state() == before
    Contact.delete().where((Contact.customer == customers["globex"].id) & (Contact.name == "Lee Park")).execute()
    assert isinstance(run(c.MergeCustomers(customer="Globex", into="Acme Corporation")), CustomersMerged)
    assert Contact.get_by_id(dana.id).customer_id == customers["acme"].id


def test_merging_two_scored_customers_keeps_the_kept_ones_scores_and_drops_the_duplicates(run, customers):
    from crm_core.models import CustomerScore
    from tests.integration.analytics_seed import set_scores

    set_scores(customers["acme"].id, lifetime_value=500.0, churn_risk=0.2)
    set_scores(customers["acme_labs"].id, lifetime_value=90.0, churn_risk=0.9)
    result = run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")
    assert isinstance(result, CustomersMerged), result
    assert [(s.customer_id, s.lifetime_value) for s in CustomerScore.select()] == [(customers["acme"].id, 500.0)]
