"""Every service refuses bad values with a message that says what to do, and writes nothing."""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core import i18n
from crm_core.results import Rejected

from .conftest import database_state

ACME = "Acme Corporation"

BAD_COMMANDS = [
    ("negative amount", c.CreateDeal(customer=ACME, amount=-5), "rep", "can't be negative"),
    ("non-numeric amount", c.CreateDeal(customer=ACME, amount="lots"), "rep", "not an amount"),
    ("not-a-number amount", c.CreateDeal(customer=ACME, amount=float("nan")), "rep", "not an amount"),
    ("unknown stage", c.CreateDeal(customer=ACME, amount=5, stage="pondering"), "rep", "not a stage"),
    ("bad currency", c.CreateDeal(customer=ACME, amount=5, currency="dollars"), "rep", "currency code"),
    ("unknown customer", c.CreateDeal(customer="Nonexistent Widgets", amount=5), "rep", "add customer"),
    ("move to unknown stage", c.MoveDeal(customer=ACME, stage="limbo"), "rep", "not a stage"),
    ("move without deals", c.MoveDeal(customer="Globex Ltd", stage="won"), "rep", "new deal for"),
    ("ticket not found", c.UpdateTicket(ticket=9999, status="closed"), "rep", "doesn't exist"),
    ("ticket number not a number", c.UpdateTicket(ticket="x", status="closed"), "rep", "whole number"),
    ("unknown ticket status", c.UpdateTicket(ticket=1001, status="snoozed"), "rep", "not a ticket status"),
    ("nothing to change", c.UpdateTicket(ticket=1001), "rep", "What should change"),
    ("unknown assignee", c.UpdateTicket(ticket=1001, assignee="zorro"), "manager", "Teammates"),
    ("empty subject", c.OpenTicket(customer=ACME, subject="   "), "rep", "subject is empty"),
    ("unknown priority", c.OpenTicket(customer=ACME, subject="x", priority="meh"), "rep", "not a priority"),
    ("reply to missing ticket", c.ReplyToTicket(ticket=4242, body="hi"), "rep", "doesn't exist"),
    ("empty reply", c.ReplyToTicket(ticket=1001, body=""), "rep", "reply is empty"),
    ("malformed email", c.AddCustomer(customer="New Co", email="bob@"), "rep", "not an email"),
    ("duplicate customer", c.AddCustomer(customer="ACME corp."), "rep", "already a customer"),
    ("empty customer name", c.AddCustomer(customer=" "), "rep", "name is empty"),
    ("bad activity kind", c.LogActivity(kind="telepathy", customer=ACME), "rep", "not a kind of activity"),
    ("past follow-up", c.LogActivity(kind="call", customer=ACME, follow_up="2020-01-01"), "rep", "in the past"),
    ("bad follow-up date", c.LogActivity(kind="call", customer=ACME, follow_up="someday"), "rep", "not a date"),
    ("reminder in the past", c.Remind(when="2026-11-24T08:00", text="x"), "rep", "in the past"),
    ("unknown pipeline owner", c.ShowPipeline(owner="nobody"), "rep", "don't know a teammate"),
    ("bad top limit", c.ShowTopCustomers(limit=0), "rep", "between 1 and"),
    ("unknown metric", c.ShowTopCustomers(metric="vibes"), "rep", "not a ranking"),
    ("unknown segment", c.ShowSegment(segment="vips"), "rep", "not a segment"),
    ("unknown user for role", c.SetRole(user="nobody", role="manager"), "admin", "don't know a teammate"),
    ("unknown role", c.SetRole(user="sam", role="king"), "admin", "not a role"),
    ("role change by a manager", c.SetRole(user="sam", role="admin"), "manager", "can't do that"),
    ("other rep's deal", c.MoveDeal(customer="Acme Labs", stage="won"), "rep", "belongs to Sam Lee"),
    ("other rep's ticket", c.UpdateTicket(ticket=1002, status="closed"), "rep", "assigned to Sam Lee"),
    ("rep assigns to another", c.UpdateTicket(ticket=1001, assignee="sam"), "rep", "only to themselves"),
]


@pytest.fixture
def seeded(run, customers):
    run(c.OpenTicket(customer=ACME, subject="Existing"))
    run(c.OpenTicket(customer="Acme Labs", subject="Sam's"))
    run(c.UpdateTicket(ticket=1002, assignee="sam"), as_="manager")
    run(c.CreateDeal(customer="Acme Labs", amount=10), as_="sam")


@pytest.mark.parametrize("label, command, role, says", BAD_COMMANDS, ids=[b[0] for b in BAD_COMMANDS])
def test_bad_input_is_refused_and_changes_nothing(seeded, run, label, command, role, says):
    as_ = {"rep": "maria", "manager": "manager", "admin": "admin"}[role]
    before = database_state()
    result = run(command, as_=as_)
    assert isinstance(result, Rejected), result
    assert result.code != "internal", result
    assert says in f"{result.message} {result.hint}", result
    assert database_state() == before


MISSING = [
    (c.Remind(text="call"), "When should I remind you?"),
    (c.UpdateTicket(status="closed"), "Which ticket?"),
    (c.ShowSegment(), "Which segment?"),
    (c.OpenTicket(customer=ACME), "subject is empty"),
    (c.LogActivity(kind="call"), "Which customer?"),
    (c.MoveDeal(customer=ACME), "To which stage?"),
]


@pytest.mark.parametrize("command, asks", MISSING, ids=[m[0].name for m in MISSING])
def test_a_command_missing_what_it_needs_asks_for_it(seeded, run, command, asks):
    before = database_state()
    result = run(command)
    assert isinstance(result, Rejected) and asks in result.message
    assert database_state() == before


@pytest.mark.parametrize("command, asks, hint", [
    (c.Remind(text="call"), "什么时候提醒你？", "比如说“提醒我周五给Acme打电话”。"),
    (c.ShowSegment(), "哪个分群？", "有流失风险"),  # the segments said as a Chinese-speaking rep can ask for them
])
def test_a_chinese_speaking_rep_is_asked_for_what_is_missing_in_chinese(seeded, run, command, asks, hint):
    with i18n.speaking(i18n.CHINESE):
        result = run(command)
    assert isinstance(result, Rejected) and result.message == asks and hint in result.hint
