"""Reports that add money up convert to the base currency with the latest rate on or before the day they are about,
and say that day; a currency without a rate is shown apart, never summed raw (issue 14 item 6, issue 15 item 8)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from crm_core import commands as c
from crm_core.models import Deal, DealStageChange, ExchangeRate
from crm_core.money import money
from crm_core.results import Table

from .conftest import NOW


def rate(currency: str, value: str, day: date) -> None:
    ExchangeRate.create(day=day, currency=currency, base="USD", rate=Decimal(value), source="import")


def won(customers, team, owner: str, amount: str, currency: str, closed: datetime) -> None:
    Deal.create(customer=customers["globex"], title=f"{amount} {currency}", amount=Decimal(amount), currency=currency,
                stage="won", owner=team[owner], closed_at=closed)


def test_the_leaderboard_converts_at_the_rate_of_the_periods_end_and_keeps_unrated_apart(run, team, customers):
    end = NOW.date() - timedelta(days=5)
    rate("EUR", "1.05", end - timedelta(days=30))
    rate("EUR", "1.10", end - timedelta(days=2))  # the latest on or before the end
    rate("EUR", "1.50", end + timedelta(days=1))  # after the period: not used
    closed = datetime.combine(end - timedelta(days=1), datetime.min.time())
    won(customers, team, "maria", "1000", "USD", closed)
    won(customers, team, "maria", "2000", "EUR", closed)
    won(customers, team, "maria", "300", "THB", closed)  # no rate
    won(customers, team, "sam", "500", "EUR", closed)
    table = run(c.ShowReport(report="leaderboard", since=(end - timedelta(days=10)).isoformat(),
                             until=end.isoformat()), as_="admin")
    assert isinstance(table, Table)
    maria_usd = Decimal("1000") + Decimal("2000") * Decimal("1.10")
    rows = {(row[0], row[2]) for row in table.rows}
    assert rows == {("Maria Lopez", money(maria_usd, "USD")), ("Maria Lopez", money(300, "THB")),
                    ("Sam Lee", money(Decimal("550"), "USD"))}
    notes = " ".join(table.notes)
    assert f"converted to USD at rates of {(end - timedelta(days=2)).isoformat()}" in notes
    assert money(maria_usd + 550, "USD") in notes and money(300, "THB") in notes


def test_the_forecast_converts_at_todays_rates_and_says_nothing_when_nothing_was_converted(run, team, customers):
    close = NOW.date() + timedelta(days=10)
    Deal.create(customer=customers["globex"], title="a", amount=Decimal("1000"), currency="GBP", stage="proposal",
                owner=team["maria"], expected_close=close, win_probability=0.5)
    before = run(c.ShowReport(report="forecast"), at=NOW, as_="admin")
    assert [row[1] for row in before.rows] == ["GBP"] and not any("converted" in n for n in before.notes)
    rate("GBP", "1.25", NOW.date())
    after = run(c.ShowReport(report="forecast"), at=NOW, as_="admin")
    assert [(row[1], row[3], row[4]) for row in after.rows] == [("USD", money(1250, "USD"), money(625, "USD"))]
    assert f"converted to USD at rates of {NOW.date().isoformat()}" in after.notes


def test_the_pipeline_totals_convert_and_every_front_end_says_the_rates_date(run, team, customers):
    from bots import console
    from bots.slack import blocks
    from bots.telegram import render as telegram
    for amount, currency in (("1000", "USD"), ("2000", "EUR"), ("300", "THB")):
        Deal.create(customer=customers["acme"], title=currency, amount=Decimal(amount), currency=currency,
                    stage="proposal", owner=team["maria"])
    rate("EUR", "1.10", NOW.date() - timedelta(days=1))
    pipeline = run(c.ShowPipeline(), as_="admin")
    assert {(t.currency, t.count, t.amount) for t in pipeline.totals} == {("USD", 2, 3200.0), ("THB", 1, 300.0)}
    said = f"converted to USD at rates of {(NOW.date() - timedelta(days=1)).isoformat()}"
    assert pipeline.rates_note == said
    assert said in console.render(pipeline)
    assert said in str(blocks.render(pipeline, blocks.Asker("k", "U1")))
    assert said in str(telegram.rep(pipeline))


def test_the_digest_pipeline_converts_and_keeps_unrated_currencies_apart(team, customers):
    from crm_core.digest.content import build_digest
    from crm_core.digest.text import pipeline_lines
    for amount, currency, stage in (("1000", "USD", "lead"), ("2000", "EUR", "lead"), ("300", "THB", "proposal")):
        Deal.create(customer=customers["acme"], title=currency, amount=Decimal(amount), currency=currency, stage=stage,
                    owner=team["maria"])
    rate("EUR", "1.10", NOW.date() - timedelta(days=3))
    digest = build_digest(team["manager"], NOW - timedelta(days=1), NOW)
    shown = {(s.stage, s.currency): (s.count, s.amount) for s in digest.pipeline if s.count}
    assert shown == {("lead", "USD"): (2, 3200.0), ("proposal", "THB"): (1, 300.0)}
    [line, note] = pipeline_lines(digest)
    assert money(3200, "USD") in line and money(300, "THB") in line
    assert note == f"converted to USD at rates of {(NOW.date() - timedelta(days=3)).isoformat()}"


def test_the_digest_deal_flow_and_weekly_won_convert_and_keep_unrated_currencies_apart(team, customers):
    from crm_core.digest.content import build_digest
    from crm_core.digest.text import deal_lines
    closed = NOW - timedelta(hours=2)
    for amount, currency in (("1000", "USD"), ("2000", "EUR"), ("300", "THB")):
        deal = Deal.create(customer=customers["acme"], title=currency, amount=Decimal(amount), currency=currency,
                           stage="won", owner=team["maria"], created_at=closed, closed_at=closed)
        DealStageChange.create(deal=deal, from_stage="proposal", to_stage="won", changed_at=closed)
    rate("EUR", "1.10", NOW.date() - timedelta(days=3))
    digest = build_digest(team["manager"], NOW - timedelta(days=1), NOW)
    flow = digest.deals
    assert (flow.created, flow.won, flow.created_amount, flow.won_amount) == (3, 3, 3200.0, 3200.0)
    assert flow.apart == (("THB", 300.0, 300.0, 0.0),)
    assert sum(week.amount for week in digest.won_by_week) == 3200.0
    lines = deal_lines(digest)
    assert "3,200" in lines[0] and any("THB" in line and money(300, "THB") in line for line in lines)


def test_the_customer_card_revenue_converts_and_says_unrated_currencies_apart(run, team, customers):
    from bots import console
    from crm_core.models import Order
    acme = customers["acme"]
    Order.create(customer=acme, date=NOW.date() - timedelta(days=9), amount=Decimal("100.00"), currency="USD")
    Order.create(customer=acme, date=NOW.date() - timedelta(days=8), amount=Decimal("200.00"), currency="GBP")
    Order.create(customer=acme, date=NOW.date() - timedelta(days=7), amount=Decimal("300.00"), currency="THB")
    Deal.create(customer=acme, title="won", amount=Decimal("1000"), currency="EUR", stage="won", owner=team["maria"])
    rate("GBP", "1.25", NOW.date() - timedelta(days=1))
    rate("EUR", "1.10", NOW.date() - timedelta(days=1))
    card = run(c.ShowCustomer(customer_id=acme.id), as_="admin")
    assert card.revenue == 100 + 200 * 1.25 + 1000 * 1.10 and card.revenue_apart == (("THB", 300.0),)
    assert f"{card.revenue:,.0f} + {money(300, 'THB')}" in console.render(card)
