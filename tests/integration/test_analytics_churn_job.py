"""`crm score` stores a churn risk (no purchase in the next N days) beside P(alive)."""
from __future__ import annotations

import datetime as dt

import pytest

from crm_core.analytics.jobs import run_scoring
from crm_core.models import CustomerScore
from crm_core.settings import get_settings
from tests.integration.analytics_seed import AS_OF, add_customers, add_orders, clear_run_tables, seed_buyers


@pytest.fixture(autouse=True)
def empty_run_tables(database):
    clear_run_tables()


def _regular_and_lapsed() -> tuple[int, int]:
    regular, lapsed = add_customers(["Regular Buyer", "Lapsed One-Timer"])
    add_orders([(regular, AS_OF - dt.timedelta(days=d), 40.0) for d in range(3, 360, 21)])
    add_orders([(lapsed, AS_OF - dt.timedelta(days=300), 40.0)])
    return regular, lapsed


def test_churn_risk_is_stored_and_a_lapsed_one_timer_is_riskier_than_a_regular(database):
    seed_buyers(300)
    regular, lapsed = _regular_and_lapsed()
    report = run_scoring(AS_OF)
    assert report.churn_method == "rfm-logistic"
    assert report.to_dict()["churn"] == {"method": "rfm-logistic", "horizon_days": 90}
    stored = {c.customer_id: c for c in CustomerScore.select()}
    assert all(0 <= c.churn_risk <= 1 for c in stored.values())
    assert stored[lapsed].p_alive == pytest.approx(1.0)  # BG/NBD: a one-time buyer is "alive"
    assert stored[lapsed].churn_risk > 0.8 > 0.5 > stored[regular].churn_risk


def test_too_little_history_falls_back_to_the_bgnbd_no_purchase_probability(database):
    seed_buyers(150)
    regular, lapsed = _regular_and_lapsed()
    report = run_scoring(AS_OF - dt.timedelta(days=320))  # only weeks of history: no earlier window
    assert report.churn_method == "bgnbd"
    risks = [c.churn_risk for c in CustomerScore.select()]
    assert risks and all(0 <= r <= 1 for r in risks)


def test_the_horizon_is_a_setting(database, monkeypatch):
    seed_buyers(300)
    _regular_and_lapsed()
    run_scoring(AS_OF)
    short = {c.customer_id: c.churn_risk for c in CustomerScore.select()}
    monkeypatch.setenv("CRM_CHURN_HORIZON_DAYS", "30")
    get_settings.cache_clear()
    try:
        report = run_scoring(AS_OF)
    finally:
        monkeypatch.delenv("CRM_CHURN_HORIZON_DAYS")
        get_settings.cache_clear()
    assert report.churn_horizon_days == 30
    thirty = {c.customer_id: c.churn_risk for c in CustomerScore.select()}
    assert sum(thirty.values()) > sum(short.values())  # no purchase in 30 days is likelier than in 90


def test_export_carries_the_scores(database, tmp_path):
    import csv

    from crm_core.data.customers import export_customers

    seed_buyers(300)
    regular, lapsed = _regular_and_lapsed()
    run_scoring(AS_OF)
    export_customers(tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = {row["name"]: row for row in csv.DictReader(handle)}
    stored = CustomerScore.get_by_id(lapsed)
    row = rows["Lapsed One-Timer"]
    assert float(row["churn_risk"]) == pytest.approx(stored.churn_risk, abs=1e-4)
    assert float(row["p_alive"]) == pytest.approx(stored.p_alive, abs=1e-4)
    assert float(row["expected_purchases_90d"]) == pytest.approx(stored.expected_purchases_90d, abs=1e-4)
    assert float(row["clv"]) == pytest.approx(stored.lifetime_value, abs=0.01)
    assert float(rows["Regular Buyer"]["churn_risk"]) < float(row["churn_risk"])
