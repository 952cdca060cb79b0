"""Recurring reminders: the RRULE a pending reminder repeats by ("FREQ=WEEKLY;BYDAY=MO"), null for a one-off."""
from __future__ import annotations

from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("reminders", "recurrence", CharField(max_length=200, null=True)))
