"""The order rollups (migration 0018) stay equal to the orders through every writer - an import, the demo, a merge
and its undo, a deletion, an edit - and the questions that read them (top customers, revenue by month, customers
who haven't ordered since a day) answer what a plain query over the orders answers, on SQLite and PostgreSQL."""
from __future__ import annotations

import sys
import types
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from peewee import SqliteDatabase

from crm_core import commands as c
from crm_core import migrate
from crm_core.db import database as bound
from crm_core.demo import load_demo
from crm_core.imports import import_orders
from crm_core.models import Customer, Deal, Order
from crm_core.money import money
from crm_core.paging import MOST
from crm_core.results import CustomersMerged, Table, TopCustomers, Undone

from .conftest import NOW


def _sql(sql: str, params: tuple = ()) -> list[tuple]:
    sql = sql.replace("?", bound.obj.param)
    return bound.obj.execute_sql(sql, params).fetchall()


def _day(value) -> str:
    return str(value)[:10]


def _cents(value) -> int:
    return int((Decimal(str(value)) * 100).quantize(Decimal(1)))


def assert_rollups_match_the_orders() -> None:
    orders = _sql("SELECT customer_id, currency, date, amount FROM orders")
    totals: dict[tuple[int, str], list] = defaultdict(lambda: [0, 0, ""])
    months: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for customer_id, currency, day, amount in orders:
        total, month = totals[(customer_id, currency)], months[(customer_id, _day(day)[:7], currency)]
        total[0], total[1], total[2] = total[0] + 1, total[1] + _cents(amount), max(total[2], _day(day))
        month[0], month[1] = month[0] + 1, month[1] + _cents(amount)
    stored = {(cid, cur): [n, int(cents), _day(last)] for cid, cur, n, cents, last in
              _sql("SELECT customer_id, currency, orders, revenue_cents, last_order FROM order_totals")}
    assert stored == dict(totals)
    stored_months = {(cid, _day(month)[:7], cur): [n, int(cents)] for cid, month, cur, n, cents in
                     _sql("SELECT customer_id, month, currency, orders, revenue_cents FROM order_months")}
    assert stored_months == dict(months)
    everyone: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (_, month, currency), (n, cents) in months.items():
        everyone[(month, currency)][0] += n
        everyone[(month, currency)][1] += cents
    assert {(_day(month)[:7], cur): [n, int(cents)] for month, cur, n, cents in
            _sql("SELECT month, currency, orders, revenue_cents FROM order_month_totals")} == dict(everyone)


def _expected_top(metric: str, since: date | None, until: date | None, limit: int) -> list[tuple[int, float]]:
    """The ranking straight from orders (and won deals for revenue), as a person would write the query."""
    order_days, deal_days, params = "", "", []
    if since:
        order_days += " AND date >= ?"
        params.append(since.isoformat())
    if until:
        order_days += " AND date <= ?"
        params.append(until.isoformat())
    if metric == "orders":
        rows = _sql(f"SELECT o.customer_id, COUNT(*) AS v FROM orders o JOIN customers cu ON cu.id = o.customer_id "
                    f"WHERE cu.archived_at IS NULL{order_days} GROUP BY o.customer_id ORDER BY v DESC, o.customer_id "
                    f"LIMIT {limit}", tuple(params))
        return [(cid, float(v)) for cid, v in rows]
    won_params = []
    if since:
        deal_days += " AND closed_at >= ?"
        won_params.append(since.isoformat())
    if until:
        deal_days += " AND closed_at < ?"
        won_params.append((until + timedelta(days=1)).isoformat())
    money = defaultdict(Decimal)
    for cid, amount in _sql(f"SELECT customer_id, amount FROM orders WHERE 1 = 1{order_days}", tuple(params)) + \
            _sql(f"SELECT customer_id, amount FROM deals WHERE stage = 'won'{deal_days}", tuple(won_params)):
        money[cid] += Decimal(str(amount))
    archived = {cid for (cid,) in _sql("SELECT id FROM customers WHERE archived_at IS NOT NULL")}
    ranked = sorted(((cid, total) for cid, total in money.items() if cid not in archived), key=lambda r: (-r[1], r[0]))
    return [(cid, float(total)) for cid, total in ranked[:limit]]


