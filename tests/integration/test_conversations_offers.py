"""Conversations about customers nobody knows yet ("New customer 'X'? [Add] [Cancel]"), about the ticket just
looked at or opened ("make it urgent", "close it", "assign it to @sam"), and follow-ups at the time said. Each
message is checked against the audit log: what it wrote, exactly."""
from __future__ import annotations

import pytest

from crm_core.models import Customer, Deal
from crm_core.nlp import classifier
from crm_core.nlp.classifier import Guess, Voter

from .conversations import At, Cust, Day, Mate, Say, W, assert_meant, demo, run  # noqa: F401

UNDONE = W("audit_log", "update")
MANAGER = "Dana Whitfield"
NEW_DEAL = (W("deal_stage_changes", "create", to_stage="lead"),)


def _no_customer(name: str):
    def check(talk):
        assert not Customer.select().where(Customer.name == name).exists()
    return check


def _deals_of(name: str, count: int):
    def check(talk):
        assert Deal.select().join(Customer).where(Customer.name == name).count() == count
    return check


NEW_CUSTOMERS = {
    "add_a_customer_with_its_deal": [
        Say("new deal with Umbrella Dynamics 20k", "question"),
        Say("add", ("customer_added", "deal_created"), W("customers", "create", name="Umbrella Dynamics"),
            W("deals", "create", amount="20000", stage="lead"), *NEW_DEAL, check=_deals_of("Umbrella Dynamics", 1)),
    ],
    "cancel_writes_no_customer": [
        Say("log a call with quillfeather analytics, they want a demo", "question"),
        Say("cancel", "notice", check=_no_customer("Quillfeather Analytics")),
    ],
    "no_to_a_new_customer": [
        Say("new deal w/ quillfeather analytics 5k", "question"),
        Say("no", "notice", check=_no_customer("Quillfeather Analytics")),
    ],
    "the_number_of_cancel": [
        Say("open a ticket for kestrel orchards: can't log in", "question"),
        Say("2", "notice", check=_no_customer("Kestrel Orchards")),
    ],
    "added_by_number_then_the_ticket_made_urgent": [
        Say("open a ticket for kestrel orchards: can't log in", "question"),
        Say("1", ("customer_added", "ticket_opened"), W("customers", "create", name="Kestrel Orchards"),
            W("tickets", "create", priority="normal", customer=Cust("Kestrel Orchards"))),
        Say("make it urgent", "ticket_updated", W("tickets", "update", priority=("normal", "urgent"))),
    ],
    "a_euro_deal_for_a_new_customer_then_undo_takes_both_back": [
        Say("new deal w/ umbrella dynamics €20k", "question"),
        Say("Add", ("customer_added", "deal_created"), W("customers", "create", name="Umbrella Dynamics"),
            W("deals", "create", amount="20000", currency="EUR"), *NEW_DEAL),
        Say("undo", "undone", UNDONE, check=_no_customer("Umbrella Dynamics")),
    ],
    "which_customer_then_a_new_one": [
        Say("log a call", "question"),
        Say("Kestrel Orchards", "question"),
        Say("add", ("customer_added", "activity_logged"), W("customers", "create", name="Kestrel Orchards"),
            W("activities", "create", kind="call", customer=Cust("Kestrel Orchards"))),
    ],
    "a_report_while_the_new_customer_question_waits": [
        Say("log a call with quillfeather analytics", "question"),
        Say("show top 5 customers", ("notice", "top_customers"), check=_no_customer("Quillfeather Analytics")),
    ],
    "a_new_customer_then_log_with_them": [
        Say("new deal with umbrella dynamics 12k", "question"),
        Say("add", ("customer_added", "deal_created"), W("customers", "create"), W("deals", "create"), *NEW_DEAL),
        Say("log a meeting with them, went well", "activity_logged",
            W("activities", "create", kind="meeting", customer=Cust("Umbrella Dynamics"))),
    ],
    "a_known_customer_is_never_offered": [
        Say("new deal for chen labs 12k", "deal_created", W("deals", "create", customer=Cust("Chen Labs")), *NEW_DEAL),
    ],
}

