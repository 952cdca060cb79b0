"""Indexes for two questions of issue 14 at a million rows (item 7). "Deals with no activity in 30 days" reads
the open deals of each stage created before the cutoff and their customer, currency and amount from one index,
without visiting the table; "which customers are in seattle" compares lower(city) (crm_core.services.insights
.list_customers) and lists the live ones by name: the index answers the list in order and its count."""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

INDEXES = (
    "CREATE INDEX IF NOT EXISTS deals_stage_created_cover ON deals (stage, created_at, customer_id, currency, amount)",
    "CREATE INDEX IF NOT EXISTS customers_lower_city_name ON customers (lower(city), archived_at, name)",
)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    for statement in INDEXES:
        db.execute_sql(statement)
