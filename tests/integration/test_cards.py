"""The deal card and the ticket card: what they show, that they write nothing, and how each front-end renders them
(Slack's Block Kit within its limits and Telegram's HTML within 4096 characters, user text escaped)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bots import console
from bots.slack.blocks import Asker, render as slack_render
from bots.telegram import render as telegram
from crm_core import commands as c
from crm_core.models import Deal, Ticket
from crm_core.results import DealCard, Rejected, TicketCard

from .conftest import NOW, database_state

EVIL = "<b>&<script>alert(1)</script> *bold* <@U123>"


@pytest.fixture
def deal(run, customers):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=12000, stage="proposal", title=f"Globex {EVIL}",
                     expected_close="2026-12-20"))
    Deal.update(win_probability=0.42).execute()
    run(c.LogActivity(customer_id=customers["globex"].id, kind="call", summary="they want the security review"))
    return Deal.get()


@pytest.fixture
def ticket(run, customers):
    run(c.OpenTicket(customer_id=customers["acme"].id, subject=f"Invoices missing {EVIL}", priority="high",
                     body="We can't find the November invoices"))
    number = Ticket.get().number
    run(c.UpdateTicket(ticket=number, assignee="sam"), as_="manager")
    for k in range(4):
        run(c.ReplyToTicket(ticket=number, body=f"reply {k} " + "x" * 3000), as_="sam", at=NOW + timedelta(minutes=k))
    Ticket.update(csat_score=4).execute()
    return Ticket.get()


def test_the_deal_card_answers_stage_amount_probability_owner_close_and_last_activity(run, deal):
    before = database_state()
    card = run(c.ShowDeal(customer="globex"))
    assert isinstance(card, DealCard)
    assert (card.deal.stage, card.deal.amount, card.deal.win_probability, card.deal.owner, card.deal.expected_close) \
        == ("proposal", 12000, 0.42, "Maria Lopez", "2026-12-20")
    assert card.last_activity.kind_ == "call" and "security review" in card.last_activity.summary
    assert database_state() == before
    text = console.render(card)
    assert "42%" in text and "12,000" in text and "proposal" in text and "security review" in text


def test_the_deal_card_picks_the_deal_named_and_counts_the_others(run, customers, deal):
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=500, title="Globex pilot"))
    card = run(c.ShowDeal(customer="globex", deal="pilot"))
    assert card.deal.title == "Globex pilot"
    assert run(c.ShowDeal(customer="globex")).other_open == 1


def test_a_customer_without_deals_is_told_so(run, customers):
    refused = run(c.ShowDeal(customer="acme labs"))
    assert isinstance(refused, Rejected) and "no deals" in refused.message


def test_the_ticket_card_answers_status_customer_assignee_priority_age_messages_and_rating(run, ticket):
    before = database_state()
    card = run(c.ShowTicket(ticket=ticket.number), at=NOW + timedelta(days=3))
    assert isinstance(card, TicketCard)
    assert (card.ticket.status, card.ticket.customer, card.ticket.assignee, card.ticket.priority, card.ticket.csat) \
        == (ticket.status, "Acme Corporation", "Sam Lee", "high", 4)
    assert card.age_days == 3 and card.message_count == 5
    assert [m.body[:7] for m in card.messages] == ["We can'", "reply 0", "reply 1", "reply 2", "reply 3"]  # the whole conversation, oldest first
    assert database_state() == before


def test_an_unknown_ticket_is_refused(run, team):
    refused = run(c.ShowTicket(ticket=999))
    assert isinstance(refused, Rejected) and "#999" in refused.message


def _slack_texts(blocks):
    for block in blocks:
        for part in [block.get("text")] + block.get("fields", []) + block.get("elements", []):
            if part:
                yield part


@pytest.mark.parametrize("which", ["deal", "ticket"])
def test_slack_renders_the_cards_within_block_kit_limits_with_user_text_escaped(run, deal, ticket, which):
    card = run(c.ShowDeal(customer="globex")) if which == "deal" else run(c.ShowTicket(ticket=ticket.number))
    blocks = slack_render(card, Asker("slack:C1:", "UMARIA"))
    assert 0 < len(blocks) <= 50
    for part in _slack_texts(blocks):
        limit = 150 if part.get("type") == "plain_text" else 3000
        assert len(part["text"]) <= limit
        if part.get("type") == "mrkdwn":
            assert "<script>" not in part["text"] and "<@U123>" not in part["text"]
    assert sum(len(b.get("fields", [])) for b in blocks) <= 10 * len(blocks)


@pytest.mark.parametrize("which", ["deal", "ticket"])
def test_telegram_renders_the_cards_as_escaped_html_within_4096(run, deal, ticket, which):
    card = run(c.ShowDeal(customer="globex")) if which == "deal" else run(c.ShowTicket(ticket=ticket.number))
    reply = telegram.rep(card)
    assert len(reply.text) <= 4096
    assert "<script>" not in reply.text and "&lt;script&gt;" in reply.text
