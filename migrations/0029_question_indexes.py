"""Indexes the questions of issue 14 read at scale (item 7): "deals with no activity in 30 days" reads the customers
active since a moment once from activities (occurred_at, customer_id) instead of probing each open deal's customer."""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

INDEXES = (
    "CREATE INDEX IF NOT EXISTS activities_occurred_at_customer ON activities (occurred_at, customer_id)",
)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    for statement in INDEXES:
        db.execute_sql(statement)
