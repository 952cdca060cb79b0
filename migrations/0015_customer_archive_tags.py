"""Customers can be archived (archived_at: hidden from lists and top customers, still found by name) and
carry tags (comma-separated, lower-case, e.g. "partner,eu")."""
from __future__ import annotations

from peewee import CharField, Database, DateTimeField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(
        migrator.add_column("customers", "archived_at", DateTimeField(null=True)),
        migrator.add_column("customers", "tags", CharField(max_length=500, null=True)),
    )
