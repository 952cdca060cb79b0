"""Deal, activity and ticket edits through the bus: the database before and after, the audit row, the undo,
the refusal for a role that may not, and bad input refused with nothing written (issue 15 items 1, 4, 6)."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from crm_core import commands as c
from crm_core.models import Activity, AuditLog, Deal, DealStageChange, Outbox, Reminder, Ticket, TicketMessage
from crm_core.results import (
    ActivityDeleted, ActivityUpdated, DealDeleted, DealUpdated, Rejected, TicketNoted, TicketsMerged, TicketUpdated,
    Undone,
)

from .conftest import NOW, database_state


@pytest.fixture
def deal(run, customers):
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=10000, stage="proposal", title="Acme renewal"))
    return Deal.get(Deal.title == "Acme renewal")


def _audit(action: str) -> tuple[dict | None, dict | None]:
    row = AuditLog.select().where(AuditLog.action == action).order_by(AuditLog.id.desc()).get()
    return (json.loads(row.before) if row.before else None, json.loads(row.after) if row.after else None)


def test_owner_next_step_currency_change_is_audited_and_undone(run, deal, team):
    result = run(c.UpdateDeal(deal_id=deal.id, owner="me", next_step="send the revised quote", currency="eur"),
                 as_="manager")
    assert isinstance(result, DealUpdated), result
    changed = Deal.get_by_id(deal.id)
    assert (changed.owner_id, changed.next_step, changed.currency) == (team["manager"].id, "send the revised quote",
                                                                       "EUR")
    before, after = _audit("update_deal")
    assert (before["owner"], before["next_step"], before["currency"]) == (team["maria"].id, None, "USD")
    assert (after["owner"], after["next_step"]) == (team["manager"].id, "send the revised quote")
    assert "owner Maria Lopez → Mona Manager" in result.message
    assert isinstance(run(c.Undo(), as_="manager"), Undone)
    back = Deal.get_by_id(deal.id)
    assert (back.owner_id, back.next_step, back.currency) == (team["maria"].id, None, "USD")


def test_a_rep_may_not_give_a_deal_away_or_change_someone_elses(run, deal, team):
    before = database_state()
    given = run(c.UpdateDeal(deal_id=deal.id, owner="sam"))
    assert isinstance(given, Rejected) and "only to themselves" in given.message
    not_hers = run(c.UpdateDeal(deal_id=deal.id, next_step="call"), as_="sam")
    assert isinstance(not_hers, Rejected) and "belongs to Maria Lopez" in not_hers.message
    assert isinstance(run(c.DeleteDeal(deal_id=deal.id), as_="sam"), Rejected)
    assert database_state() == before


def test_bad_deal_edits_say_why_and_write_nothing(run, deal, customers):
    before = database_state()
    cases = {"not an amount": c.UpdateDeal(deal_id=deal.id, amount="lots"),
             "no deal with id": c.UpdateDeal(deal_id=9999, amount=5),
             "has no open deal": c.UpdateDeal(customer="Globex", amount=5),
             "don't know a teammate": c.UpdateDeal(deal_id=deal.id, owner="Zed"),
             "no deals to delete": c.DeleteDeal(customer="Globex")}
    for expected, command in cases.items():
        result = run(command, as_="manager")
        assert isinstance(result, Rejected) and expected in (result.message + (result.hint or "")), (expected, result)
    assert database_state() == before


def test_deleting_a_deal_takes_its_history_and_undo_brings_it_back_whole(run, deal, customers):
    run(c.LogActivity(kind="call", customer_id=customers["acme"].id, summary="pricing", deal_id=deal.id))
    before = database_state()
    result = run(c.DeleteDeal(customer="Acme Corporation"))
    assert isinstance(result, DealDeleted), result
    assert Deal.get_or_none(Deal.id == deal.id) is None and DealStageChange.select().count() == 0
    assert Activity.get().deal_id is None
    assert _audit("delete_deal")[0] is not None
    assert isinstance(run(c.Undo()), Undone)
    after = database_state()
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}


def test_several_deals_are_told_apart_by_title_stage_or_amount(run, deal, customers):
    run(c.CreateDeal(customer_id=customers["acme"].id, amount=4000, stage="lead", title="Acme training"))
    asked = run(c.DeleteDeal(customer="Acme Corporation"))
    assert isinstance(asked, Rejected) and asked.slot == "deal_id" and len(asked.options) == 2
    for hint in ("training", "lead", "4000"):
        result = run(c.UpdateDeal(customer="Acme Corporation", deal=hint, next_step=f"by {hint}"))
        assert isinstance(result, DealUpdated) and "Acme training" in result.message, (hint, result)
    assert Deal.get(Deal.title == "Acme renewal").next_step is None


def test_a_lost_deal_is_reopened(run, deal):
    run(c.MoveDeal(deal_id=deal.id, stage="lost"))
    result = run(c.MoveDeal(deal_id=deal.id, reopen=True))
    assert Deal.get_by_id(deal.id).stage == "proposal", result


@pytest.fixture
def logged(run, customers):
    run(c.LogActivity(kind="call", customer_id=customers["acme"].id, summary="intro"), at=NOW - timedelta(hours=1))
    run(c.LogActivity(kind="note", customer_id=customers["acme"].id, summary="wants a discount",
                      follow_up="2026-11-30"))
    return list(Activity.select().order_by(Activity.id))


def test_the_last_activity_becomes_a_meeting_audited_and_undone(run, logged):
    result = run(c.UpdateActivity(kind="meeting"))
    assert isinstance(result, ActivityUpdated) and "kind note → meeting" in result.message, result
    assert [a.kind for a in Activity.select().order_by(Activity.id)] == ["call", "meeting"]
    assert (_audit("update_activity")[0]["kind"], _audit("update_activity")[1]["kind"]) == ("note", "meeting")
    assert isinstance(run(c.Undo()), Undone)
    assert [a.kind for a in Activity.select().order_by(Activity.id)] == ["call", "note"]


def test_deleting_the_note_takes_its_reminder_and_undo_restores_both(run, logged):
    before = database_state()
    assert Reminder.select().count() == 1
    result = run(c.DeleteActivity(kind="note"))
    assert isinstance(result, ActivityDeleted) and "wants a discount" in result.message, result
    assert [a.kind for a in Activity.select()] == ["call"] and Reminder.select().count() == 0
    assert _audit("delete_activity")[0]["summary"] == "wants a discount"
    assert isinstance(run(c.Undo()), Undone)
    assert {k: v for k, v in database_state().items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}


def test_an_activity_is_picked_by_id_or_by_buttons(run, logged, customers):
    first = logged[0]
    asked = run(c.DeleteActivity(customer="Acme Corporation"))
    assert isinstance(asked, Rejected) and asked.slot == "activity_id"
    assert [o.id for o in asked.options] == [logged[1].id, first.id]
    result = run(c.UpdateActivity(activity_id=first.id, summary="intro call, 30 min"))
    assert isinstance(result, ActivityUpdated) and Activity.get_by_id(first.id).summary == "intro call, 30 min"


def test_someone_elses_activity_and_bad_ids_are_refused(run, logged):
    before = database_state()
    assert "logged by Maria Lopez" in run(c.DeleteActivity(activity_id=logged[0].id), as_="sam").message
    assert "no activity with id 999" in run(c.UpdateActivity(activity_id=999, kind="call")).message
    assert "kind of activity" in run(c.UpdateActivity(kind="lunch")).message
    assert "haven't logged" in run(c.DeleteActivity(), as_="sam").message
    assert database_state() == before
    assert isinstance(run(c.DeleteActivity(activity_id=logged[0].id), as_="manager"), ActivityDeleted)


@pytest.fixture
def tickets(run, customers):
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="Login fails", body="can't log in"))
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="login broken", body="still can't log in"))
    run(c.OpenTicket(customer_id=customers["globex"].id, subject="Invoice"))
    return [t.number for t in Ticket.select().order_by(Ticket.number)]


def test_subject_and_customer_of_a_ticket_change_audited_and_undone(run, tickets, customers):
    result = run(c.UpdateTicket(ticket=tickets[2], subject="Invoice copy for March", customer="Acme Corporation"))
    assert isinstance(result, TicketUpdated), result
    ticket = Ticket.get(Ticket.number == tickets[2])
    assert (ticket.subject, ticket.customer_id) == ("Invoice copy for March", customers["acme"].id)
    before, after = _audit("update_ticket")
    assert (before["subject"], before["customer"]) == ("Invoice", customers["globex"].id)
    assert isinstance(run(c.Undo()), Undone)
    assert Ticket.get(Ticket.number == tickets[2]).customer_id == customers["globex"].id


def test_merging_a_duplicate_ticket_moves_its_messages_and_closes_it_undoably(run, tickets):
    before = database_state()
    result = run(c.MergeTickets(ticket=tickets[1], into=tickets[0]))
    assert isinstance(result, TicketsMerged), result
    kept, dup = Ticket.get(Ticket.number == tickets[0]), Ticket.get(Ticket.number == tickets[1])
    assert [m.body for m in kept.messages.order_by(TicketMessage.id)] == ["can't log in", "still can't log in"]
    assert dup.status == "closed" and dup.messages.count() == 0
    assert _audit("merge_tickets")[1]["status"] == "closed"
    assert isinstance(run(c.Undo()), Undone)
    assert {k: v for k, v in database_state().items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}


def test_bad_merges_are_refused_and_write_nothing(run, tickets):
    before = database_state()
    assert "Globex Ltd's" in run(c.MergeTickets(ticket=tickets[2], into=tickets[0])).message
    assert "into itself" in run(c.MergeTickets(ticket=tickets[0], into=tickets[0])).message
    assert "doesn't exist" in run(c.MergeTickets(ticket=99, into=tickets[0])).message
    assert "which ticket" in run(c.MergeTickets(ticket=tickets[0])).message
    run(c.UpdateTicket(ticket=tickets[0], assignee="sam"), as_="manager")
    before = database_state()
    refused = run(c.MergeTickets(ticket=tickets[1], into=tickets[0]))
    assert isinstance(refused, Rejected) and "assigned to Sam Lee" in refused.message
    assert database_state() == before


def test_an_internal_note_is_kept_but_never_sent(run, tickets, customers):
    customers["acme"].telegram_chat_id = 4242
    customers["acme"].save()
    result = run(c.AddTicketNote(ticket=tickets[0], body="customer is on the legacy plan"))
    assert isinstance(result, TicketNoted) and "not sent" in result.message
    note = TicketMessage.get(TicketMessage.body == "customer is on the legacy plan")
    assert note.internal and Outbox.select().count() == 0
    assert isinstance(run(c.Undo()), Undone) and TicketMessage.get_or_none(TicketMessage.id == note.id) is None
    run(c.ReplyToTicket(ticket=tickets[0], body="we are on it"))
    assert Outbox.select().count() == 1  # a reply does go out
