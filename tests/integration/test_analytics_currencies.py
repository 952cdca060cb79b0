"""Scores add money up in the base currency (issue 16 item 2): each order converts at the rate of the run's as-of
date, an order in a currency without a rate is left out and the run's summary says so."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from peewee import chunked

from crm_core import commands as c
from crm_core.analytics.jobs import run_scoring, run_segmentation
from crm_core.cli.analytics import scoring_text, segmentation_text
from crm_core.models import Customer, CustomerScore, Deal, ExchangeRate, Order
from crm_core.services.analytics_requests import scored_answer, segmented_answer
from tests.integration.analytics_seed import AS_OF, add_customers, clear_run_tables, seed_buyers


@pytest.fixture(autouse=True)
def empty_run_tables(database):
    clear_run_tables()


def _twins_in(currency: str, factor: Decimal, ids: list[int]) -> dict[int, int]:
    """For each customer of `ids`, a twin with the same orders in `currency`, amounts times `factor`."""
    twins = dict(zip(ids, add_customers([f"Twin {currency} {i}" for i in ids])))
    rows = [{"customer": twins[o.customer_id], "date": o.date, "amount": o.amount * factor, "currency": currency}
            for o in Order.select().where(Order.customer.in_(ids))]
    for batch in chunked(rows, 500):
        Order.insert_many(batch).execute()
    return twins


def _rate(currency: str, value: str, day: dt.date) -> None:
    ExchangeRate.create(day=day, currency=currency, base="USD", rate=Decimal(value), source="import")


def test_clv_converts_euro_orders_at_the_rate_of_the_as_of_date(run):
    dollars = seed_buyers(n=60)
    euros = _twins_in("EUR", Decimal(2), dollars)  # the same purchases, twice the figures in euros
    _rate("EUR", "0.5", AS_OF - dt.timedelta(days=3))  # the rate the run uses: the latest on or before AS_OF
    _rate("EUR", "9.0", AS_OF + dt.timedelta(days=1))  # after the as-of date: not used
    report = run_scoring(AS_OF)
    scores = {s.customer_id: s.lifetime_value for s in CustomerScore.select()}
    assert report.n_customers_scored == 2 * len(dollars)
    for usd, eur in euros.items():
        assert scores[eur] == pytest.approx(scores[usd], rel=1e-5)  # not twice: converted at 0.5
    richest = max(dollars, key=scores.__getitem__)
    card = run(c.ShowCustomer(customer_id=euros[richest]))
    assert card.lifetime_value == pytest.approx(scores[richest], rel=1e-5) and card.lifetime_value > 0
    assert report.amounts.excluded == {}
    assert "left out" not in scoring_text(report) and "left out" not in scored_answer(report.to_dict(), 2.0)


def test_orders_in_a_currency_without_a_rate_are_left_out_and_the_summary_says_so(run):
    dollars = seed_buyers(n=60)
    baht = _twins_in("THB", Decimal(35), dollars[:5])
    mixed = add_customers(["Half Baht"])[0]
    Order.insert_many([
        {"customer": mixed, "date": AS_OF - dt.timedelta(days=d), "amount": Decimal("50"), "currency": "USD"}
        for d in (10, 40, 70)] + [
        {"customer": mixed, "date": AS_OF - dt.timedelta(days=20), "amount": Decimal("99999"), "currency": "THB"},
    ]).execute()
    n_baht = Order.select().where((Order.currency == "THB") & (Order.date <= AS_OF)).count()
    report = run_scoring(AS_OF)
    scores = {s.customer_id: s.lifetime_value for s in CustomerScore.select()}
    assert not set(baht.values()) & set(scores)  # only baht orders: nothing to score them on
    assert report.amounts.excluded == {"THB": n_baht}
    assert f"{n_baht:,} orders ({n_baht:,} in THB) have no rate to USD and were left out" in scoring_text(report)
    assert report.to_dict()["currency"]["orders_excluded"] == {"THB": n_baht}
    answer = scored_answer(report.to_dict(), 2.0)  # what "rescore now" answers in chat
    assert answer.endswith(f" {n_baht:,} orders in THB have no rate to USD and were left out.")
    card = run(c.ShowCustomer(customer_id=mixed))
    assert card.lifetime_value is not None and card.lifetime_value < 1000  # the 99,999 baht were not summed raw
    segmented = run_segmentation(AS_OF)
    assert segmented.n_customers == len(dollars) + 1


def _won(customer: int, amount: str, currency: str, days_ago: int) -> None:
    closed = dt.datetime.combine(AS_OF - dt.timedelta(days=days_ago), dt.time(15))
    Deal.insert(customer=customer, title=f"Won {days_ago}", amount=Decimal(amount), currency=currency, stage="won",
                closed_at=closed, created_at=closed - dt.timedelta(days=20), updated_at=closed).execute()


def test_won_deals_in_a_currency_without_a_rate_are_left_out_of_the_segments_and_the_summary_says_so():
    seed_buyers(n=60)
    baht_only, euro_only = add_customers(["Baht Deals Only", "Euro Deals Only"])
    for days_ago in (5, 50):
        _won(baht_only, "350000", "THB", days_ago)
        _won(euro_only, "900", "EUR", days_ago)
    _won(baht_only, "1", "THB", -3)  # closed after the as-of date: neither used nor counted
    _rate("EUR", "1.1", AS_OF - dt.timedelta(days=1))
    report = run_segmentation(AS_OF)
    segmented = {c.id for c in Customer.select().where(Customer.segment.is_null(False))}
    assert euro_only in segmented and baht_only not in segmented  # never summed raw as if baht were dollars
    assert report.amounts.won_deals_excluded == {"THB": 2} and report.amounts.excluded == {}
    assert "2 won deals (2 in THB) have no rate to USD and were left out of the segments." in segmentation_text(report)
    answer = segmented_answer(report.to_dict(), 1.0)  # what "resegment" answers in chat
    assert " 2 won deals in THB have no rate to USD and were left out." in answer


def test_a_segmentation_with_every_won_deal_converted_says_nothing_is_left_out():
    seed_buyers(n=60)
    [euro_only] = add_customers(["Euro Deals Only"])
    _won(euro_only, "900", "EUR", 5)
    _rate("EUR", "1.1", AS_OF - dt.timedelta(days=1))
    report = run_segmentation(AS_OF)
    assert report.amounts.won_deals_excluded == {}
    assert "left out" not in segmentation_text(report) and "left out" not in segmented_answer(report.to_dict(), 1.0)
