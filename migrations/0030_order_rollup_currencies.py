"""Order rollups per currency (issue 15 item 8, issue 14 item 6): migration 0018's sums added the amounts of every
currency up raw, so "top customers" and "revenue by month" summed dollars with euros. The three rollups are
rebuilt with a currency in their keys (they are derived rows: dropped, recreated and backfilled from the orders),
and the triggers (crm_core.services.order_rollups, re-installed by every upgrade) keep them per currency."""
from __future__ import annotations

from peewee import BigIntegerField, CharField, CompositeKey, Database, DateField, IntegerField, Model
from playhouse.migrate import SchemaMigrator

from crm_core.services import order_rollups


class OrderMonth(Model):  # frozen copy of crm_core.services.order_rollups.OrderMonth as of this migration
    customer_id = IntegerField()
    month = DateField()
    currency = CharField(max_length=3)
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        table_name = "order_months"
        primary_key = False
        indexes = ((("customer_id", "month", "currency"), True),
                   (("month", "customer_id", "currency", "revenue_cents", "orders"), False))


class OrderTotal(Model):  # frozen copy of crm_core.services.order_rollups.OrderTotal as of this migration
    customer_id = IntegerField()
    currency = CharField(max_length=3)
    orders = IntegerField()
    revenue_cents = BigIntegerField()
    last_order = DateField(null=True)

    class Meta:
        table_name = "order_totals"
        primary_key = CompositeKey("customer_id", "currency")
        indexes = ((("last_order",), False),)


class OrderMonthTotal(Model):  # frozen copy of crm_core.services.order_rollups.OrderMonthTotal as of this migration
    month = DateField()
    currency = CharField(max_length=3)
    orders = IntegerField()
    revenue_cents = BigIntegerField()

    class Meta:
        table_name = "order_month_totals"
        primary_key = CompositeKey("month", "currency")


INDEXES = (
    # most first within a currency, ties by id: "top customers" reads the first base-currency rows of the index
    "CREATE INDEX IF NOT EXISTS order_totals_revenue_rank ON order_totals (currency, revenue_cents DESC, customer_id)",
    "CREATE INDEX IF NOT EXISTS order_totals_orders_rank ON order_totals (currency, orders DESC, customer_id)",
)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    models = [OrderMonth, OrderTotal, OrderMonthTotal]
    with db.bind_ctx(models):
        db.drop_tables(models, safe=True)
        db.create_tables(models)
    order_rollups.install_triggers(db)  # the live definition: `crm db upgrade` re-installs it after every run
    order_rollups.backfill(db)
    for statement in INDEXES:
        db.execute_sql(statement)
