"""Teams and territories: a user belongs to a team (managers act for theirs) and may cover a territory."""
from __future__ import annotations

from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(
        migrator.add_column("users", "team", CharField(max_length=64, null=True)),
        migrator.add_column("users", "territory", CharField(max_length=64, null=True)),
        migrator.add_index("users", ("team",), False),
    )
