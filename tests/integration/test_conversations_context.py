"""Conversations that lean on what was said before: pronouns, questions between writes, cancel, numbered
choices and new commands typed while the bot waits. Each message is checked against the audit log."""
from __future__ import annotations

import pytest

from crm_core.models import OPEN_STAGES, Deal

from .conversations import REP, At, Cust, Day, Picked, Say, W, assert_meant, demo, run  # noqa: F401


def _stage(customer: str, stage: str):
    """The customer's open deal is still in `stage` (nothing the audit log could miss moved it)."""
    def check(talk):
        deals = Deal.select().where((Deal.customer == Cust(customer).value(talk)) & Deal.stage.in_(OPEN_STAGES))
        assert [d.stage for d in deals] == [stage]
    return check


def _moved(before: str, after: str) -> tuple[W, W]:
    return W("deals", "update", stage=(before, after)), W("deal_stage_changes", "create", to_stage=after)


CONTEXT = {
    "show_then_move_it": [
        Say("show acme", "customer_card"),
        Say("move it to negotiation", "deal_moved", *_moved("qualified", "negotiation")),
    ],
    "deal_card_then_bump_it": [
        Say("what's the win probability on the acme deal?", "deal_card"),
        Say("bump it to 20k", "deal_updated", W("deals", "update", amount=("13900", "20000"))),
    ],
    "new_deal_then_move_it": [
        Say("new deal for chen labs 12k", "deal_created", W("deals", "create", amount="12000", stage="lead"),
            W("deal_stage_changes", "create", to_stage="lead")),
        Say("move it to qualified", "deal_moved", *_moved("lead", "qualified")),
    ],
    "show_then_log_with_them": [
        Say("show pinecrest", "customer_card"),
        Say("log a call with them, they want a demo", "activity_logged",
            W("activities", "create", kind="call", customer=Cust("Pinecrest Labs Ltda"))),
    ],
    "meeting_then_move_the_deal": [
        Say("log a meeting with nakamura, went well", "activity_logged",
            W("activities", "create", kind="meeting", customer=Cust("Nakamura Robotics"))),
        Say("move the deal to negotiation", "deal_moved", *_moved("proposal", "negotiation")),
    ],
    "show_then_ticket_for_them": [
        Say("show acme", "customer_card"),
        Say("open a ticket for them: login broken", "ticket_opened",
            W("tickets", "create", customer=Cust("Acme Corp"))),  # free text (the subject) is not graded
    ],
    "the_latest_subject_wins": [
        Say("show acme", "customer_card"),
        Say("show chen labs", "customer_card"),
        Say("move it to qualified", "deal_moved", *_moved("lead", "qualified")),
    ],
    "someone_named_is_not_the_conversations_customer": [
        Say("show acme", "customer_card"),
        Say("had a call with bob's plumbing, they want a demo", frozenset({"question", "not_understood"})),
    ],
    "memory_fades_after_half_an_hour": [
        Say("show acme", "customer_card"),
        Say("move it to negotiation", "question", later=31),
    ],
    "memory_belongs_to_its_conversation": [
        Say("show acme", "customer_card", key="slack:C1"),
        Say("move it to negotiation", "question", key="telegram:7"),
    ],
    "memory_belongs_to_its_user": [
        Say("show acme", "customer_card"),
        Say("move it to negotiation", "question", as_="Maria Garcia"),
    ],
    "questions_between_writes_write_nothing": [
        Say("new deal for chen labs 12k", "deal_created", W("deals", "create"), W("deal_stage_changes", "create")),
        Say("how's the pipeline looking", "pipeline"),
        Say("what's the win probability on the nakamura deal?", "deal_card"),
        Say("show open tickets", "ticket_list"),
        Say("actually make it 15k", "corrected", W("deals", "update", amount=("12000", "15000"))),
    ],
    "a_question_about_history_then_it": [
        Say("when did we last talk to acme?", "table"),  # the timeline (issue 14)
        Say("show top 5 customers", "top_customers"),
        Say("move it to negotiation", "deal_moved", *_moved("qualified", "negotiation")),
    ],
    "follow_up_day_in_the_reps_zone": [
        Say("log a call with acme, they want a demo, follow up friday", "activity_logged",
            W("activities", "create", kind="call", follow_up=Day("friday")),
            W("reminders", "create", due_at=At("friday"))),
    ],
    "that_deal_is_20k_now": [
        Say("show acme", "customer_card"),
        Say("that deal is 20k now", "deal_updated", W("deals", "update", amount=("13900", "20000"))),
    ],
    "same_for_another_customer": [
        Say("log a call with acme, no answer, follow up friday", "activity_logged",
            W("activities", "create", customer=Cust("Acme Corp")), W("reminders", "create")),
        Say("same for chen labs", "activity_logged",
            W("activities", "create", kind="call", customer=Cust("Chen Labs"), follow_up=Day("friday")),
            W("reminders", "create", due_at=At("friday"))),
    ],
    "same_move_for_another_deal": [
        Say("move nakamura to negotiation", "deal_moved", *_moved("proposal", "negotiation")),
        Say("same for acme", "deal_moved", *_moved("qualified", "negotiation")),
    ],
    "same_for_with_nothing_before": [
        Say("same for acme", "notice"),
    ],
    "a_new_ticket_then_make_it_urgent": [
        Say("open a ticket for acme: printer broken", "ticket_opened", W("tickets", "create")),
        Say("make it urgent", "ticket_updated", W("tickets", "update", priority=("normal", "urgent"))),
    ],
    "a_new_ticket_then_close_it": [
        Say("open a ticket for acme: printer broken", "ticket_opened", W("tickets", "create")),
        Say("close it", "question"),
        Say("yes", "ticket_updated", W("tickets", "update", status=("open", "closed"))),
    ],
    "show_then_push_the_close_date": [
        Say("show acme", "customer_card"),
        Say("push the close date to the end of next month", "deal_updated", W("deals", "update")),
    ],
}

