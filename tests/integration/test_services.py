"""Each operation through the bus, on SQLite and PostgreSQL: what it writes, says and refuses."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from crm_core import bus
from crm_core import commands as c
from crm_core.models import (
    Activity, AuditLog, Customer, Deal, DealStageChange, Order, Outbox, Reminder, Ticket, TicketMessage,
)
from crm_core.results import Rejected

from .conftest import NOW, database_state
from tests.integration.analytics_seed import set_scores


def test_add_customer_normalises_and_audits(run):
    result = run(c.AddCustomer(customer="Pied Piper Inc.", email=" Richard@PiedPiper.com ", phone="+1 (555) 010-9999"))
    customer = Customer.get(Customer.id == result.customer_id)
    assert (customer.name, customer.name_norm, customer.email, customer.phone) == (
        "Pied Piper Inc.", "pied piper", "richard@piedpiper.com", "+15550109999")
    audit = AuditLog.get(AuditLog.entity == "customers")
    assert (audit.op, audit.action, audit.entity_id) == ("create", "add_customer", customer.id)
    assert "Pied Piper" in result.message


def test_log_activity_with_follow_up_reminds_at_nine_in_the_reps_zone(run, customers):
    result = run(c.LogActivity(kind="call", customer_id=customers["acme"].id, summary="they want a demo",
                               follow_up="2026-11-27"))
    activity = Activity.get_by_id(result.activity_id)
    assert (activity.kind, activity.summary, activity.channel) == ("call", "they want a demo", "console")
    reminder = Reminder.get(Reminder.activity == activity.id)
    assert reminder.due_at == datetime(2026, 11, 27, 14, 0)  # 09:00 in New York is 14:00 UTC
    assert "Fri 27 Nov" in result.message


def test_create_deal_records_history_and_closes_won_deals(run, customers):
    result = run(c.CreateDeal(customer_id=customers["globex"].id, amount=45000, stage="won", title="Rollout"))
    deal = Deal.get_by_id(result.deal_id)
    assert (deal.stage, float(deal.amount), deal.closed_at, deal.owner.name) == ("won", 45000.0, NOW, "Maria Lopez")
    assert [(h.from_stage, h.to_stage) for h in deal.stage_changes] == [(None, "won")]


def test_move_deal_keeps_history_and_a_closed_deal_moves_only_by_reopening(run, customers):
    deal_id = run(c.CreateDeal(customer_id=customers["acme"].id, amount=1000)).deal_id
    assert run(c.MoveDeal(customer_id=customers["acme"].id, stage="negotiation")).to_stage == "negotiation"
    assert run(c.MoveDeal(customer_id=customers["acme"].id, stage="lost")).to_stage == "lost"
    assert Deal.get_by_id(deal_id).closed_at == NOW

    refused = run(c.MoveDeal(customer_id=customers["acme"].id, stage="proposal"))
    assert isinstance(refused, Rejected) and "reopen" in refused.hint

    reopened = run(c.MoveDeal(customer_id=customers["acme"].id, reopen=True))
    deal = Deal.get_by_id(deal_id)
    assert (reopened.to_stage, deal.stage, deal.closed_at) == ("negotiation", "negotiation", None)
    history = [(h.from_stage, h.to_stage) for h in DealStageChange.select().order_by(DealStageChange.id)]
    assert history == [(None, "lead"), ("lead", "negotiation"), ("negotiation", "lost"), ("lost", "negotiation")]


def test_two_open_deals_give_a_choice(run, customers, team):
    ids = {run(c.CreateDeal(customer_id=customers["globex"].id, amount=a, title=t), as_=who).deal_id
           for a, t, who in ((1000, "Pilot", "manager"), (2000, "Expansion", "admin"))}
    result = run(c.MoveDeal(customer_id=customers["globex"].id, stage="proposal"))
    assert result.code == "ambiguous_deal" and result.slot == "deal_id"
    assert {o.id for o in result.options} == ids


def test_tickets_are_numbered_and_updated(run, customers, team):
    first = run(c.OpenTicket(customer_id=customers["acme"].id, subject="Can't export", priority="urgent"))
    second = run(c.OpenTicket(customer_id=customers["globex"].id, subject="Invoices missing"))
    assert (first.ticket, second.ticket) == (1001, 1002)
    result = run(c.UpdateTicket(ticket=1001, status="resolved", assignee="me"))
    ticket = Ticket.get(Ticket.number == 1001)
    assert (ticket.status, ticket.assignee.name, ticket.resolved_at) == ("resolved", "Maria Lopez", NOW)
    assert "resolved" in result.message


def test_reply_reaches_a_linked_customer_through_the_outbox(run, customers):
    published = []
    bus.configure(published.append)
    try:
        Customer.update(telegram_chat_id=555).where(Customer.id == customers["acme"].id).execute()
        run(c.OpenTicket(customer_id=customers["acme"].id, subject="Help"))
        result = run(c.ReplyToTicket(ticket=1001, body="We're on it"))
    finally:
        bus.configure(None)
    row = Outbox.get()
    assert json.loads(row.payload)["chat_id"] == 555 and row.status == "pending"
    assert published == [row.id] and result.delivered_via == "telegram"
    assert Ticket.get().status == "pending"
    assert TicketMessage.get().body == "We're on it"


def test_reply_to_an_unlinked_customer_is_kept_and_says_it_was_not_sent(run, customers):
    run(c.OpenTicket(customer_id=customers["globex"].id, subject="Help"))
    result = run(c.ReplyToTicket(ticket=1001, body="Calling you"))
    assert result.delivered_via is None and "not sent" in result.message
    assert Outbox.select().count() == 0 and TicketMessage.select().count() == 1


def test_a_failing_publisher_loses_nothing(run, customers):
    def broken(row_id):
        raise ConnectionError("broker down")

    bus.configure(broken)
    try:
        Customer.update(telegram_chat_id=1).where(Customer.id == customers["acme"].id).execute()
        run(c.OpenTicket(customer_id=customers["acme"].id, subject="Help"))
        result = run(c.ReplyToTicket(ticket=1001, body="Hello"))
    finally:
        bus.configure(None)
    assert result.delivered_via == "telegram" and Outbox.get().status == "pending"


def test_remind_with_a_time_and_with_a_date(run, customers):
    at_time = run(c.Remind(when="2026-11-26T15:30", text="call back"), as_="sam")
    assert Reminder.get_by_id(at_time.reminder_id).due_at == datetime(2026, 11, 26, 14, 30)  # Berlin is UTC+1
    on_day = run(c.Remind(when="2026-11-26", customer_id=customers["acme"].id))
    reminder = Reminder.get_by_id(on_day.reminder_id)
    assert (reminder.due_at, reminder.text, reminder.customer_id) == (
        datetime(2026, 11, 26, 14, 0), "About Acme Corporation", customers["acme"].id)


def test_top_customers_by_revenue_count_orders_and_won_deals(run, customers):
    Order.insert_many([
        {"customer": customers["acme"].id, "date": date(2026, 1, 5), "amount": 100},
        {"customer": customers["acme"].id, "date": date(2026, 1, 5), "amount": 100},
        {"customer": customers["globex"].id, "date": date(2025, 6, 1), "amount": 500},
        {"customer": customers["muller"].id, "date": date(2026, 3, 1), "amount": 50},
    ]).execute()
    run(c.CreateDeal(customer_id=customers["muller"].id, amount=1000, stage="won"))
    run(c.CreateDeal(customer_id=customers["acme_labs"].id, amount=9999, stage="proposal"))
    all_time = run(c.ShowTopCustomers(limit=3))
    assert [(r.name, r.value) for r in all_time.rows] == [
        ("Müller & Söhne GmbH", 1050.0), ("Globex Ltd", 500.0), ("Acme Corporation", 200.0)]
    this_year = run(c.ShowTopCustomers(limit=10, since="2026-01-01"))
    assert [r.name for r in this_year.rows] == ["Müller & Söhne GmbH", "Acme Corporation"]


def test_top_customers_by_score_use_lifetime_value(run, customers):
    set_scores(customers["globex"].id, lifetime_value=10)
    set_scores(customers["acme"].id, lifetime_value=20)
    result = run(c.ShowTopCustomers(metric="score"))
    assert [r.name for r in result.rows] == ["Acme Corporation", "Globex Ltd"]


def test_pipeline_mine_and_everyones(run, customers):
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=1000, stage="proposal"))
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=3000, stage="proposal"), as_="sam")
    run(c.CreateDeal(customer_id=customers["muller"].id, amount=7000, stage="won"))
    mine = run(c.ShowPipeline(owner="me"))
    assert mine.owner == "Maria Lopez" and [d.customer for d in mine.deals] == ["Acme Corporation"]
    everyone = run(c.ShowPipeline())
    proposal = next(s for s in everyone.stages if s.stage == "proposal")
    assert (proposal.count, proposal.amount) == (2, 4000.0)
    assert run(c.ShowPipeline(owner="sam")).deals[0].customer == "Globex Ltd"


def test_ticket_lists_filter_by_status_customer_and_assignee(run, customers):
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="A", priority="low"))
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="B", priority="urgent"))
    run(c.OpenTicket(customer_id=customers["globex"].id, subject="C"))
    run(c.UpdateTicket(ticket=1003, status="closed"))
    run(c.UpdateTicket(ticket=1001, assignee="sam"), as_="manager")
    assert [t.subject for t in run(c.ShowTickets()).tickets] == ["B", "A"]  # urgent first, closed hidden
    assert [t.number for t in run(c.ShowTickets(status="closed")).tickets] == [1003]
    assert [t.number for t in run(c.ShowTickets(assignee="sam")).tickets] == [1001]
    assert run(c.ShowTickets(customer_id=customers["globex"].id)).tickets == ()


def test_segment_and_customer_card(run, customers):
    Customer.update(segment="at_risk", segment_at=NOW).where(
        Customer.id.in_([customers["acme"].id, customers["globex"].id])).execute()
    set_scores(customers["acme"].id, lifetime_value=5)
    members = run(c.ShowSegment(segment="at_risk"))
    assert members.total == 2 and members.as_of == "2026-11-25"
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=1000, title="Renewal"))
    run(c.LogActivity(kind="meeting", customer_id=customers["acme"].id, summary="site visit"))
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="Login broken"))
    card = run(c.ShowCustomer(customer_id=customers["acme"].id))
    assert (card.name, card.owner, card.segment) == ("Acme Corporation", "Maria Lopez", "at_risk")
    assert [d.title for d in card.open_deals] == ["Renewal"]
    assert [a.summary for a in card.activities] == ["site visit"]
    assert [t.subject for t in card.open_tickets] == ["Login broken"]


def test_an_unexpected_failure_writes_nothing_and_gives_a_reference(run, customers, monkeypatch):
    def half_write(cmd, ctx):
        Customer.create(name="Half", name_norm="half")
        raise RuntimeError("boom")

    monkeypatch.setitem(bus.HANDLERS, c.AddCustomer, half_write)
    before = database_state()
    result = run(c.AddCustomer(customer="Half"))
    assert result.code == "internal" and "reference" in result.message
    assert database_state() == before


def test_segment_members_are_as_of_the_last_successful_segmentation(run, customers):
    from crm_core.models import ModelRun
    Customer.update(segment="loyal", segment_at=NOW - timedelta(days=90)).where(
        Customer.id == customers["globex"].id).execute()
    for as_of, status in ((date(2026, 11, 20), "succeeded"), (date(2026, 11, 24), "failed")):
        ModelRun.create(kind="segment", as_of=as_of, started_at=NOW, finished_at=NOW, status=status)
    assert run(c.ShowSegment(segment="loyal")).as_of == "2026-11-20"
