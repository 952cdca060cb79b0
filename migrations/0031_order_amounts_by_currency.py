"""The analytics jobs' covering index of orders carries the currency (issue 16 item 2): once an order is in another
currency than CRM_CURRENCY, `crm score` and `crm segment` convert each amount by its currency
(crm_core.analytics.jobs_currency), and an index without the currency sends them to every order's table row.
(customer_id, date, amount, currency) answers all that the (customer_id, date, amount) index of migration 0003 did,
so that one goes."""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

ORDERS_INDEX = "order_customer_id_date_amount_currency"  # crm_core.analytics.jobs_read.ORDERS_INDEX
REPLACED = "order_customer_id_date_amount"  # migration 0003


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    db.execute_sql(f"CREATE INDEX IF NOT EXISTS {ORDERS_INDEX} ON orders (customer_id, date, amount, currency)")
    db.execute_sql(f"DROP INDEX IF EXISTS {REPLACED}")
