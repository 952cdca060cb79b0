"""Slack: the support channel's thread of each ticket (one thread per ticket)."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, ForeignKeyField, Model
from playhouse.migrate import SchemaMigrator

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class Ticket(Model):
        id = AutoField()

        class Meta:
            table_name = "tickets"

    class SlackTicketThread(Model):
        id = AutoField()
        ticket = ForeignKeyField(Ticket, unique=True, on_delete="CASCADE")
        channel = CharField(max_length=32)
        thread_ts = CharField(max_length=32, null=True)  # None while the first card is being posted
        claim = CharField(max_length=32)
        claimed_at = DateTimeField(default=utcnow)

        class Meta:
            table_name = "slack_ticket_threads"
            indexes = ((("channel", "thread_ts"), True),)

    with db.bind_ctx([Ticket, SlackTicketThread]):
        db.create_tables([SlackTicketThread])
