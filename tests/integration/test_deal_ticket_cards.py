"""The deal card and the ticket card complete (issue 14): stage history with dates, what the win probability rests on,
the next step, contacts; the ticket's whole conversation and whether it is past its first-response target. Checked
against SQL written by hand over the same data, on SQLite and PostgreSQL; a card writes nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

from bots import console
from bots.slack.blocks import Asker, message
from bots.telegram import render as telegram
from crm_core import commands as c
from crm_core.db import database as proxy
from crm_core.models import Contact, Deal, DealStageChange, Reminder, Ticket, TicketMessage
from crm_core.results import DealCard, TicketCard
from tests.fakes.block_kit import check_message

from .conftest import NOW, database_state

DAY = timedelta(days=1)


def rows(query: str, *params) -> list[tuple]:
    db = proxy.obj
    return [tuple(row) for row in db.execute_sql(query.replace("?", db.param), params).fetchall()]


def test_with_many_closed_deals_the_stage_rate_is_over_the_most_recently_closed(run, team, customers, monkeypatch):
    from crm_core.services import deal_facts
    monkeypatch.setattr(deal_facts, "SAMPLE", 3)
    run(c.CreateDeal(customer_id=customers["globex"].id, amount=500, stage="proposal", title="Open one"))
    for k, outcome in enumerate(("lost", "won", "won", "won", "lost")):  # closed k days ago; the 3 latest: lost won won
        old = Deal.create(customer=customers["acme"].id, title=f"old {k}", stage=outcome, amount=100,
                          created_at=NOW - 90 * DAY, closed_at=NOW - (1 + k) * DAY)
        if k != 1:  # one of the latest three never reached proposal
            DealStageChange.create(deal=old.id, to_stage="proposal", changed_at=NOW - 60 * DAY)
    latest = [i for (i,) in rows("SELECT id FROM deals WHERE stage IN ('won', 'lost') ORDER BY closed_at DESC LIMIT 3")]
    won, reached = rows("SELECT SUM(CASE WHEN d.stage = 'won' THEN 1 ELSE 0 END), COUNT(*) FROM deals d WHERE d.id IN "
                        f"({', '.join(map(str, latest))}) AND EXISTS (SELECT 1 FROM deal_stage_changes h "
                        "WHERE h.deal_id = d.id AND h.to_stage = 'proposal')")[0]
    card = run(c.ShowDeal(customer="globex"))
    assert (won, reached) == (1, 2)
    assert card.reasons[0] == "1 of 2 deals that reached proposal, among the last 3 closed, were won (50%)"


def test_the_deal_card_has_history_reasons_next_step_and_contacts(run, team, customers):
    globex = customers["globex"].id
    run(c.CreateDeal(customer_id=globex, amount=12000, stage="lead", title="Globex renewal"), at=NOW - 20 * DAY)
    run(c.MoveDeal(customer_id=globex, stage="proposal"), at=NOW - 6 * DAY)
    for k, outcome in enumerate(("won", "won", "lost")):  # three closed deals that went through proposal
        old = Deal.create(customer=customers["acme"].id, title=f"old {k}", stage=outcome, amount=100,
                          created_at=NOW - 90 * DAY, closed_at=NOW - (30 + k) * DAY)
        DealStageChange.create(deal=old.id, to_stage="proposal", changed_at=NOW - 60 * DAY)
    run(c.LogActivity(customer_id=globex, kind="call", summary="pricing call"), at=NOW - 2 * DAY)
    Reminder.create(user=team["maria"].id, customer=globex, text="send the redlines", due_at=NOW + 2 * DAY)
    Contact.create(customer=globex, name="Dana Ruiz", name_norm="dana ruiz", title="CFO")
    before = database_state()

    card = run(c.ShowDeal(customer="globex"))
    assert isinstance(card, DealCard) and database_state() == before
    deal = Deal.get(Deal.title == "Globex renewal")
    assert [(h.to_stage, h.when) for h in card.history] == [
        (stage, str(when)[:10]) for stage, when in rows(
            "SELECT to_stage, changed_at FROM deal_stage_changes WHERE deal_id = ? ORDER BY changed_at, id", deal.id)]
    won, closed = rows("SELECT SUM(CASE WHEN d.stage = 'won' THEN 1 ELSE 0 END), COUNT(*) FROM deals d WHERE d.id <> ? "
                       "AND d.stage IN ('won', 'lost') AND EXISTS (SELECT 1 FROM deal_stage_changes h "
                       "WHERE h.deal_id = d.id AND h.to_stage = 'proposal')", deal.id)[0]
    assert f"{won} of {closed} closed deals that reached proposal were won" in card.reasons[0] and (won, closed) == (2, 3)
    assert "last activity 2 days ago" in card.reasons[1] and "1 call" in card.reasons[1]
    assert card.next_step == f"{NOW + 2 * DAY:%Y-%m-%d}: send the redlines"
    assert [x.name for x in card.contacts] == ["Dana Ruiz"]
    text = console.render(card)
    assert "lead 2026-11-05 → proposal 2026-11-19" in text and "Dana Ruiz (CFO)" in text and "send the redlines" in text
    check_message(message([card], Asker("slack:C1:", "UMARIA")))
    assert "send the redlines" in telegram.rep(card).text


def test_the_ticket_card_says_when_it_is_past_its_first_response_target(run, team, customers):
    run(c.OpenTicket(customer_id=customers["acme"].id, subject="Portal down", priority="urgent", body="help"),
        at=NOW - timedelta(hours=3))
    number = Ticket.get().number
    late = run(c.ShowTicket(ticket=number))
    assert late.late and "1 business hour for urgent" in late.late
    assert "first-response target" in console.render(late)
    check_message(message([late], Asker("slack:C1:", "UMARIA")))
    run(c.ReplyToTicket(ticket=number, body="looking"), at=NOW - timedelta(hours=1))
    answered = run(c.ShowTicket(ticket=number))
    assert isinstance(answered, TicketCard) and answered.late is None
    assert [m.body for m in answered.messages] == [body for (body,) in rows(
        "SELECT body FROM ticket_messages WHERE ticket_id = ? ORDER BY created_at, id", Ticket.get().id)]
    assert TicketMessage.select().count() == 2