def _periods() -> list[tuple[date | None, date | None]]:
    first, last = (date.fromisoformat(_day(d)) for d in _sql("SELECT MIN(date), MAX(date) FROM orders")[0])
    middle = first + (last - first) / 2
    return [(None, None), (first + timedelta(days=17), None), (None, last - timedelta(days=9)),
            (first + timedelta(days=40), last - timedelta(days=20)), (middle, middle + timedelta(days=6)),
            (middle.replace(day=1), None)]


def assert_questions_match_the_orders(run) -> None:
    for since, until in _periods():
        for metric in ("revenue", "orders"):
            said = dict(since=since.isoformat() if since else None, until=until.isoformat() if until else None)
            result = run(c.ShowTopCustomers(limit=15, metric=metric, **said), as_="admin")
            assert isinstance(result, TopCustomers), result
            got = [(row.customer_id, round(row.value, 2)) for row in result.rows]
            assert got == [(cid, round(v, 2)) for cid, v in _expected_top(metric, since, until, 15)], (metric, said)
    _assert_revenue_by_month(run)
    _assert_no_order_since(run)


def _assert_revenue_by_month(run) -> None:
    """Everyone's (admin) and one rep's (the customers she owns) orders by month."""
    maria = _sql("SELECT id FROM users WHERE name = 'Maria Lopez'")[0][0]
    for (since, until), who in zip(_periods()[3:5] * 2, ("admin", "admin", "maria", "maria")):
        table = run(c.ShowReport(report="revenue", since=since.isoformat(), until=until.isoformat()), as_=who)
        assert isinstance(table, Table), table
        sums = defaultdict(Decimal)
        owned = " AND customer_id IN (SELECT id FROM customers WHERE owner_id = ?)" if who == "maria" else ""
        for day, amount in _sql(f"SELECT date, amount FROM orders WHERE date >= ? AND date <= ?{owned}",
                                (since.replace(day=1).isoformat(), until.isoformat(), *((maria,) if owned else ()))):
            sums[_day(day)[:7]] += Decimal(str(amount))
        assert {row[0]: row[-1] for row in table.rows} == {month: round(float(sums[month]), 2)
                                                           for month in (row[0] for row in table.rows)}
        assert sum(row[-1] for row in table.rows) == pytest.approx(float(sum(sums.values())), abs=0.01)


def _assert_no_order_since(run) -> None:
    since = _periods()[4][0]
    table = run(c.ListCustomers(no_order_since=since.isoformat()), as_="admin")
    assert isinstance(table, Table), table
    expected = _sql("SELECT cu.name, (SELECT MAX(o.date) FROM orders o WHERE o.customer_id = cu.id) FROM customers cu "
                    "WHERE cu.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = cu.id "
                    f"AND o.date >= ?) ORDER BY cu.name LIMIT {MOST}", (since.isoformat(),))
    assert [(row[0], row[5]) for row in table.rows] == [(name, _day(last) if last else None) for name, last in expected]


def _orders_csv(tmp_path, customers) -> str:
    lines = ["customer,date,amount"]
    start = date(2025, 1, 3)
    for i in range(300):
        name = list(customers.values())[i % len(customers)].name if i % 7 else f"New Buyer {i % 11}"
        lines.append(f"{name},{start + timedelta(days=(i * 5) % 600)},{(i * 37) % 900 + 0.15:.2f}")
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_an_import_and_its_repeat_keep_the_rollups_and_the_answers(database, run, customers, tmp_path):
    path = _orders_csv(tmp_path, customers)
    assert import_orders(path).created > 0
    Deal.create(customer=customers["globex"], title="Big one", amount=2500, stage="won", closed_at=NOW)
    Customer.update(archived_at=NOW).where(Customer.id == customers["muller"].id).execute()
    assert_rollups_match_the_orders()
    assert_questions_match_the_orders(run)
    assert import_orders(path).created == 0
    assert_rollups_match_the_orders()


def test_the_demo_keeps_the_rollups_and_the_answers(database, run, team):
    load_demo()
    assert_rollups_match_the_orders()
    assert_questions_match_the_orders(run)


