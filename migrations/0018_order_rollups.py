"""Order rollups (issue 14, speed at scale): per customer and month, per customer, and per month, the number of
orders, their sum in cents (and each customer's last order's day), so "top customers", "revenue by month" and "haven't ordered since
June" read a few rows instead of summing a million orders per question.

The database keeps them: triggers on orders add and take away on every INSERT, UPDATE and DELETE (an import, the
demo, a merge moving orders and its undo, a customer's deletion cascading to its orders, raw SQL), and a TRUNCATE of
orders empties them. PostgreSQL's triggers run once per statement over its transition tables (a million-row import
is one grouped upsert); SQLite's once per row. The rollups are backfilled from the orders already stored; the
triggers are crm_core.services.order_rollups' (one definition, re-installed by every upgrade: SQLite drops a
table's triggers when a migration rebuilds it).
"""
from __future__ import annotations

from peewee import BigIntegerField, Database, DateField, IntegerField, Model
from playhouse.migrate import SchemaMigrator



class OrderMonth(Model):  # frozen copy of crm_core.services.order_rollups.OrderMonth as of this migration
    customer_id = IntegerField()
    month = DateField()
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        table_name = "order_months"
        primary_key = False
        indexes = ((("customer_id", "month"), True), (("month", "customer_id", "revenue_cents", "orders"), False))


class OrderTotal(Model):  # frozen copy of crm_core.services.order_rollups.OrderTotal as of this migration
    customer_id = IntegerField(primary_key=True)
    orders = IntegerField()
    revenue_cents = BigIntegerField()
    last_order = DateField(null=True)  # null only for a moment, while the last order goes

    class Meta:
        table_name = "order_totals"
        indexes = ((("last_order",), False),)


class OrderMonthTotal(Model):  # frozen copy of crm_core.services.order_rollups.OrderMonthTotal as of this migration
    month = DateField(primary_key=True)
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        table_name = "order_month_totals"


INDEXES = (
    # most first, ties by id: "top customers" reads the first rows of the index
    "CREATE INDEX IF NOT EXISTS order_totals_revenue_rank ON order_totals (revenue_cents DESC, customer_id)",
    "CREATE INDEX IF NOT EXISTS order_totals_orders_rank ON order_totals (orders DESC, customer_id)",
    # the period questions read whole months from the rollup and the days at either end from here
    "CREATE INDEX IF NOT EXISTS orders_date_customer_amount ON orders (date, customer_id, amount)",
    # customer lists are by name, a page at a time; "archived customers left out" is a lookup, not a scan
    "CREATE INDEX IF NOT EXISTS customers_name ON customers (name)",
    "CREATE INDEX IF NOT EXISTS customers_archived_at ON customers (archived_at)",
    # every customer's won deals summed (top customers by orders plus won deals) without reading the deals
    "CREATE INDEX IF NOT EXISTS deals_stage_customer_amount ON deals (stage, customer_id, amount)",
)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([OrderMonth, OrderTotal, OrderMonthTotal]):
        db.create_tables([OrderMonth, OrderTotal, OrderMonthTotal])
    # the triggers and the sums come with migration 0030, which rebuilds these tables per currency: the live
    # definitions (crm_core.services.order_rollups) read orders.currency, which this database lacks until 0025
    for statement in INDEXES:
        db.execute_sql(statement)


