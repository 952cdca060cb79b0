"""Each customer's latest activity, kept by triggers on activities (crm_core.services.activity_rollup): the stale
deals, the deals to touch and the overdue follow-ups look it up instead of probing activities per row. The indexes:
the rollup by when (customers with no contact since a day), and activities by (customer, occurred_at, id) so that
a trigger finds a customer's latest again (PostgreSQL orders by id too; SQLite's index holds the rowid)."""
from __future__ import annotations

from peewee import Database, SqliteDatabase
from playhouse.migrate import SchemaMigrator

from crm_core.services import activity_rollup
from crm_core.services.activity_rollup import LastActivity


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    with db.bind_ctx([LastActivity]):
        db.create_tables([LastActivity])
    if not isinstance(db, SqliteDatabase):
        db.execute_sql("CREATE INDEX IF NOT EXISTS activities_customer_latest ON activities "
                       "(customer_id, occurred_at DESC, id DESC)")
    activity_rollup.install_triggers(db)  # the live definition: `crm db upgrade` re-installs it after every run
    activity_rollup.backfill(db)
