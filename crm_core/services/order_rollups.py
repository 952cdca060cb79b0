"""Orders summed ahead of the question (issue 14, speed at scale; migration 0018): per customer and month, and
per customer, the number of orders, their sum in cents and the last order's day.

The database keeps the rollups, not the writers: triggers on orders add and take away on every INSERT, UPDATE and
DELETE (`crm import orders`, the demo, a merge and its undo, a customer's deletion cascading to its orders, raw
SQL), and a TRUNCATE of orders empties them. Cents are whole numbers on both backends, so a month's sum is the
sum of its orders exactly. order_month_totals holds every customer's orders of a month together. The models are not in crm_core.models.ALL_MODELS: they are derived rows that a merge
must not move, a backup need not audit and a test's truncation of orders empties.

`totals(since, until)` answers "per customer, within these days" from whole months of the rollup and the odd
days at either end from the orders themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import (SQL, BigIntegerField, CharField, CompositeKey, Database, DateField, IntegerField, Model, Select,
                    SqliteDatabase, fn)

from crm_core.db import database, rollup_triggers
from crm_core.models import Customer, Order


class OrderMonth(Model):
    customer_id = IntegerField()  # no foreign key: a merge moves the orders, the triggers move their sums
    month = DateField()  # the month's first day
    currency = CharField(max_length=3)  # sums are per currency (migration 0030): never added up raw
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        database = database
        table_name = "order_months"
        primary_key = False
        indexes = ((("customer_id", "month", "currency"), True),
                   (("month", "customer_id", "currency", "revenue_cents", "orders"), False))


class OrderTotal(Model):
    customer_id = IntegerField()
    currency = CharField(max_length=3)
    orders = IntegerField()
    revenue_cents = BigIntegerField()
    last_order = DateField(null=True)  # null only for a moment, while the last order goes

    class Meta:
        database = database
        table_name = "order_totals"
        primary_key = CompositeKey("customer_id", "currency")
        indexes = ((("last_order",), False),)  # and the rankings' (currency, … DESC, customer_id), migration 0030


class OrderMonthTotal(Model):
    """Every customer's orders of a month together: revenue by month reads 24 rows, not every customer's months."""
    month = DateField()
    currency = CharField(max_length=3)
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        database = database
        table_name = "order_month_totals"
        primary_key = CompositeKey("month", "currency")


# -- the triggers ------------------------------------------------------------------------------------------
SQLITE_MONTH = "date({}, 'start of month')"
SQLITE_CENTS = "CAST(ROUND({} * 100) AS INTEGER)"
PG_MONTH = "date_trunc('month', {})::date"
PG_CENTS = "ROUND({} * 100)::bigint"
CENTS = SQL("100.0")  # a literal: a field's converter would make a parameter 100 of it, and the division whole


def install_triggers(db: Database) -> None:
    """(Re)create the triggers on orders; idempotent. Run by every `crm db upgrade`."""
    for statement in SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else POSTGRES_TRIGGERS:
        db.execute_sql(statement)


def installed(db: Database) -> bool:
    """Whether orders and its rollups per currency exist (a database upgraded past migration 0030)."""
    if not (db.table_exists("orders") and db.table_exists(OrderTotal._meta.table_name)):
        return False
    return all("currency" in {c.name for c in db.get_columns(table)} for table in ("orders", "order_totals"))


def backfill(db: Database) -> None:
    """The rollups recomputed from every order."""
    month, cents = (SQLITE_MONTH, SQLITE_CENTS) if isinstance(db, SqliteDatabase) else (PG_MONTH, PG_CENTS)
    db.execute_sql("DELETE FROM order_months")
    db.execute_sql("DELETE FROM order_totals")
    db.execute_sql(f"INSERT INTO order_months (customer_id, month, currency, orders, revenue_cents) "
                   f"SELECT customer_id, {month.format('date')}, currency, COUNT(*), SUM({cents.format('amount')}) "
                   f"FROM orders GROUP BY customer_id, {month.format('date')}, currency")
    db.execute_sql(f"INSERT INTO order_totals (customer_id, currency, orders, revenue_cents, last_order) "
                   f"SELECT customer_id, currency, COUNT(*), SUM({cents.format('amount')}), MAX(date) FROM orders "
                   f"GROUP BY customer_id, currency")
    db.execute_sql("DELETE FROM order_month_totals")
    db.execute_sql("INSERT INTO order_month_totals (month, currency, orders, revenue_cents) "
                   "SELECT month, currency, SUM(orders), SUM(revenue_cents) FROM order_months GROUP BY month, currency")


def _sqlite_add(row: str) -> str:
    month, cents, currency = SQLITE_MONTH.format(f"{row}.date"), SQLITE_CENTS.format(f"{row}.amount"), f"{row}.currency"
    return (f"INSERT INTO order_months (customer_id, month, currency, orders, revenue_cents) "
            f"VALUES ({row}.customer_id, {month}, {currency}, 1, {cents}) "
            f"ON CONFLICT (customer_id, month, currency) DO UPDATE "
            f"SET orders = orders + 1, revenue_cents = revenue_cents + excluded.revenue_cents; "
            f"INSERT INTO order_totals (customer_id, currency, orders, revenue_cents, last_order) "
            f"VALUES ({row}.customer_id, {currency}, 1, {cents}, date({row}.date)) "
            f"ON CONFLICT (customer_id, currency) DO UPDATE "
            f"SET orders = orders + 1, revenue_cents = revenue_cents + excluded.revenue_cents, "
            f"last_order = max(last_order, excluded.last_order); "
            f"INSERT INTO order_month_totals (month, currency, orders, revenue_cents) "
            f"VALUES ({month}, {currency}, 1, {cents}) "
            f"ON CONFLICT (month, currency) DO UPDATE SET orders = orders + 1, "
            f"revenue_cents = revenue_cents + excluded.revenue_cents;")


def _sqlite_remove(row: str) -> str:
    month, cents, currency = SQLITE_MONTH.format(f"{row}.date"), SQLITE_CENTS.format(f"{row}.amount"), f"{row}.currency"
    this_month = f"customer_id = {row}.customer_id AND month = {month} AND currency = {currency}"
    this_total = f"customer_id = {row}.customer_id AND currency = {currency}"
    return (f"UPDATE order_months SET orders = orders - 1, revenue_cents = revenue_cents - {cents} "
            f"WHERE {this_month}; "
            f"DELETE FROM order_months WHERE {this_month} AND orders = 0; "
            f"UPDATE order_totals SET orders = orders - 1, revenue_cents = revenue_cents - {cents}, "
            f"last_order = (SELECT date(MAX(date)) FROM orders WHERE {this_total}) "
            f"WHERE {this_total}; "
            f"DELETE FROM order_totals WHERE {this_total} AND orders = 0; "
            f"UPDATE order_month_totals SET orders = orders - 1, revenue_cents = revenue_cents - {cents} "
            f"WHERE month = {month} AND currency = {currency}; "
            f"DELETE FROM order_month_totals WHERE month = {month} AND currency = {currency} AND orders = 0;")


SQLITE_TRIGGERS = (
    "DROP TRIGGER IF EXISTS order_rollup_insert",
    f"CREATE TRIGGER order_rollup_insert AFTER INSERT ON orders BEGIN {_sqlite_add('NEW')} END",
    "DROP TRIGGER IF EXISTS order_rollup_delete",
    f"CREATE TRIGGER order_rollup_delete AFTER DELETE ON orders BEGIN {_sqlite_remove('OLD')} END",
    "DROP TRIGGER IF EXISTS order_rollup_update",
    f"CREATE TRIGGER order_rollup_update AFTER UPDATE OF customer_id, date, amount, currency ON orders "
    f"BEGIN {_sqlite_remove('OLD')} {_sqlite_add('NEW')} END",
)

_PG_ADD = f"""
    INSERT INTO order_months (customer_id, month, currency, orders, revenue_cents)
    SELECT customer_id, {PG_MONTH.format('date')}, currency, COUNT(*), SUM({PG_CENTS.format('amount')}) FROM new_rows
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (customer_id, month, currency) DO UPDATE SET orders = order_months.orders + excluded.orders,
        revenue_cents = order_months.revenue_cents + excluded.revenue_cents;
    INSERT INTO order_totals (customer_id, currency, orders, revenue_cents, last_order)
    SELECT customer_id, currency, COUNT(*), SUM({PG_CENTS.format('amount')}), MAX(date) FROM new_rows
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (customer_id, currency) DO UPDATE SET orders = order_totals.orders + excluded.orders,
        revenue_cents = order_totals.revenue_cents + excluded.revenue_cents,
        last_order = GREATEST(order_totals.last_order, excluded.last_order);
    INSERT INTO order_month_totals (month, currency, orders, revenue_cents)
    SELECT {PG_MONTH.format('date')}, currency, COUNT(*), SUM({PG_CENTS.format('amount')}) FROM new_rows
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (month, currency) DO UPDATE SET orders = order_month_totals.orders + excluded.orders,
        revenue_cents = order_month_totals.revenue_cents + excluded.revenue_cents;"""
_PG_REMOVE = f"""
    UPDATE order_months m SET orders = m.orders - g.n, revenue_cents = m.revenue_cents - g.cents
    FROM (SELECT customer_id, {PG_MONTH.format('date')} AS month, currency, COUNT(*) AS n,
                 SUM({PG_CENTS.format('amount')}) AS cents FROM old_rows GROUP BY 1, 2, 3) g
    WHERE m.customer_id = g.customer_id AND m.month = g.month AND m.currency = g.currency;
    DELETE FROM order_months WHERE orders = 0 AND customer_id IN (SELECT customer_id FROM old_rows);
    UPDATE order_totals t SET orders = t.orders - g.n, revenue_cents = t.revenue_cents - g.cents,
        last_order = (SELECT MAX(o.date) FROM orders o WHERE o.customer_id = t.customer_id
                      AND o.currency = t.currency)
    FROM (SELECT customer_id, currency, COUNT(*) AS n, SUM({PG_CENTS.format('amount')}) AS cents FROM old_rows
          GROUP BY 1, 2) g
    WHERE t.customer_id = g.customer_id AND t.currency = g.currency;
    DELETE FROM order_totals WHERE orders = 0 AND customer_id IN (SELECT customer_id FROM old_rows);
    UPDATE order_month_totals m SET orders = m.orders - g.n, revenue_cents = m.revenue_cents - g.cents
    FROM (SELECT {PG_MONTH.format('date')} AS month, currency, COUNT(*) AS n, SUM({PG_CENTS.format('amount')}) AS cents
          FROM old_rows GROUP BY 1, 2) g
    WHERE m.month = g.month AND m.currency = g.currency;
    DELETE FROM order_month_totals WHERE orders = 0;"""


POSTGRES_TRIGGERS = rollup_triggers("orders", "order_rollup", _PG_REMOVE, _PG_ADD,
                                    "order_months, order_totals, order_month_totals")


# -- reading -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    """Days [since, until] as whole months [first_month, end_month) of the rollup plus odd days of orders."""
    first_month: date | None
    end_month: date | None  # exclusive
    odd_days: tuple[tuple[date | None, date | None], ...]  # inclusive ranges read from orders


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def split(since: date | None, until: date | None) -> Split:
    first = None if since is None else since if since.day == 1 else next_month(since)
    end = None if until is None else next_month(until) if next_month(until) - timedelta(days=1) == until \
        else month_start(until)
    if first is not None and end is not None and first >= end:
        return Split(first, first, ((since, until),))
    odd = []
    if since is not None and first != since:
        odd.append((since, first - timedelta(days=1)))
    if until is not None and end is not None and end <= until:
        odd.append((end, until))
    return Split(first, end, tuple(odd))


def cents(column):
    """`column` (money) in whole cents, as the triggers count it: integers sum faster than numerics, and exactly."""
    return fn.ROUND(column * 100).cast("INTEGER" if isinstance(database.obj, SqliteDatabase) else "BIGINT")


def cents_sum(column):
    return fn.SUM(cents(column))


def totals(since: date | None = None, until: date | None = None) -> Select:
    """customer_id and orders: how many orders each customer placed within [since, until], in any currency."""
    if since is None and until is None:
        return (OrderTotal.select(OrderTotal.customer_id, fn.SUM(OrderTotal.orders).alias("orders"))
                .group_by(OrderTotal.customer_id))
    parts = split(since, until)
    pieces = []
    if parts.first_month != parts.end_month:
        months = OrderMonth.select(OrderMonth.customer_id, OrderMonth.orders)
        if parts.first_month is not None:
            months = months.where(OrderMonth.month >= parts.first_month)
        if parts.end_month is not None:
            months = months.where(OrderMonth.month < parts.end_month)
        pieces.append(months)
    for start, end in parts.odd_days:
        pieces.append(_orders_within(start, end))
    union = pieces[0]
    for piece in pieces[1:]:
        union = union + piece  # UNION ALL
    placed = union.alias("rolled")
    return (Select([placed], [placed.c.customer_id, fn.SUM(placed.c.orders).alias("orders")])
            .group_by(placed.c.customer_id).bind(database))


def _orders_within(start: date | None, end: date | None) -> Select:
    query = Order.select(Order.customer.alias("customer_id"), fn.COUNT(Order.id).alias("orders"))
    if start is not None:
        query = query.where(Order.date >= start)
    if end is not None:
        query = query.where(Order.date <= end)
    return query.group_by(Order.customer)


def revenue(since: date | None = None, until: date | None = None, among: Select | None = None) -> Select:
    """customer_id, currency and cents rows whose sum per customer and currency is that customer's orders dated
    within [since, until] in that currency: a row per whole month from the rollup and per order on the odd days,
    left for the caller to group once. Of the customers `among` selects (their ids) when given."""
    if since is None and until is None:
        rows = OrderTotal.select(OrderTotal.customer_id, OrderTotal.currency, OrderTotal.revenue_cents.alias("cents"))
        return rows.where(OrderTotal.customer_id.in_(among)) if among is not None else rows
    parts = split(since, until)
    pieces = []
    if parts.first_month != parts.end_month:
        months = OrderMonth.select(OrderMonth.customer_id, OrderMonth.currency,
                                   OrderMonth.revenue_cents.alias("cents"))
        if parts.first_month is not None:
            months = months.where(OrderMonth.month >= parts.first_month)
        if parts.end_month is not None:
            months = months.where(OrderMonth.month < parts.end_month)
        pieces.append(months.where(OrderMonth.customer_id.in_(among)) if among is not None else months)
    for start, end in parts.odd_days:
        days = (Order.select(Order.customer.alias("customer_id"), Order.currency, cents(Order.amount).alias("cents"))
                .where((Order.date >= start) & (Order.date <= end)))
        pieces.append(days.where(Order.customer.in_(among)) if among is not None else days)
    union = pieces[0]
    for piece in pieces[1:]:
        union = union + piece  # UNION ALL
    return union


def by_month(since: date, until: date, owners: tuple[int, ...] | None = None) -> dict[tuple[date, str], int]:
    """Cents per month (its first day) and currency of the orders dated within [since, until]; only the customers
    these users own when `owners` is given. Never summed across currencies: the caller converts."""
    parts = split(since, until)
    sums: dict[tuple[date, str], int] = {}
    if owners is None:
        months = OrderMonthTotal.select(OrderMonthTotal.month, OrderMonthTotal.currency,
                                        OrderMonthTotal.revenue_cents).where(
            (OrderMonthTotal.month >= parts.first_month) & (OrderMonthTotal.month < parts.end_month))
    else:
        months = _owned_by(OrderMonth.select(OrderMonth.month, OrderMonth.currency, fn.SUM(OrderMonth.revenue_cents))
                           .where((OrderMonth.month >= parts.first_month) & (OrderMonth.month < parts.end_month))
                           .group_by(OrderMonth.month, OrderMonth.currency), OrderMonth.customer_id, owners)
    for month, currency, cents_ in months.tuples():
        sums[(_as_date(month), currency)] = int(cents_)
    for start, end in parts.odd_days:
        odd = (Order.select(Order.currency, cents_sum(Order.amount))
               .where((Order.date >= start) & (Order.date <= end)).group_by(Order.currency))
        for currency, cents_ in _owned_by(odd, Order.customer, owners).tuples():
            key = (month_start(start), currency)
            sums[key] = sums.get(key, 0) + int(cents_ or 0)
    return sums


def _owned_by(query: Select, customer_column, owners: tuple[int, ...] | None) -> Select:
    if owners is None:
        return query
    owned = Customer.select(Customer.id).where(Customer.owner.in_(owners))
    return query.where(customer_column.in_(owned))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
