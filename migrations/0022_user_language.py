"""The language a user is answered in (en, zh); None: from their client and what they write."""
from __future__ import annotations

from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("users", "language", CharField(max_length=16, null=True)))
