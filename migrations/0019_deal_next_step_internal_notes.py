"""A deal's next step ("send the revised quote"), and internal notes on tickets: teammates' messages that are
never sent to the customer (ticket_messages.internal)."""
from __future__ import annotations

from peewee import BooleanField, CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(
        migrator.add_column("deals", "next_step", CharField(max_length=300, null=True)),
        migrator.add_column("ticket_messages", "internal", BooleanField(default=False)),
    )
