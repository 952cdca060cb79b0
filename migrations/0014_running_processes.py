"""The bots, workers and schedulers record themselves while they run, so `crm restore` can refuse."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, IntegerField, Model
from playhouse.migrate import SchemaMigrator


class RunningProcess(Model):  # frozen copy of crm_core.models.RunningProcess as of this migration
    id = AutoField()
    kind = CharField(max_length=32)
    pid = IntegerField()
    host = CharField(max_length=255)
    started_at = DateTimeField()
    heartbeat_at = DateTimeField()

    class Meta:
        table_name = "running_processes"


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([RunningProcess]):
        db.create_tables([RunningProcess])
