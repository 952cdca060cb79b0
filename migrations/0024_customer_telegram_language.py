"""The language a customer writes to the Telegram bot in (en, zh): their acknowledgements, notices and rating
requests are sent in it, also when the worker sends them later."""
from __future__ import annotations

from peewee import CharField, Database
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("customers", "telegram_language", CharField(max_length=16, null=True)))
