"""Deal and ticket lists keep their filters (issue 14): the rows returned are the rows an independent SQL query over
the same data returns, on SQLite and PostgreSQL; counts and totals are per currency; a question writes nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_core import commands as c
from crm_core.db import database as proxy
from crm_core.models import Activity, Deal, DealStageChange, Ticket, TicketMessage
from crm_core.results import Pipeline, Rejected, TicketList
from crm_core.settings import get_settings

from .conftest import NOW, database_state

DAY = timedelta(days=1)


def sql(query: str, *params) -> set[int]:
    """The ids an SQL query written by hand returns (placeholders `?`, made the backend's own)."""
    db = proxy.obj
    return {row[0] for row in db.execute_sql(query.replace("?", db.param), params).fetchall()}


@pytest.fixture
def deals(team, customers):
    """A spread of deals: owners, stages, amounts in two currencies, close dates, ages, activity and stage changes."""
    spec = [  # customer, owner, stage, amount, currency, expected close (days from NOW), created (days before), entered
        ("acme", "maria", "proposal", 60000, "USD", 3, 40, 20),
        ("acme", "maria", "negotiation", 8000, "EUR", 10, 5, 2),
        ("globex", "sam", "proposal", 52000, "EUR", 40, 100, 5),
        ("globex", "sam", "lead", 9000, "USD", None, 200, 200),
        ("acme_labs", "sam", "qualified", 120000, "USD", -3, 70, 30),
        ("muller", "maria", "lead", 4000, "USD", 90, 1, 1),
        ("muller", None, "qualified", 30000, "USD", 2, 15, 15),
    ]
    made = []
    for name, owner, stage, amount, currency, close, created, entered in spec:
        deal = Deal.create(customer=customers[name].id, title=f"{name} {stage}", stage=stage, amount=amount,
                           currency=currency, owner=team[owner].id if owner else None,
                           expected_close=(NOW + close * DAY).date() if close is not None else None,
                           created_at=NOW - created * DAY)
        DealStageChange.create(deal=deal.id, from_stage=None, to_stage="lead", changed_at=NOW - created * DAY)
        if stage != "lead":
            DealStageChange.create(deal=deal.id, from_stage="lead", to_stage=stage, changed_at=NOW - entered * DAY)
        made.append(deal)
    for name, closed, stage, amount in (("acme", 10, "won", 7000), ("globex", 40, "won", 11000),
                                        ("acme_labs", 3, "lost", 5000)):
        made.append(Deal.create(customer=customers[name].id, title=f"{name} {stage}", stage=stage, amount=amount,
                                currency="USD", owner=team["maria"].id, closed_at=NOW - closed * DAY,
                                created_at=NOW - 60 * DAY))
    Activity.create(customer=customers["acme"].id, kind="call", occurred_at=NOW - 2 * DAY, user=team["maria"].id)
    Activity.create(customer=customers["globex"].id, kind="call", occurred_at=NOW - 45 * DAY, user=team["sam"].id)
    return made


def ids(result: Pipeline) -> set[int]:
    assert isinstance(result, Pipeline), result
    return {d.deal_id for d in result.deals}


OPEN = "stage IN ('lead', 'qualified', 'proposal', 'negotiation')"


def test_deals_closing_this_month_are_only_those(run, deals):
    result = run(c.ShowPipeline(close_from="2026-11-01", close_to="2026-11-30"))
    assert ids(result) == sql(f"SELECT id FROM deals WHERE {OPEN} AND expected_close BETWEEN ? AND ?",
                              date(2026, 11, 1), date(2026, 11, 30))
    assert len(ids(result)) == 3 and result.total == 3
    assert any("closing" in f for f in result.filters)


def test_my_deals_over_50k_and_under_10k(run, team, deals):
    mine = run(c.ShowPipeline(owner="me", min_amount=50000))
    assert ids(mine) == sql(f"SELECT id FROM deals WHERE {OPEN} AND owner_id = ? AND amount >= ?",
                            team["maria"].id, 50000) != set()
    small = run(c.ShowPipeline(max_amount=10000))
    assert ids(small) == sql(f"SELECT id FROM deals WHERE {OPEN} AND amount <= ?", 10000)
    assert len(ids(small)) == 3


def test_stage_customer_and_owner_by_name(run, team, customers, deals):
    assert ids(run(c.ShowPipeline(stage="proposal", owner="sam"))) == sql(
        "SELECT id FROM deals WHERE stage = 'proposal' AND owner_id = ?", team["sam"].id)
    assert ids(run(c.ShowPipeline(customer="acme corporation"))) == sql(
        f"SELECT id FROM deals WHERE {OPEN} AND customer_id = ?", customers["acme"].id)


def test_no_activity_in_30_days(run, deals):
    result = run(c.ShowPipeline(idle_days=30))
    cutoff = NOW - 30 * DAY
    assert ids(result) == sql(
        f"SELECT d.id FROM deals d WHERE {OPEN} AND d.created_at <= ? AND NOT EXISTS "
        "(SELECT 1 FROM activities a WHERE a.customer_id = d.customer_id AND a.occurred_at >= ?)", cutoff, cutoff)
    assert ids(result) and all(d.customer != "Acme Corporation" for d in result.deals)


def plain_stale(days: int) -> dict[tuple[str, str], tuple[int, float]]:
    """(stage, currency) -> count and sum of the open deals with no activity with their customer in `days`."""
    cutoff, db = NOW - days * DAY, proxy.obj
    rows = db.execute_sql(
        (f"SELECT d.stage, d.currency, COUNT(*), SUM(d.amount) FROM deals d WHERE {OPEN} AND d.created_at <= ? "
         "AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.customer_id = d.customer_id AND a.occurred_at >= ?) "
         "GROUP BY d.stage, d.currency").replace("?", db.param), (cutoff, cutoff)).fetchall()
    return {(stage, currency): (n, float(total)) for stage, currency, n, total in rows}


def test_stale_deals_count_and_sum_as_plain_sql_says_until_a_customer_is_called(run, deals):
    def shown() -> tuple[dict, dict]:
        result = run(c.ShowPipeline(idle_days=30))
        assert isinstance(result, Pipeline), result
        by_currency = {t.currency: (t.count, t.amount) for t in result.totals}
        return {(s.stage, s.currency): (s.count, s.amount) for s in result.stages if s.count}, by_currency

    def per_currency(stages: dict) -> dict:
        out: dict[str, tuple[int, float]] = {}
        for (_stage, currency), (n, total) in stages.items():
            was = out.get(currency, (0, 0.0))
            out[currency] = (was[0] + n, was[1] + total)
        return out

    stages, totals = shown()
    assert stages == plain_stale(30) and totals == per_currency(plain_stale(30))
    assert {currency for _stage, currency in stages} == {"USD", "EUR"}  # globex's EUR proposal is stale
    run(c.LogActivity(customer="globex", kind="call", summary="caught up"), as_="sam")
    stages, totals = shown()
    assert stages == plain_stale(30) == {("qualified", "USD"): (1, 120000.0)} and totals == {"USD": (1, 120000.0)}


def test_stuck_in_proposal_for_two_weeks(run, deals):
    result = run(c.ShowPipeline(stage="proposal", stage_days=14))
    assert ids(result) == sql(
        "SELECT d.id FROM deals d WHERE d.stage = 'proposal' AND (SELECT MAX(h.changed_at) FROM deal_stage_changes h "
        "WHERE h.deal_id = d.id AND h.to_stage = d.stage) <= ?", NOW - 14 * DAY)
    assert [d.customer for d in result.deals] == ["Acme Corporation"]


def test_older_than_and_created_in_a_period(run, deals):
    assert ids(run(c.ShowPipeline(older_days=90))) == sql(
        f"SELECT id FROM deals WHERE {OPEN} AND created_at <= ?", NOW - 90 * DAY)
    created = run(c.ShowPipeline(created_from="2026-11-01", created_to="2026-11-30"))
    assert ids(created) == sql(f"SELECT id FROM deals WHERE {OPEN} AND created_at >= ? AND created_at < ?",
                               datetime(2026, 11, 1), datetime(2026, 12, 1))


def test_won_and_lost_in_a_period_use_the_day_they_closed(run, deals):
    won = run(c.ShowPipeline(stage="won", close_from="2026-11-01", close_to="2026-11-30"))
    assert ids(won) == sql("SELECT id FROM deals WHERE stage = 'won' AND closed_at >= ? AND closed_at < ?",
                           datetime(2026, 11, 1), datetime(2026, 12, 1))
    assert len(ids(won)) == 1 and won.closed
    assert ids(run(c.ShowPipeline(stage="lost"))) == sql("SELECT id FROM deals WHERE stage = 'lost'")


def test_totals_are_per_currency_and_cover_every_matching_deal(run, deals):
    result = run(c.ShowPipeline())
    by_currency = {t.currency: (t.count, t.amount) for t in result.totals}
    for currency in ("USD", "EUR"):
        rows = proxy.obj.execute_sql(
            f"SELECT COUNT(*), SUM(amount) FROM deals WHERE {OPEN} AND currency = {proxy.obj.param}",
            (currency,)).fetchone()
        assert by_currency[currency] == (rows[0], float(rows[1]))
    assert {s.currency for s in result.stages} == {"USD", "EUR"}  # stage totals split by currency too
    assert result.weighted_amount == 0  # never a sum across currencies


def test_sorted_by_amount_and_by_close(run, deals):
    by_amount = [d.amount for d in run(c.ShowPipeline(sort="amount")).deals]
    assert by_amount == sorted(by_amount, reverse=True)
    closes = [d.expected_close for d in run(c.ShowPipeline(sort="close")).deals if d.expected_close]
    assert closes == sorted(closes)


def test_a_deal_list_writes_nothing_and_refuses_nonsense(run, deals):
    before = database_state()
    run(c.ShowPipeline(owner="me", stage="proposal", idle_days=3, close_to="2026-12-31", sort="amount"))
    assert database_state() == before
    assert isinstance(run(c.ShowPipeline(stage="signed")), Rejected)
    assert isinstance(run(c.ShowPipeline(sort="colour")), Rejected)


# -- tickets ----------------------------------------------------------------------------------------------
@pytest.fixture
def tickets(team, customers):
    spec = [  # number, customer, priority, status, assignee, opened (hours before NOW), answered
        (1001, "acme", "urgent", "open", "maria", 3, False),
        (1002, "acme", "urgent", "open", "sam", 30, False),
        (1003, "globex", "urgent", "open", None, 100, False),
        (1004, "globex", "high", "pending", "maria", 120, True),
        (1005, "muller", "normal", "open", None, 2, False),
        (1006, "acme", "low", "resolved", "maria", 200, True),
        (1007, "muller", "normal", "open", "maria", 10, False),
    ]
    made = []
    for number, name, priority, status, who, hours, answered in spec:
        opened = NOW - timedelta(hours=hours)
        ticket = Ticket.create(number=number, customer=customers[name].id, subject=f"issue {number}",
                               priority=priority, status=status, assignee=team[who].id if who else None,
                               created_at=opened, updated_at=opened)
        TicketMessage.create(ticket=ticket.id, from_customer=True, body="help", created_at=opened)
        if answered:
            TicketMessage.create(ticket=ticket.id, author_user=team["maria"].id, body="on it", created_at=opened)
        made.append(ticket)
    return made


def numbers(result: TicketList) -> set[int]:
    assert isinstance(result, TicketList), result
    return {t.number for t in result.tickets}


WAITING = "status IN ('open', 'pending')"


def test_urgent_tickets_assigned_to_me_are_only_those(run, team, tickets):
    result = run(c.ShowTickets(priority="urgent", assignee="me"))
    assert numbers(result) == sql(f"SELECT number FROM tickets WHERE {WAITING} AND priority = 'urgent' "
                                  "AND assignee_id = ?", team["maria"].id) == {1001}
    assert "urgent" in result.description and "Maria" in result.description


def test_unassigned_and_older_than(run, customers, tickets):
    assert numbers(run(c.ShowTickets(unassigned=True))) == sql(
        f"SELECT number FROM tickets WHERE {WAITING} AND assignee_id IS NULL") == {1003, 1005}
    old = run(c.ShowTickets(older_days=3))
    assert numbers(old) == sql(f"SELECT number FROM tickets WHERE {WAITING} AND created_at <= ?", NOW - 3 * DAY)
    assert "older than 3 days" in old.description
    assert numbers(run(c.ShowTickets(priority="urgent", customer_id=customers["globex"].id))) == sql(
        f"SELECT number FROM tickets WHERE {WAITING} AND priority = 'urgent' AND customer_id = ?",
        customers["globex"].id)


def test_breaching_the_first_response_target_always_open(run, tickets):
    """No business hours set: wall time counts. Urgent 1 h, high 4 h, normal 8 h, low 24 h, unanswered only."""
    result = run(c.ShowTickets(breaching=True))
    late = set()
    for hours, priority in ((1, "urgent"), (4, "high"), (8, "normal"), (24, "low")):
        late |= sql(f"SELECT t.number FROM tickets t WHERE t.{WAITING} AND t.priority = ? AND t.created_at < ? "
                    "AND NOT EXISTS (SELECT 1 FROM ticket_messages m WHERE m.ticket_id = t.id "
                    "AND m.from_customer = ? AND m.author_user_id IS NOT NULL "
                    "AND m.id > (SELECT MIN(f.id) FROM ticket_messages f WHERE f.ticket_id = t.id))",
                    priority, NOW - timedelta(hours=hours), False)
    assert numbers(result) == late == {1001, 1002, 1003, 1007}


def test_breaching_counts_business_hours_only(run, tickets, monkeypatch):
    """Mon-Fri 09:00-17:00 UTC: at Wed 10:00, ticket 1001 (opened 07:00) has waited 1 business hour (not over),
    1007 (opened Tue 24:00) 1 hour of a normal ticket's 8."""
    monkeypatch.setenv("CRM_BUSINESS_HOURS", "Mon-Fri 09:00-17:00")
    get_settings.cache_clear()
    try:
        assert numbers(run(c.ShowTickets(breaching=True))) == {1002, 1003}
    finally:
        monkeypatch.delenv("CRM_BUSINESS_HOURS")
        get_settings.cache_clear()


def test_a_ticket_list_writes_nothing(run, tickets):
    before = database_state()
    run(c.ShowTickets(priority="high", unassigned=True, older_days=1, breaching=True))
    assert database_state() == before
    assert isinstance(run(c.ShowTickets(priority="meh")), Rejected)
