"""Telegram: one-time invite codes, the bot's own username, /new on customers, when a ticket was rated."""
from __future__ import annotations

from peewee import (
    AutoField, BigIntegerField, BooleanField, CharField, Database, DateTimeField, ForeignKeyField, Model,
)
from playhouse.migrate import SchemaMigrator, migrate

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "users"

    class Customer(Model):
        id = AutoField()

        class Meta:
            table_name = "customers"

    class TelegramInvite(Model):
        id = AutoField()
        code = CharField(max_length=64, unique=True)
        customer = ForeignKeyField(Customer, on_delete="CASCADE", index=True)
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField(default=utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        used_by = BigIntegerField(null=True)

        class Meta:
            table_name = "telegram_invites"

    class BotIdentity(Model):
        id = AutoField()
        platform = CharField(max_length=16, unique=True)
        username = CharField(max_length=64)
        bot_id = CharField(max_length=64, null=True)
        updated_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "bot_identities"

    migrate(
        migrator.add_column("customers", "support_new_ticket", BooleanField(default=False)),
        migrator.add_column("tickets", "csat_at", DateTimeField(null=True)),
    )
    with db.bind_ctx([User, Customer, TelegramInvite, BotIdentity]):
        db.create_tables([TelegramInvite, BotIdentity])
