"""Dialogue state: the question the bot is waiting on, per user and conversation."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, ForeignKeyField, Model, TextField
from playhouse.migrate import SchemaMigrator

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "users"

    class Conversation(Model):
        id = AutoField()
        user = ForeignKeyField(User, on_delete="CASCADE")
        key = CharField(max_length=191)
        pending = TextField(null=True)
        updated_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "conversations"
            indexes = ((("user", "key"), True),)

    with db.bind_ctx([User, Conversation]):
        db.create_tables([Conversation])
