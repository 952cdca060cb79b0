"""Outreach: one row per campaign, and the campaign's outbox rows marked so they are counted by index."""
from __future__ import annotations

from peewee import (
    AutoField, CharField, Database, DateTimeField, ForeignKeyField, IntegerField, Model, TextField,
)
from playhouse.migrate import SchemaMigrator, migrate

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class User(Model):
        id = AutoField()

        class Meta:
            table_name = "users"

    class OutreachCampaign(Model):
        id = AutoField()
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL", index=True)
        segment = CharField(max_length=16)
        message = TextField()
        total = IntegerField(default=0)
        in_segment = IntegerField(default=0)
        created_at = DateTimeField(default=utcnow)
        finished_at = DateTimeField(null=True)
        noticed_at = DateTimeField(null=True)
        noticed_done = IntegerField(default=0)

        class Meta:
            table_name = "outreach_campaigns"
            indexes = ((("finished_at", "created_at"), False),)

    migrate(
        migrator.add_column("outbox", "campaign_id", IntegerField(null=True)),
        migrator.add_index("outbox", ("campaign_id",), False),
    )
    with db.bind_ctx([User, OutreachCampaign]):
        db.create_tables([OutreachCampaign])
