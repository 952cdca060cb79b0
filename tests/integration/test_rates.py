"""Exchange rates (issue 15 item 8): an admin sets one through the bus (audited, undoable, refused to others),
`crm rates import FILE` writes all rows or none, and a converter takes the latest rate on or before a day."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm_core import commands as c
from crm_core.models import AuditLog, ExchangeRate
from crm_core.rates import Converter
from crm_core.results import RateSet, Rejected, Undone

from .conftest import NOW, database_state
from .test_data_cli import count, crm  # noqa: F401  (the fixture)


def stored() -> dict[tuple[str, str], Decimal]:
    return {(r.currency, r.day.isoformat()): Decimal(str(r.rate)) for r in ExchangeRate.select()}


def test_an_admin_sets_a_rate_audited_and_undoable(run):
    today = NOW.date().isoformat()
    result = run(c.SetRate(currency="eur", rate="1.08", base="USD"), as_="admin")
    assert isinstance(result, RateSet) and "1 EUR = 1.08 USD" in result.message
    assert stored() == {("EUR", today): Decimal("1.08")}
    audit = AuditLog.get(AuditLog.entity == "exchange_rates")
    assert (audit.action, audit.op, audit.before) == ("set_rate", "create", None) and '"rate": "1.08' in audit.after

    again = run(c.SetRate(currency="EUR", rate="1.1"), as_="admin")  # the same day: replaces it
    assert isinstance(again, RateSet) and stored() == {("EUR", today): Decimal("1.1")}
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert stored() == {("EUR", today): Decimal("1.08")}
    assert isinstance(run(c.Undo(), as_="admin"), Undone)
    assert stored() == {}


def test_a_rate_quoted_the_other_way_is_kept_to_the_base(run):
    run(c.SetRate(currency="USD", rate="0.8", base="GBP"), as_="admin")
    assert stored() == {("GBP", NOW.date().isoformat()): Decimal("1.25")}
    refused = run(c.SetRate(currency="EUR", rate="0.85", base="GBP"), as_="admin")
    assert isinstance(refused, Rejected) and "base currency, USD" in refused.message


@pytest.mark.parametrize("who", ["maria", "manager"])
def test_only_admins_set_rates(run, who):
    before = database_state()
    refused = run(c.SetRate(currency="EUR", rate="1.08"), as_=who)
    assert isinstance(refused, Rejected) and "can't do that" in refused.message
    assert database_state() == before


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "nan", "1e12"])
def test_a_bad_rate_writes_nothing(run, rate):
    before = database_state()
    assert isinstance(run(c.SetRate(currency="EUR", rate=rate), as_="admin"), Rejected)
    assert database_state() == before


def test_the_converter_takes_the_latest_rate_on_or_before_the_day(run):
    day = NOW.date()
    for offset, rate in ((-10, "1.05"), (-3, "1.08"), (2, "1.2")):
        run(c.SetRate(currency="EUR", rate=rate, day=(day + timedelta(days=offset)).isoformat()), as_="admin")
    to_base = Converter(day, "USD")
    assert to_base("EUR", Decimal("20000")) == ("USD", Decimal("21600.00"))
    assert to_base("THB", Decimal("5")) == ("THB", Decimal("5"))  # no rate: kept apart
    assert to_base("USD", 7) == ("USD", Decimal("7"))
    assert to_base.note() == f"converted to USD at rates of {(day - timedelta(days=3)).isoformat()}"
    assert Converter(day - timedelta(days=20), "USD")("EUR", 1) == ("EUR", Decimal("1"))


def rates_in(db_file) -> set[tuple[str, str, str]]:
    with sqlite3.connect(db_file) as connection:
        return {(day, cur, str(rate)) for day, cur, rate in
                connection.execute("SELECT day, currency, rate FROM exchange_rates")}


def test_rates_import_writes_every_row_or_none(crm, tmp_path):  # noqa: F811
    assert crm("db", "upgrade").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("date,currency,rate\n2026-11-30,EUR,1.08\n2026-13-01,GBP,1.27\n2026-11-30,XYZ,2\n"
                   "2026-11-30,JPY,-1\n", encoding="utf-8")
    refused = crm("rates", "import", str(bad))
    assert refused.returncode == 2 and "3 bad row(s); nothing was imported" in refused.stderr
    assert "line 3:" in refused.stderr and "line 4:" in refused.stderr and "line 5:" in refused.stderr
    assert count(crm.db_file, "exchange_rates") == 0

    good = tmp_path / "rates.csv"
    good.write_text("date,currency,rate\n2026-11-30,EUR,1.08\n2026-11-30,gbp,1.27\n2026-12-01,EUR,1.09\n",
                    encoding="utf-8")
    done = crm("rates", "import", str(good))
    assert done.returncode == 0 and "Imported 3 exchange rate(s)" in done.stdout, done.stderr
    assert {(d, cur) for d, cur, _ in rates_in(crm.db_file)} == {
        ("2026-11-30", "EUR"), ("2026-11-30", "GBP"), ("2026-12-01", "EUR")}
    assert count(crm.db_file, "audit_log") == 3
    listed = crm("rates", "list")
    latest_eur = "1.09" if date.today() >= date(2026, 12, 1) else "1.08"
    assert f"EUR\t{latest_eur} USD" in listed.stdout and "GBP\t1.27 USD\t2026-11-30" in listed.stdout


def test_orders_recorded_before_currencies_get_the_deployment_currency(database, monkeypatch):
    """Migration 0025 backfills every order with CRM_CURRENCY (what they were imported in) and stores new ones'."""
    from peewee import SqliteDatabase

    from crm_core import migrate
    from crm_core.models import ALL_MODELS, Order
    from crm_core.settings import get_settings
    every = migrate.available()
    for model in reversed(ALL_MODELS):
        cascade = "" if isinstance(database, SqliteDatabase) else " CASCADE"
        database.execute_sql(f'DROP TABLE IF EXISTS "{model._meta.table_name}"{cascade}')
    database.execute_sql('DROP TABLE IF EXISTS "schema_migrations"')
    monkeypatch.setattr(migrate, "available", lambda: [name for name in every if name < "0025"])
    migrate.upgrade(database)
    database.execute_sql("INSERT INTO customers (name, name_norm, is_lead, outreach_opt_in, support_new_ticket, "
                         "created_at, updated_at) "
                         "VALUES ('Acme', 'acme', false, true, false, '2026-01-01', '2026-01-01')")
    database.execute_sql("INSERT INTO orders (customer_id, date, amount, created_at) "
                         "VALUES (1, '2026-01-02', 1234.56, '2026-01-02')")
    monkeypatch.setenv("CRM_CURRENCY", "GBP")
    get_settings.cache_clear()
    try:
        monkeypatch.setattr(migrate, "available", lambda: every)
        migrate.upgrade(database)
        order = Order.get()
        assert (order.currency, order.amount) == ("GBP", Decimal("1234.56"))
        added = Order.create(customer=order.customer_id, date=date(2026, 1, 3), amount=Decimal("0.10"))
        assert added.currency == "GBP"
    finally:
        get_settings.cache_clear()
