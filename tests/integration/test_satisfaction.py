"""CSAT in reports: ratings on the ticket list, the customer card, and per agent over 30 days."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bots import console
from bots.slack import report_blocks
from bots.telegram import render
from crm_core import commands as c
from crm_core import results as r
from crm_core.models import Ticket
from tests.integration.conftest import NOW

_numbers = iter(range(1001, 2000))


def ticket(customer, assignee=None, status="resolved", score=None, rated_days_ago=1):
    return Ticket.create(number=next(_numbers), customer=customer.id, subject=f"Issue {customer.name}",
                         status=status, assignee=assignee.id if assignee else None, csat_score=score,
                         csat_at=NOW - timedelta(days=rated_days_ago) if score else None, updated_at=NOW)


@pytest.fixture
def rated(team, customers):
    maria, sam, acme, globex = team["maria"], team["sam"], customers["acme"], customers["globex"]
    return {
        "maria_5": ticket(acme, maria, score=5),
        "maria_4": ticket(globex, maria, status="closed", score=4),
        "maria_old_1": ticket(acme, maria, score=1, rated_days_ago=45),  # outside the 30 days
        "sam_2": ticket(globex, sam, score=2),
        "sam_unrated": ticket(globex, sam),
        "open": ticket(acme, sam, status="open"),
    }


def test_resolved_tickets_show_their_rating_the_average_and_each_agent(rated, run):
    listed = run(c.ShowTickets(status="resolved"))
    ratings = {line.number: line.csat for line in listed.tickets}
    assert ratings == {rated["maria_5"].number: 5, rated["maria_old_1"].number: 1, rated["sam_2"].number: 2,
                       rated["sam_unrated"].number: None}
    assert (listed.csat_average, listed.csat_count) == (2.67, 3)
    assert [(a.agent, a.rated, a.average) for a in listed.by_agent] == [("Maria Lopez", 2, 4.5), ("Sam Lee", 1, 2.0)]

    text = console.render(listed)
    assert "Rating" in text.splitlines()[1] and "Average rating 2.7/5 over 3 rated." in text
    assert "Satisfaction by agent, last 30 days:" in text and "Maria Lopez      2      4.5" in text


def test_filters_apply_to_the_average_and_the_agents(rated, run):
    listed = run(c.ShowTickets(status="closed", assignee="maria"))
    assert (listed.csat_average, listed.csat_count) == (4.0, 1)
    assert [(a.agent, a.rated) for a in listed.by_agent] == [("Maria Lopez", 2)]


def test_open_tickets_carry_no_rating_column_and_no_agent_summary(rated, run):
    listed = run(c.ShowTickets())
    assert listed.csat_count == 0 and listed.by_agent == ()
    assert "Rating" not in console.render(listed) and "Satisfaction" not in console.render(listed)


def test_the_customer_card_shows_their_average_rating(rated, customers, run):
    card = run(c.ShowCustomer(customer="acme corporation"))
    assert (card.csat_average, card.csat_count) == (3.0, 2)
    assert "satisfaction 3.0/5 from 2 ratings" in console.render(card)
    assert "satisfaction" not in console.render(run(c.ShowCustomer(customer="müller")))


def test_slack_and_telegram_show_the_same(rated, run):
    listed = run(c.ShowTickets(status="resolved"))
    slack_text = str(report_blocks.tickets(listed))
    assert "Average rating *2.7/5* over 3 rated" in slack_text and "Satisfaction by agent" in slack_text
    card = report_blocks.customer_card(run(c.ShowCustomer(customer="acme corporation")))
    assert {"type": "mrkdwn", "text": "*Satisfaction*\n3.0/5 (2 rated)"} in card[1]["fields"]
    telegram = render.rep(listed).text
    assert telegram.startswith("<pre>") and "Average rating 2.7/5 over 3 rated." in telegram


def test_a_bad_status_is_refused(run):
    refused = run(c.ShowTickets(status="happy"))
    assert isinstance(refused, r.Rejected) and "ticket status" in refused.message
