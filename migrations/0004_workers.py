"""Workers: where each user wants their notifications, and one row per scheduled job run and time slot."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, Model, TextField
from playhouse.migrate import SchemaMigrator, migrate

from crm_core.models import utcnow


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    class SchedulerRun(Model):
        id = AutoField()
        job = CharField(max_length=64)
        slot = CharField(max_length=32)
        status = CharField(max_length=16, default="running")
        claimed_by = CharField(max_length=128, default="")
        started_at = DateTimeField(default=utcnow)
        finished_at = DateTimeField(null=True)
        error = TextField(null=True)

        class Meta:
            table_name = "scheduler_runs"
            indexes = ((("job", "slot"), True), (("status", "started_at"), False))

    migrate(migrator.add_column("users", "notify_via", CharField(max_length=16, null=True)))
    with db.bind_ctx([SchedulerRun]):
        db.create_tables([SchedulerRun])