CANCEL = {
    "never_mind_drops_a_confirmation": [
        Say("move pinecrest to lost", "question"),
        Say("never mind", "notice", check=_stage("Pinecrest Labs Ltda", "negotiation")),
    ],
    "cancel_with_nothing_pending": [
        Say("cancel", "notice"),
    ],
    "forget_it_drops_a_choice_and_numbers_mean_nothing_after": [
        Say("log a call with westbrook, no answer", "question"),
        Say("forget it", "notice"),
        Say("1", "not_understood"),
    ],
    "no_to_a_won_move": [
        Say("move pinecrest to won", "question"),
        Say("no", "notice", check=_stage("Pinecrest Labs Ltda", "negotiation")),
    ],
}

CHOICES = {
    "a_number": [
        Say("log a call with westbrook, no answer", "question"),
        Say("2", "activity_logged", W("activities", "create", customer=Picked(2))),
    ],
    "the_second_one": [
        Say("log a call with westbrook, no answer", "question"),
        Say("the second one", "activity_logged", W("activities", "create", customer=Picked(2))),
    ],
    "the_last_one": [
        Say("open a ticket for westbrook: invoices missing", "question"),
        Say("last", "ticket_opened", W("tickets", "create", customer=Picked(5))),
    ],
    "a_name": [
        Say("log a call with westbrook, no answer", "question"),
        Say("westbrook builders", "activity_logged", W("activities", "create", customer=Cust("Westbrook Builders"))),
    ],
    "a_unique_part_of_a_name": [
        Say("log a call with westbrook, no answer", "question"),
        Say("robotics", "activity_logged", W("activities", "create", customer=Cust("Westbrook Robotics AB"))),
    ],
    "a_number_out_of_range_keeps_the_question": [
        Say("log a call with westbrook, no answer", "question"),
        Say("9", "not_understood"),
        Say("1", "activity_logged", W("activities", "create", customer=Picked(1))),
    ],
    "a_stage_by_name": [
        Say("move the acme deal", "question"),
        Say("negotiation", "deal_moved", *_moved("qualified", "negotiation")),
    ],
}

INTERRUPTIONS = {
    "a_report_while_a_choice_waits": [
        Say("open a ticket for westbrook: invoices missing", "question"),
        Say("show top 5 customers", ("notice", "top_customers")),
        Say("1", "not_understood"),
    ],
    "a_write_while_a_confirmation_waits": [
        Say("move pinecrest to lost", "question"),
        Say("log a call with acme, no answer", ("notice", "activity_logged"),
            W("activities", "create", customer=Cust("Acme Corp")), check=_stage("Pinecrest Labs Ltda", "negotiation")),
    ],
    "a_report_instead_of_a_customer_name": [
        Say("log a call", "question"),
        Say("how's the pipeline looking", ("notice", "pipeline")),
    ],
    "a_customer_name_answers_which_customer": [
        Say("log a call", "question"),
        Say("acme", "activity_logged", W("activities", "create", customer=Cust("Acme Corp"))),
    ],
    "a_day_answers_when": [
        Say("remind me to call dana", "question"),
        Say("friday", "reminder_set", W("reminders", "create", due_at=At("friday"))),
    ],
}

POSTGRES_TOO = {"show_then_move_it", "questions_between_writes_write_nothing", "a_number",
                "a_write_while_a_confirmation_waits", "never_mind_drops_a_confirmation"}


def _cases(scripts: dict) -> list:
    def case(name, script, backend):
        return pytest.param(script, backend, id=f"{name}-{backend}")

    return [case(name, script, "sqlite") for name, script in scripts.items()] + \
        [case(name, script, "postgres") for name, script in scripts.items() if name in POSTGRES_TOO]


@pytest.mark.parametrize(("script", "demo"), _cases({**CONTEXT, **CANCEL, **CHOICES, **INTERRUPTIONS}),
                         indirect=["demo"])
@pytest.mark.usefixtures("demo")
def test_conversation(script):
    assert_meant(run(script))


@pytest.mark.usefixtures("demo")
def test_it_never_means_a_customer_nobody_named():
    """With nothing said before, "move it" asks which customer and touches no deal."""
    before = [(d.id, d.stage) for d in Deal.select().order_by(Deal.id)]
    talk = run([Say("move it to negotiation", "question")])
    assert_meant(talk)
    assert [(d.id, d.stage) for d in Deal.select().order_by(Deal.id)] == before