def test_a_merge_and_its_undo_move_the_sums_with_the_orders(database, run, customers, tmp_path):
    import_orders(_orders_csv(tmp_path, customers))
    before = _sql("SELECT customer_id, orders, revenue_cents FROM order_totals ORDER BY customer_id")

    merged = run(c.MergeCustomers(customer="Acme Labs", into="Acme Corporation"), as_="manager")
    assert isinstance(merged, CustomersMerged), merged
    assert not _sql("SELECT 1 FROM order_totals WHERE customer_id = ?", (customers["acme_labs"].id,))
    assert_rollups_match_the_orders()
    assert_questions_match_the_orders(run)

    undone = run(c.Undo(), as_="manager")
    assert isinstance(undone, Undone), undone
    assert _sql("SELECT customer_id, orders, revenue_cents FROM order_totals ORDER BY customer_id") == before
    assert_rollups_match_the_orders()
    assert_questions_match_the_orders(run)


def test_edits_and_deletions_of_orders_and_customers_take_their_sums_away(database, run, customers, tmp_path):
    import_orders(_orders_csv(tmp_path, customers))
    some = Order.select().where(Order.customer == customers["acme"].id).order_by(Order.date).limit(3)
    first, second, third = list(some)
    Order.update(amount=Decimal("12.34"), date=first.date - timedelta(days=400)).where(Order.id == first.id).execute()
    Order.update(customer=customers["globex"].id).where(Order.id == second.id).execute()
    Order.delete().where(Order.id == third.id).execute()
    assert_rollups_match_the_orders()
    customers["acme_labs"].delete_instance()  # its orders go by the foreign key's cascade
    assert_rollups_match_the_orders()
    assert_questions_match_the_orders(run)


def test_an_upgrade_puts_back_the_triggers_a_rebuilt_orders_table_lost(database, run, customers, monkeypatch):
    """SQLite rebuilds a table to alter it, and the triggers go with the old one: every upgrade puts them back."""
    for event in ("insert", "delete", "update"):
        database.execute_sql(f"DROP TRIGGER order_rollup_{event}" if isinstance(database, SqliteDatabase)
                             else f"DROP TRIGGER order_rollup_{event} ON orders")
    monkeypatch.setitem(sys.modules, "migrations.9999_rebuilds_orders", types.SimpleNamespace(upgrade=lambda *_: None))
    every = migrate.available()
    monkeypatch.setattr(migrate, "available", lambda: [*every, "9999_rebuilds_orders"])
    assert migrate.upgrade(database) == ["9999_rebuilds_orders"]
    Order.create(customer=customers["acme"], date=NOW.date(), amount=Decimal("7.50"))
    assert_rollups_match_the_orders()


def _mixed_csv(tmp_path, customers) -> str:
    """Orders in dollars, euros (rated) and baht (no rate), with a bad currency code on two rows."""
    lines = ["customer,date,amount,currency"]
    start, codes = date(2025, 1, 3), ("USD", "EUR", "eur", "", "THB")
    for i in range(240):
        name = list(customers.values())[i % len(customers)].name
        lines.append(f"{name},{start + timedelta(days=(i * 7) % 500)},{(i * 53) % 700 + 0.35:.2f},{codes[i % 5]}")
    lines += [f"{list(customers.values())[0].name},2025-02-01,10.00,EURO", f"Nobody,2025-02-01,10.00,X1"]
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _expected_converted(since: date | None, until: date | None, eur: Decimal) -> dict[int, tuple[Decimal, Decimal]]:
    """Per customer: dollars (orders and won deals, euros converted per customer at `eur`) and baht apart."""
    days, params = "", []
    if since:
        days, params = days + " AND date >= ?", [*params, since.isoformat()]
    if until:
        days, params = days + " AND date <= ?", [*params, until.isoformat()]
    per_currency = defaultdict(Decimal)
    for cid, currency, amount in _sql(f"SELECT customer_id, currency, amount FROM orders WHERE 1 = 1{days}",
                                      tuple(params)):
        per_currency[(cid, currency)] += Decimal(str(amount))
    out: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for (cid, currency), amount in per_currency.items():
        if currency == "THB":
            out[cid][1] += amount
        else:
            out[cid][0] += (amount * eur).quantize(Decimal("0.01")) if currency == "EUR" else amount
    return {cid: (usd, thb) for cid, (usd, thb) in out.items()}


