"""Events after commit (issue 18): a write tells, once committed, whose deals, tickets or reminders it changed;
a read, a refusal or a rolled-back write tells nothing; a failing subscriber costs the write nothing."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from crm_core import bus, events
from crm_core import commands as c
from crm_core.events import WorkChanged
from crm_core.models import Deal, Ticket
from crm_core.results import Rejected, TeamChanged, Undone

from .test_team_admin import bobs_work  # noqa: F401 - the fixture


@pytest.fixture
def told() -> Iterator[list[WorkChanged]]:
    heard: list[WorkChanged] = []
    events.subscribe(WorkChanged, heard.append)
    yield heard
    events.unsubscribe(WorkChanged, heard.append)


def test_assigning_a_ticket_tells_the_actor_and_the_assignee(team, customers, told):
    Ticket.create(number=1042, customer=customers["globex"], subject="Invoice is wrong")
    bus.handle(c.UpdateTicket(ticket=1042, assignee="sam"), team["manager"])
    assert told == [WorkChanged(team["manager"].id, frozenset({team["manager"].id, team["sam"].id}))]


def test_a_read_and_a_refusal_tell_nothing(team, customers, told):
    bus.handle(c.ShowPipeline(owner="me"), team["maria"])
    refused = bus.handle(c.LogActivity(kind="call", customer_id=None, summary="nobody"), team["maria"])
    assert isinstance(refused, Rejected) and told == []


def test_a_bulk_reassignment_and_its_undo_tell_both_owners(team, bobs_work, told):
    assert isinstance(bus.handle(c.ReassignWork(from_user="bob", to_user="maria", what="all"), team["admin"]),
                      TeamChanged)
    assert isinstance(bus.handle(c.Undo(), team["admin"]), Undone)
    both = frozenset({team["admin"].id, bobs_work.id, team["maria"].id})
    assert told == [WorkChanged(team["admin"].id, both)] * 2


def test_held_events_are_told_when_the_request_ends(team, customers, told):
    with events.held():
        bus.handle(c.LogActivity(kind="call", customer_id=customers["acme"].id, summary="demo"), team["maria"])
        assert told == []
    assert told == [WorkChanged(team["maria"].id, frozenset({team["maria"].id}))]


def test_a_failing_subscriber_does_not_cost_the_write_its_answer(team, customers, told):
    def broken(event: WorkChanged) -> None:
        raise RuntimeError("slack is down")

    events.subscribe(WorkChanged, broken)
    try:
        moved = bus.handle(c.CreateDeal(customer_id=customers["acme"].id, title="Pilot", amount=5000), team["maria"])
    finally:
        events.unsubscribe(WorkChanged, broken)
    assert not isinstance(moved, Rejected) and Deal.select().count() == 1 and len(told) == 1
