"""The dialogue every front-end shares, with the real parser, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest

from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import Activity, Customer, Deal, Reminder, Ticket
from crm_core.nlp import classifier
from crm_core.nlp.classifier import Guess, Voter
from crm_core.results import (
    ActivityLogged, CustomerAdded, DealMoved, Notice, NotUnderstood, Question, Rejected, TopCustomers, Undone,
)

from .conftest import NOW, database_state


def _writes() -> dict:
    return {k: v for k, v in database_state().items() if k != "conversations"}


@pytest.fixture
def say(team, customers):
    def _say(text, as_="maria", conversation="test", at=NOW):
        return converse(team[as_], conversation, text, channel="console", now=at)
    return _say


def test_a_clear_command_runs_at_once_and_says_what_it_did(say):
    [result] = say("log a call with globex, they want a demo, follow up friday")
    assert isinstance(result, ActivityLogged) and "Globex Ltd" in result.message
    assert Reminder.get().due_at.date().isoformat() == "2026-11-27"


def test_an_ambiguous_customer_gets_one_question_and_the_answer_completes_it(say, customers):
    [question] = say("log a call with acme, no answer", as_="manager")  # owns neither Acme
    assert isinstance(question, Question)
    assert {ch.label.split(" (")[0] for ch in question.choices} == {"Acme Corporation", "Acme Labs"}
    assert Activity.select().count() == 0
    [result] = say("acme labs", as_="manager")
    assert isinstance(result, ActivityLogged)
    assert Activity.get().customer_id == customers["acme_labs"].id


def test_the_reps_own_customer_wins_a_tie(say, customers):
    [result] = say("log a call with acme, no answer", as_="maria")  # maria owns Acme Corporation
    assert isinstance(result, ActivityLogged) and Activity.get().customer_id == customers["acme"].id


def test_a_choice_by_number(say, customers):
    [question] = say("what do we know about acme", as_="manager")
    position = next(i for i, ch in enumerate(question.choices, 1) if ch.label.startswith("Acme Corporation"))
    [card] = say(str(position), as_="manager")
    assert card.name == "Acme Corporation"


def test_a_missing_stage_is_asked_with_choices(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100))
    [question] = say("move the globex deal")
    assert isinstance(question, Question) and "negotiation" in [ch.value for ch in question.choices]
    [result] = say("negotiation")
    assert isinstance(result, DealMoved) and Deal.get().stage == "negotiation"


def test_destructive_actions_ask_for_confirmation(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100))
    [question] = say("globex deal is dead, mark it lost")
    assert isinstance(question, Question) and [ch.value for ch in question.choices] == ["yes", "no"]
    assert "Globex Ltd" in question.summary[0]
    assert Deal.get().stage == "lead"
    [result] = say("yes")
    assert isinstance(result, DealMoved) and Deal.get().stage == "lost"


def test_cancel_drops_the_question_and_writes_nothing(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100))
    before = database_state()
    say("move globex to lost")
    [notice] = say("cancel")
    assert isinstance(notice, Notice) and "Cancelled" in notice.message
    assert {k: v for k, v in database_state().items() if k != "conversations"} == \
        {k: v for k, v in before.items() if k != "conversations"}
    assert isinstance(say("yes")[0], NotUnderstood)


def test_several_commands_in_one_message_are_confirmed_together(say, customers, run):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100))
    [question] = say("log a call with globex, they want a demo, move them to proposal and remind me friday")
    assert isinstance(question, Question) and len(question.summary) == 3
    assert Activity.select().count() == 0
    results = say("yes")
    assert [type(r).__name__ for r in results] == ["ActivityLogged", "DealMoved", "ReminderSet"]
    assert Deal.get().stage == "proposal"


def test_undo_reverts_the_last_write(say):
    say("open a ticket for globex: invoices missing")
    assert Ticket.select().count() == 1
    [result] = say("undo")
    assert isinstance(result, Undone) and Ticket.select().count() == 0


def test_small_talk_is_not_understood_and_points_to_help(say):
    [result] = say("what's the weather like in paris?")
    assert isinstance(result, NotUnderstood) and "help" in result.message


def test_an_unknown_customer_is_offered_and_only_add_writes_it_with_the_call(say):
    before = _writes()
    [question] = say("log a call with zorblax interplanetary, they want a demo")
    assert isinstance(question, Question) and question.text == "New customer “Zorblax Interplanetary”?"
    assert [(ch.value, ch.label) for ch in question.choices] == [("add", "Add"), ("cancel", "Cancel")]
    assert question.summary == ("Log a call with Zorblax Interplanetary: they want a demo",)
    assert _writes() == before
    [added, logged] = say("add")
    assert isinstance(added, CustomerAdded) and isinstance(logged, ActivityLogged)
    assert Activity.get().customer.name == "Zorblax Interplanetary"


def test_cancel_on_a_new_customer_writes_nothing(say):
    before = _writes()
    say("new deal with Umbrella Dynamics 20k")
    [notice] = say("2")  # the console's numbered choice: Cancel
    assert isinstance(notice, Notice) and "nothing was changed" in notice.message
    assert _writes() == before
    assert isinstance(say("add")[0], (NotUnderstood, Question, Rejected))  # the question is gone
    assert Customer.select().where(Customer.name == "Umbrella Dynamics").count() == 0


def test_a_refused_write_adds_no_customer_and_undo_takes_both_back(say):
    say("new deal with Umbrella Dynamics 20k")
    [added, created] = say("1")  # Add
    assert Customer.get(Customer.name == "Umbrella Dynamics") and Deal.select().count() == 1
    [undone] = say("undo")
    assert isinstance(undone, Undone)
    assert Deal.select().count() == 0 and not Customer.select().where(Customer.name == "Umbrella Dynamics").exists()
    before = _writes()
    say("open a ticket for initrode: " + "the printer is on fire again " * 12)  # a subject over 300 characters
    [refused] = say("add")
    assert isinstance(refused, Rejected) and "didn't add Initrode" in refused.hint
    assert _writes() == before


def test_a_move_for_an_unknown_customer_says_how_to_add_it(say):
    [result] = say("move Zorblax Interplanetary to negotiation")
    assert isinstance(result, Rejected) and "add customer" in result.hint


def test_questions_belong_to_their_conversation_and_expire(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100))
    say("move the globex deal", conversation="slack:C1")
    assert isinstance(say("proposal", conversation="telegram:9")[0], (NotUnderstood, Rejected))
    late = NOW + timedelta(hours=1)
    assert not isinstance(say("proposal", conversation="slack:C1", at=late)[0], DealMoved)
    assert Deal.get().stage == "lead"


def test_reads_run_at_once(say):
    [result] = say("show top 5 customers")
    assert isinstance(result, TopCustomers)


class _ModelSays(Voter):
    """A voter whose model reads every clause as `intent`, very sure: it overrules the rules where they disagree."""

    def __init__(self, intent: str) -> None:
        super().__init__(mode="vote")
        self.intent = intent

    def guess(self, c, rules, allowed):  # type: ignore[override]
        return Guess(self.intent, 0.97, of_rules=0.01)


@pytest.fixture
def model_says(monkeypatch):
    def _use(intent: str) -> None:
        monkeypatch.setattr(classifier, "VOTER", _ModelSays(intent))
    return _use


def test_a_write_the_model_read_against_the_rules_is_confirmed_even_after_its_slots_are_filled(
        say, run, customers, model_says):
    """The conversation fills the customer and the rep names the stage: the confidence lost to the missing slots
    comes back, but the rules and the model disagreed, so the move waits for a press."""
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100, stage="qualified"))
    say("show globex")
    model_says("move_deal")
    [question] = say("push them along")
    assert isinstance(question, Question) and Deal.get().stage == "qualified"
    [confirm] = say("negotiation")
    assert isinstance(confirm, Question) and [ch.value for ch in confirm.choices] == ["yes", "no"]
    assert Deal.get().stage == "qualified"
    [moved] = say("yes")
    assert isinstance(moved, DealMoved) and Deal.get().stage == "negotiation"


def test_an_overruled_write_is_confirmed_however_sure_the_parse(say, customers, monkeypatch):
    class Overrules(Voter):
        def vote(self, c, intent, confidence, allowed):  # type: ignore[override]
            return "log_activity", 0.95, True

    monkeypatch.setattr(classifier, "VOTER", Overrules())
    [question] = say("globex were lovely today")
    assert isinstance(question, Question) and "Globex Ltd" in question.summary[0]
    assert Activity.select().count() == 0


def test_a_follow_up_keeps_the_time_said_in_the_reps_zone(say):
    [logged] = say("log a call with globex, they want a demo, follow up friday 11pm")  # maria: New York
    assert isinstance(logged, ActivityLogged) and "Fri 27 Nov at 23:00" in logged.message
    assert logged.follow_up == "2026-11-27T23:00"
    activity = Activity.get()
    assert activity.follow_up.isoformat() == "2026-11-27"  # her Friday, though it is Saturday in UTC
    assert Reminder.get(Reminder.activity == activity.id).due_at.isoformat() == "2026-11-28T04:00:00"


def test_a_follow_up_without_a_time_stays_at_nine(say):
    [logged] = say("log a call with globex, follow up friday")
    assert logged.follow_up == "2026-11-27" and "Fri 27 Nov." in logged.message
    assert Reminder.get().due_at.isoformat() == "2026-11-27T14:00:00"
