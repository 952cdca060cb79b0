"""Segment columns widen to 32 characters for the RFM map's names ("potential_loyalists").
SQLite does not enforce VARCHAR lengths, so only PostgreSQL needs the ALTER."""
from __future__ import annotations

from peewee import Database, PostgresqlDatabase
from playhouse.migrate import SchemaMigrator

SEGMENT_COLUMNS = (("customers", "segment"), ("segment_changes", "from_segment"),
                   ("segment_changes", "to_segment"), ("outreach_campaigns", "segment"))


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    if isinstance(db, PostgresqlDatabase):
        for table, column in SEGMENT_COLUMNS:
            db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE VARCHAR(32)')
