"""What the bot does with a message, checked on the database: the moves reps regret are confirmed, questions
write nothing, narratives log without moving, and deal edits change the existing deal (audited, undoable)."""
from __future__ import annotations

import pytest

from bots.slack.blocks import Asker, render as slack_render
from bots.telegram import render as telegram
from crm_core import commands as c
from crm_core import policy
from crm_core.dialogue import converse
from crm_core.models import Activity, AuditLog, Deal
from crm_core.results import ActivityLogged, DealCard, DealMoved, DealUpdated, Question, Rejected, Undone

from .conftest import NOW, database_state


@pytest.fixture
def say(team, customers):
    def _say(text, as_="maria", conversation="policy"):
        return converse(team[as_], conversation, text, channel="console", now=NOW)
    return _say


@pytest.fixture
def globex_deal(run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=10000, stage="negotiation", title="Globex renewal"))
    return Deal.get()


def _writes() -> dict:
    return {k: v for k, v in database_state().items() if k != "conversations"}


def test_a_move_to_won_is_confirmed_before_anything_is_written(say, globex_deal):
    [question] = say("move globex to won")
    assert isinstance(question, Question) and [ch.value for ch in question.choices] == ["yes", "no"]
    assert Deal.get().stage == "negotiation"
    [moved] = say("yes")
    assert isinstance(moved, DealMoved) and Deal.get().stage == "won"


def test_a_backward_move_is_confirmed(say, globex_deal):
    [question] = say("move globex to proposal")
    assert isinstance(question, Question) and "proposal" in question.summary[0]
    assert Deal.get().stage == "negotiation"


def test_a_forward_move_acts_at_once_with_undo(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100, stage="qualified"))
    [moved] = say("move globex to negotiation")
    assert isinstance(moved, DealMoved) and moved.undoable and Deal.get().stage == "negotiation"


def test_a_question_about_a_deal_writes_nothing_and_answers_with_its_card(say, globex_deal):
    before = _writes()
    [card] = say("what's the win probability on the globex deal?")
    assert isinstance(card, DealCard) and card.deal.title == "Globex renewal" and card.deal.stage == "negotiation"
    [card] = say("is the globex deal won yet?")
    assert isinstance(card, DealCard)
    assert _writes() == before


def test_sending_the_proposal_logs_an_email_and_never_moves_back(say, globex_deal):
    [logged] = say("sent globex the proposal yesterday")
    assert isinstance(logged, ActivityLogged)
    assert Activity.get().kind == "email" and Deal.get().stage == "negotiation"


def test_a_name_and_a_narrative_log_a_note_with_a_follow_up(say, customers):
    [logged] = say("Globex: unhappy with delivery times, call back next week")
    assert isinstance(logged, ActivityLogged)
    activity = Activity.get()
    assert (activity.kind, activity.customer_id, activity.follow_up.isoformat()) == \
        ("note", customers["globex"].id, "2026-11-30")


def test_a_deal_edit_changes_the_existing_deal_audited_and_undoable(say, globex_deal):
    [updated] = say("globex deal is 15k now")
    assert isinstance(updated, DealUpdated) and Deal.select().count() == 1
    assert float(Deal.get().amount) == 15000
    audit = AuditLog.select().where(AuditLog.action == "update_deal").get()
    assert "10,000 → 15,000" in audit.description
    [undone] = say("undo")
    assert isinstance(undone, Undone) and float(Deal.get().amount) == 10000


def test_the_close_date_of_the_existing_deal_is_pushed(say, globex_deal):
    [updated] = say("push the globex close date to dec 15")
    assert isinstance(updated, DealUpdated) and Deal.get().expected_close.isoformat() == "2026-12-15"


def test_a_deal_edit_without_an_open_deal_creates_none(say, customers):
    [refused] = say("globex deal is 15k now")
    assert isinstance(refused, Rejected) and "no open deal" in refused.message
    assert Deal.select().count() == 0


def test_a_deal_edit_picks_the_deal_by_its_title_or_asks(say, run, customers, globex_deal):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=5000, title="Globex pilot"))
    [updated] = say("bump the globex pilot deal to 9k")
    assert isinstance(updated, DealUpdated)
    assert float(Deal.get(Deal.title == "Globex pilot").amount) == 9000
    assert float(Deal.get(Deal.title == "Globex renewal").amount) == 10000
    [question] = say("globex deal is 20k now")
    assert isinstance(question, Question) and len(question.choices) == 2
    assert sorted(float(d.amount) for d in Deal.select()) == [9000, 10000]


def test_a_rep_cannot_edit_someone_elses_deal(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100), as_="sam")
    [refused] = say("globex deal is 15k now", as_="maria")
    assert isinstance(refused, Rejected) and float(Deal.get().amount) == 100


def test_the_policy_names_one_action_per_command(globex_deal):
    customer_id = globex_deal.customer_id
    assert policy.decide(c.ShowDeal(customer="globex")) == "answer"
    assert policy.decide(c.MoveDeal(stage="won", customer_id=customer_id)) == "confirm"
    assert policy.decide(c.MoveDeal(stage="qualified", customer_id=customer_id)) == "confirm"  # backward
    assert policy.decide(c.MoveDeal(stage="negotiation", deal_id=globex_deal.id)) == "act"
    assert policy.decide(c.LogActivity(customer="globex"), confidence=0.4) == "confirm"
    assert policy.decide(c.LogActivity(customer="globex"), disagreement=True) == "confirm"
    assert policy.decide(c.LogActivity(), missing=True) == "ask"
    assert policy.decide(c.UpdateTicket(ticket=1, status="closed")) == "confirm"
    assert policy.decide(c.SendOutreach(segment="at_risk", message="hi")) == "confirm"
    assert policy.unknown_customer(c.LogActivity(customer="Umbrella")) == "offer"
    assert policy.unknown_customer(c.AddCustomer(customer="Umbrella")) == "create"


def test_a_narrative_offers_the_move_it_hints_at_and_the_button_makes_it(say, run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=100, stage="proposal"))
    [logged] = say("globex signed off on pricing, legal next")
    assert isinstance(logged, ActivityLogged) and Deal.get().stage == "proposal"
    assert [(o.label, o.value) for o in logged.offers] == [("Move to negotiation", "move Globex Ltd to negotiation")]
    slack_values = [e["value"] for b in slack_render(logged, Asker("slack:C1:", "UMARIA")) if b["type"] == "actions"
                    for e in b["elements"]]
    assert any("move Globex Ltd to negotiation" in v for v in slack_values)
    telegram_data = [b.callback_data for row in telegram.rep(logged).markup.inline_keyboard for b in row]
    assert any(d.endswith("move Globex Ltd to negotiation") for d in telegram_data)
    [moved] = say(logged.offers[0].value)  # the button sends its value
    assert isinstance(moved, DealMoved) and Deal.get().stage == "negotiation"


def test_no_move_is_offered_backward(say, globex_deal):
    [logged] = say("sent globex the proposal yesterday")
    assert logged.offers == ()