TICKETS = {
    "look_then_make_it_urgent_and_assign_it": [  # a manager: reps assign tickets only to themselves
        Say("ticket 1001?", "ticket_card", as_=MANAGER),
        Say("make it urgent", "ticket_updated", W("tickets", "update", priority=("normal", "urgent")), as_=MANAGER),
        Say("assign it to @sam", "ticket_updated", W("tickets", "update", assignee=(None, Mate("Sam"))), as_=MANAGER),
    ],
    "a_rep_cannot_give_it_away": [
        Say("ticket 1001?", "ticket_card"),
        Say("assign it to @sam", "rejected"),
    ],
    "the_status_of_a_ticket_then_close_it": [
        Say("what's the status of ticket 1001", "ticket_card"),
        Say("close it", "question"),
        Say("yes", "ticket_updated", W("tickets", "update", status=("open", "closed"))),
    ],
    "close_it_declined": [
        Say("ticket 1001?", "ticket_card"),
        Say("close it", "question"),
        Say("no", "notice"),
    ],
    "a_customer_named_since_is_what_it_means": [
        Say("ticket 1001?", "ticket_card"),
        Say("show acme", "customer_card"),
        Say("close it", frozenset({"not_understood", "question"})),
    ],
    "a_new_ticket_is_high_priority_and_mine": [
        Say("open a ticket for acme: invoices missing", "ticket_opened", W("tickets", "create")),
        Say("set it to high priority", "ticket_updated", W("tickets", "update", priority=("normal", "high"))),
        Say("assign it to me", "ticket_updated", W("tickets", "update", assignee=(None, Mate("Li")))),
    ],
    "resolve_it_then_undo": [
        Say("ticket 1001?", "ticket_card"),
        Say("mark it resolved", "ticket_updated", W("tickets", "update", status=("open", "resolved"))),
        Say("undo", "undone", UNDONE),
    ],
}

FOLLOW_UPS = {
    "a_follow_up_at_the_time_said_then_another_day": [
        Say("log a call with acme, they want a demo, follow up friday 3pm", "activity_logged",
            W("activities", "create", follow_up=Day("friday")), W("reminders", "create", due_at=At("friday", "15:00"))),
        Say("I meant tuesday", "corrected", W("activities", "update", follow_up=(Day("friday"), Day("tuesday"))),
            W("reminders", "update", due_at=(At("friday", "15:00"), At("tuesday", "15:00")))),
    ],
    "a_follow_up_tomorrow_at_ten": [
        Say("met nakamura, follow up friday at 10am", "activity_logged",
            W("activities", "create", kind="meeting", follow_up=Day("friday")),
            W("reminders", "create", due_at=At("friday", "10:00"))),
    ],
}

POSTGRES_TOO = {"add_a_customer_with_its_deal", "a_euro_deal_for_a_new_customer_then_undo_takes_both_back",
                "look_then_make_it_urgent_and_assign_it"}


def _cases(scripts: dict) -> list:
    return [pytest.param(script, "sqlite", id=f"{name}-sqlite") for name, script in scripts.items()] + \
        [pytest.param(script, "postgres", id=f"{name}-postgres") for name, script in scripts.items()
         if name in POSTGRES_TOO]


@pytest.mark.parametrize(("script", "demo"), _cases({**NEW_CUSTOMERS, **TICKETS, **FOLLOW_UPS}), indirect=["demo"])
@pytest.mark.usefixtures("demo")
def test_conversation(script):
    assert_meant(run(script))


class _SureModel(Voter):
    """A model that reads every clause as a log, very sure: it overrules the rules wherever they disagree."""

    def __init__(self) -> None:
        super().__init__(mode="vote")

    def guess(self, c, rules, allowed):  # type: ignore[override]
        return Guess("log_activity", 0.97, of_rules=0.01)


@pytest.mark.usefixtures("demo")
def test_a_log_the_model_read_against_the_rules_waits_for_yes(monkeypatch):
    monkeypatch.setattr(classifier, "VOTER", _SureModel())
    talk = run([
        Say("show acme", "customer_card"),
        Say("they were thrilled about the pilot", "question"),
        Say("yes", "activity_logged", W("activities", "create", customer=Cust("Acme Corp"))),
    ])
    assert_meant(talk)
