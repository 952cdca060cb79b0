"""Undo reverts the acting user's last write, within the window, unless it changed since."""
from __future__ import annotations

from datetime import timedelta

from crm_core import commands as c
from crm_core.models import Activity, AuditLog, Customer, Deal, DealStageChange, Reminder, Ticket
from crm_core.results import Rejected, Undone

from .conftest import NOW, database_state


def test_undo_a_new_deal_removes_it_and_its_history(run, customers):
    before = database_state()
    run(c.CreateDeal(customer="Globex", amount=500, title="Pilot"))
    result = run(c.Undo())
    assert isinstance(result, Undone) and "Pilot" in result.message
    after = database_state()
    assert Deal.select().count() == 0 and DealStageChange.select().count() == 0
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}


def test_undo_a_move_puts_the_stage_back(run, customers):
    deal_id = run(c.CreateDeal(customer="Globex", amount=500)).deal_id
    run(c.MoveDeal(deal_id=deal_id, stage="won"))
    assert "from lead to won" in run(c.Undo()).message
    deal = Deal.get_by_id(deal_id)
    assert (deal.stage, deal.closed_at) == ("lead", None)
    assert [h.to_stage for h in DealStageChange.select()] == ["lead"]


def test_undo_twice_goes_further_back(run, customers):
    run(c.LogActivity(kind="call", customer="Acme", follow_up="2026-11-30"))
    run(c.OpenTicket(customer="Acme", subject="x"))
    run(c.Undo())
    assert Ticket.select().count() == 0 and Activity.select().count() == 1
    run(c.Undo())
    assert Activity.select().count() == 0 and Reminder.select().count() == 0


def test_undo_is_per_user_and_within_the_window(run, customers):
    run(c.OpenTicket(customer="Acme", subject="x"))
    assert isinstance(run(c.Undo(), as_="sam"), Rejected)
    late = run(c.Undo(), at=NOW + timedelta(hours=2))
    assert isinstance(late, Rejected) and "nothing to undo" in late.message
    assert Ticket.select().count() == 1


def test_undo_refuses_when_someone_changed_the_row_since(run, customers):
    run(c.OpenTicket(customer="Acme", subject="x"))
    run(c.UpdateTicket(ticket=1001, priority="urgent"))
    run(c.UpdateTicket(ticket=1001, status="pending"), as_="manager")
    result = run(c.Undo())
    assert isinstance(result, Rejected) and "changed since" in result.message
    assert Ticket.get().priority == "urgent"
    assert AuditLog.select().where(AuditLog.undone_at.is_null(False)).count() == 0


def test_undo_a_new_customer(run, customers):
    run(c.AddCustomer(customer="Pied Piper"))
    run(c.Undo())
    assert not Customer.select().where(Customer.name == "Pied Piper").exists()


def test_undo_right_after_loading_the_demo_has_nothing_to_take_back(database):
    from crm_core.demo import load_demo
    from crm_core.models import User, utcnow
    from crm_core import bus

    load_demo()
    admin = User.get(User.role == "admin")
    counts = (Customer.select().count(), Deal.select().count())
    result = bus.handle(c.Undo(), admin, now=utcnow())
    assert isinstance(result, Rejected) and "nothing to undo" in result.message
    assert (Customer.select().count(), Deal.select().count()) == counts
