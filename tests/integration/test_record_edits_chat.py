"""Deal, activity and ticket edits said in chat, through the dialogue every front-end shares (the console's too), with
the real parser: the database before and after, the audit row, undo, the refusal for a rep, bad input writing
nothing (issue 15 items 1, 4, 6)."""
from __future__ import annotations

import json

import pytest

from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import Activity, AuditLog, Deal, Ticket, TicketMessage
from crm_core.results import (
    ActivityDeleted, ActivityUpdated, DealDeleted, DealUpdated, Question, Rejected, TicketNoted, TicketsMerged, TicketUpdated, Undone,
)

from .conftest import NOW, database_state


def _writes() -> dict:
    return {k: v for k, v in database_state().items() if k != "conversations"}


@pytest.fixture
def say(team, customers):
    def _say(text, as_="maria"):
        return converse(team[as_], f"edits-{as_}", text, channel="console", now=NOW)
    return _say


@pytest.fixture
def deals(run, customers):
    acme = customers["acme"].id
    run(c.CreateDeal(customer_id=acme, amount=10000, stage="proposal", title="Acme renewal"))
    run(c.CreateDeal(customer_id=acme, amount=4000, stage="lead", title="Acme training"))


def test_delete_a_deal_picked_by_title_asks_first_and_undo_restores_it(say, deals):
    before = _writes()
    [question] = say("delete the acme training deal")
    assert isinstance(question, Question) and [ch.value for ch in question.choices] == ["yes", "no"]
    assert _writes() == before
    [deleted] = say("yes")
    assert isinstance(deleted, DealDeleted) and [d.title for d in Deal.select()] == ["Acme renewal"]
    [undone] = say("undo")
    assert isinstance(undone, Undone)
    assert {k: v for k, v in _writes().items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}


def test_owner_and_next_step_said_in_chat_are_audited_and_a_rep_is_refused_giving_it_away(say, deals, team):
    [changed] = say("next step on the acme renewal deal: send the revised quote")
    assert isinstance(changed, DealUpdated), changed
    assert Deal.get(Deal.title == "Acme renewal").next_step == "send the revised quote"
    audit = AuditLog.get(AuditLog.action == "update_deal")
    assert (json.loads(audit.before)["next_step"], json.loads(audit.after)["next_step"]) == (None,
                                                                                             "send the revised quote")
    before = _writes()
    [refused] = say("give the acme renewal deal to sam")
    assert isinstance(refused, Rejected) and "only to themselves" in refused.message
    assert _writes() == before
    [given] = say("give the acme renewal deal to sam", as_="manager")
    assert isinstance(given, DealUpdated) and Deal.get(Deal.title == "Acme renewal").owner_id == team["sam"].id


def test_make_my_last_note_a_meeting_then_undo(say, customers):
    say("log a note with globex: wants a quote")
    [changed] = say("change my last note to a meeting")
    assert isinstance(changed, ActivityUpdated) and Activity.get().kind == "meeting"
    assert isinstance(say("undo")[0], Undone) and Activity.get().kind == "note"


def test_bad_input_gets_a_clear_answer_and_writes_nothing(say, deals):
    """A delete or a merge asks first; confirmed, a missing activity, ticket or deal is refused with nothing written."""
    before = _writes()
    cases = {"delete activity 999": "no activity with id 999", "merge #5001 into #5000": "#5001 doesn't exist",
             "rename ticket 5000 to Broken login": "#5000 doesn't exist", "delete the globex deal": "no deals to delete",
             "change my last note to a meeting": "haven't logged any activity"}
    for text, expected in cases.items():
        answer = say(text)[-1]
        if isinstance(answer, Question):
            answer = say("yes")[-1]
        assert isinstance(answer, Rejected) and expected in answer.message, (text, answer)
    assert _writes() == before


@pytest.fixture
def tickets(run, customers):
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="Login fails", body="can't log in"))
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="login broken", body="still broken"))
    return [t.number for t in Ticket.select().order_by(Ticket.number)]


def test_ticket_merge_subject_customer_and_note_from_chat(say, tickets, customers):
    [question] = say(f"merge #{tickets[1]} into #{tickets[0]}")
    assert isinstance(question, Question)
    [merged] = say("yes")
    assert isinstance(merged, TicketsMerged) and Ticket.get(Ticket.number == tickets[1]).status == "closed"
    [renamed] = say(f"rename ticket {tickets[0]} to SSO login fails")
    assert isinstance(renamed, TicketUpdated) and Ticket.get(Ticket.number == tickets[0]).subject == "SSO login fails"
    [asked] = say(f"#{tickets[0]} is for globex")
    assert isinstance(asked, Question)
    [moved] = say("yes")
    assert isinstance(moved, TicketUpdated) and Ticket.get(Ticket.number == tickets[0]).customer_id == \
        customers["globex"].id
    [noted] = say(f"internal note on #{tickets[0]}: on the legacy plan")
    assert isinstance(noted, TicketNoted)
    assert TicketMessage.get(TicketMessage.body == "on the legacy plan").internal


def test_an_activity_is_picked_by_buttons_after_the_delete_is_confirmed(say, run, customers):
    acme = customers["acme"].id
    run(c.LogActivity(kind="call", customer_id=acme, summary="intro"))
    run(c.LogActivity(kind="email", customer_id=acme, summary="sent pricing"))
    [confirm] = say("delete an activity on acme corporation")
    assert isinstance(confirm, Question) and [ch.value for ch in confirm.choices] == ["yes", "no"]
    assert confirm.summary == ("Delete one of your activities with Acme Corporation (you pick which)",)
    [which] = say("yes")
    assert isinstance(which, Question) and len(which.choices) == 2 and Activity.select().count() == 2
    call = next(ch for ch in which.choices if "intro" in ch.label)
    [deleted] = say(call.value)
    assert isinstance(deleted, ActivityDeleted) and [a.kind for a in Activity.select()] == ["email"], deleted
