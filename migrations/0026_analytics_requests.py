"""Analytics on demand (issue 15 item 9): a manager's "rescore now" / "resegment" is a row the worker claims,
reports progress on and answers from. At most one request of a kind is pending or running at a time (a partial
unique index), so a second "rescore now" while one runs finds it instead of starting another."""
from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, FloatField, ForeignKeyField, Model, TextField
from playhouse.migrate import SchemaMigrator


class User(Model):
    id = AutoField()

    class Meta:
        table_name = "users"


class AnalyticsRequest(Model):  # frozen copy of crm_core.models.AnalyticsRequest as of this migration
    id = AutoField()
    kind = CharField(max_length=16)  # "score" or "segment"
    requested_by = ForeignKeyField(User, on_delete="CASCADE")
    channel = CharField(max_length=16)  # where it was asked: the answer goes back there
    status = CharField(max_length=16, default="pending")  # pending, running, done, failed
    progress = FloatField(default=0.0)  # 0..1, an estimate from the previous run's duration
    noticed_at = DateTimeField(null=True)  # the last progress note sent
    heartbeat_at = DateTimeField(null=True)  # the worker is alive while this moves
    created_at = DateTimeField()
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    answer = TextField(null=True)

    class Meta:
        table_name = "analytics_requests"
        indexes = ((("status", "kind"), False),)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([User, AnalyticsRequest]):
        db.create_tables([AnalyticsRequest])
    db.execute_sql("CREATE UNIQUE INDEX analytics_requests_one_active ON analytics_requests (kind) "
                   "WHERE status IN ('pending', 'running')")
