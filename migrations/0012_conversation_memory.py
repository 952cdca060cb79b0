"""Conversation memory: what a conversation is about (customer, deal, ticket) and its last write, as JSON."""
from __future__ import annotations

from peewee import Database, TextField
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("conversations", "memory", TextField(null=True)))
