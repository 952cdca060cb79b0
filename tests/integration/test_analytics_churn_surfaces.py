"""Churn risk where managers see it: the customer card's sentence and the digest's at-risk list."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bots import console
from crm_core import clock
from crm_core import commands as c
from crm_core.digest.content import most_at_risk
from crm_core.models import Customer, Order
from tests.integration.analytics_seed import set_scores

from .conftest import NOW


def _orders(customer, days_ago: list[int], amount: float = 100.0) -> None:
    Order.insert_many([{"customer": customer.id, "date": clock.today() - timedelta(days=d), "amount": amount}
                       for d in days_ago]).execute()


def test_the_card_explains_the_churn_risk_in_words(run, customers):
    acme = customers["acme"]
    _orders(acme, [40, 70, 100, 130, 160, 190, 220])
    set_scores(acme.id, churn_risk=0.35, p_alive=0.9)
    card = run(c.ShowCustomer(customer_id=acme.id))
    expected = "7 orders, last 40 days ago, usually every 30 days: 35% chance of no order in the next 90 days"
    assert card.outlook == expected
    assert expected in console.render(card)


def test_an_unscored_or_orderless_customer_gets_no_made_up_chance(run, customers):
    _orders(customers["globex"], [3])
    assert run(c.ShowCustomer(customer_id=customers["globex"].id)).outlook == "1 order, last 3 days ago (not scored yet)"
    assert run(c.ShowCustomer(customer_id=customers["muller"].id)).outlook is None


def test_digest_at_risk_ranks_by_churn_risk_times_spend_not_by_p_alive(customers):
    acme, labs, globex = customers["acme"], customers["acme_labs"], customers["globex"]
    # a one-time big buyer: BG/NBD calls them 100% alive, yet they are unlikely to order again
    set_scores(acme.id, p_alive=1.0, churn_risk=0.9)
    set_scores(labs.id, p_alive=0.2, churn_risk=0.1)  # buying steadily
    set_scores(globex.id, p_alive=0.5, churn_risk=0.6)
    for customer, spent in ((acme, 10_000), (labs, 50_000), (globex, 1_000)):
        Order.create(customer=customer.id, date=(NOW - timedelta(days=30)).date(), amount=spent)
    listed = most_at_risk(NOW)
    assert [r.name for r in listed] == ["Acme Corporation", "Globex Ltd"]
    assert listed[0].churn_probability == pytest.approx(0.9)


def test_outreach_reaches_the_most_revenue_at_stake_first(team):
    from crm_core.names import normalize_name
    from crm_core.services.outreach import recipients

    def person(name: str, chat: int, churn: float, spent: float) -> Customer:
        customer = Customer.create(name=name, name_norm=normalize_name(name), segment="at_risk",
                                   telegram_user_id=chat, telegram_chat_id=chat)
        set_scores(customer.id, churn_risk=churn, p_alive=1.0)
        _orders(customer, [20], spent)
        return customer

    person("Small Slipping", 1, 0.95, 100)     # at stake 95
    person("Big Steady", 2, 0.05, 10_000)      # at stake 500
    person("Big Slipping", 3, 0.70, 8_000)     # at stake 5,600
    assert [name for _, name, _ in recipients("at_risk").tuples()] == ["Big Slipping", "Big Steady", "Small Slipping"]
