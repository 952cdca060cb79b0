"""Digests: one scheduled digest subscription per manager."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, ForeignKeyField, IntegerField, Model
from playhouse.migrate import SchemaMigrator

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "users"

    class DigestSubscription(Model):
        id = AutoField()
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        frequency = CharField(max_length=8, default="daily")
        local_time = CharField(max_length=5, default="08:00")
        weekday = IntegerField(null=True)
        via = CharField(max_length=16, null=True)
        last_sent_at = DateTimeField(null=True)
        created_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "digest_subscriptions"

    with db.bind_ctx([User, DigestSubscription]):
        db.create_tables([DigestSubscription])
