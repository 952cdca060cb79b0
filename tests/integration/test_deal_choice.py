"""A customer with several open deals: the words of the message pick the deal (its title), else the rep chooses."""
from __future__ import annotations

import pytest

from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import Deal
from crm_core.results import DealMoved, Question

from .conftest import NOW


@pytest.fixture
def two_deals(run, customers):
    globex = customers["globex"].id
    run(c.CreateDeal(customer_id=globex, amount=10000, stage="qualified", title="Globex renewal"))
    run(c.CreateDeal(customer_id=globex, amount=4000, stage="qualified", title="Globex training"))


def _say(team, text):
    return converse(team["maria"], "deal-choice", text, channel="console", now=NOW)


def test_the_title_said_picks_the_deal_to_move(team, two_deals):
    [moved] = _say(team, "move the globex training deal to negotiation")
    assert isinstance(moved, DealMoved)
    stages = {d.title: d.stage for d in Deal.select()}
    assert stages == {"Globex renewal": "qualified", "Globex training": "negotiation"}


def test_without_a_title_the_rep_chooses_and_nothing_moves_before(team, two_deals):
    [question] = _say(team, "move globex to negotiation")
    assert isinstance(question, Question) and len(question.choices) >= 2
    assert {d.stage for d in Deal.select()} == {"qualified"}


def test_a_deal_named_for_another_customer_is_asked_about_not_taken_from_the_conversation(team, customers):
    _say(team, "new deal for globex, 5k, qualified")  # the conversation is about Globex and this deal
    [asked] = _say(team, "make the hooli deal 9k")  # Hooli is no customer: Globex's deal is not the deal meant
    assert isinstance(asked, Question)
    assert [choice.label for choice in asked.choices][:1] == ["Globex Ltd deal (qualified, 5,000 USD)"]
    assert Deal.get().amount == 5000
