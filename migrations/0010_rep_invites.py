"""Reps on Telegram: an invite links either a customer or a teammate (`user`), so its customer is optional;
an index to prune old processed events by age."""
from __future__ import annotations

from peewee import AutoField, Database, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator, migrate


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "users"

    migrate(
        migrator.drop_not_null("telegram_invites", "customer_id"),
        migrator.add_column("telegram_invites", "user_id",
                            ForeignKeyField(User, null=True, on_delete="CASCADE", index=True, field=User.id)),
        migrator.add_index("processed_events", ("received_at",), False),
    )