def test_orders_in_currencies_are_ranked_and_summed_converted_never_raw(database, run, customers, tmp_path):
    from crm_core.models import ExchangeRate
    report = import_orders(_mixed_csv(tmp_path, customers))
    assert report.created == 240 and len(report.bad_rows) == 2
    assert all("currency" in bad.reason for bad in report.bad_rows)
    assert {cur for (cur,) in _sql("SELECT DISTINCT currency FROM orders")} == {"USD", "EUR", "THB"}
    ExchangeRate.create(day=date(2024, 12, 1), currency="EUR", base="USD", rate=Decimal("1.2"),
                        source="import")
    assert_rollups_match_the_orders()
    for since, until in _periods():
        said = dict(since=since.isoformat() if since else None, until=until.isoformat() if until else None)
        result = run(c.ShowTopCustomers(limit=5, metric="revenue", **said), as_="admin")
        assert isinstance(result, TopCustomers), result
        expected = _expected_converted(since, until, Decimal("1.2"))
        ranked = sorted(expected.items(), key=lambda kv: (-kv[1][0], kv[0]))[:5]
        assert [(row.customer_id, round(row.value, 2), row.apart) for row in result.rows] == [
            (cid, float(usd), (("THB", float(thb)),) if thb else ()) for cid, (usd, thb) in ranked], said
        assert result.rates_note == "converted to USD at rates of 2024-12-01"
    since, until = _periods()[3]
    table = run(c.ShowReport(report="revenue", since=since.isoformat(), until=until.isoformat()), as_="admin")
    sums, baht = defaultdict(Decimal), defaultdict(Decimal)
    for day, currency, amount in _sql("SELECT date, currency, SUM(amount) FROM orders WHERE date >= ? AND date <= ? "
                                      "GROUP BY date, currency", (since.replace(day=1).isoformat(), until.isoformat())):
        (baht if currency == "THB" else sums)[(_day(day)[:7], currency)] += Decimal(str(amount))
    months = {row[0] for row in table.rows}
    usd = {m: sums[(m, "USD")] + (sums[(m, "EUR")] * Decimal("1.2")).quantize(Decimal("0.01")) for m in months}
    assert {row[0]: row[-1] for row in table.rows} == {m: float(usd[m]) for m in months}
    notes = " ".join(table.notes)
    assert "In THB (no exchange rate)" in notes and "converted to USD at rates of" in notes
    assert all(money(amount, "THB") in notes for (m, _cur), amount in baht.items() if m in months and amount)


def test_the_console_says_unrated_revenue_apart_in_top_customers(database, run, customers):
    from bots import console
    Order.create(customer=customers["acme"], date=NOW.date() - timedelta(days=3), amount=Decimal("100.00"),
                 currency="USD")
    Order.create(customer=customers["acme"], date=NOW.date() - timedelta(days=2), amount=Decimal("300.00"),
                 currency="THB")
    text = console.render(run(c.ShowTopCustomers(limit=5, metric="revenue"), as_="admin"))
    assert "100.00 + " + money(300, "THB") in text


def test_all_time_top_by_orders_counts_every_currency_and_skips_the_archived(database, run, customers):
    """Orders in euros put Müller ahead of dollar-only customers with more dollar orders; an archived customer
    with the most orders is left out: the same ranking a plain query over the orders gives."""
    for key, count, currency in (("acme", 3, "USD"), ("globex", 2, "USD"), ("muller", 1, "USD"),
                                 ("muller", 3, "EUR"), ("acme_labs", 5, "USD")):
        for i in range(count):
            Order.create(customer=customers[key].id, date=date(2026, 3, 1 + i), amount=10, currency=currency)
    Customer.update(archived_at=NOW).where(Customer.id == customers["acme_labs"].id).execute()
    result = run(c.ShowTopCustomers(limit=2, metric="orders"), as_="admin")
    assert isinstance(result, TopCustomers), result
    got = [(row.customer_id, row.value) for row in result.rows]
    assert got == _expected_top("orders", None, None, 2) == [(customers["muller"].id, 4.0), (customers["acme"].id, 3.0)]
