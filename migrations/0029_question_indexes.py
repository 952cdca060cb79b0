"""Indexes the questions of issue 14 read at scale (item 7): "deals with no activity in 30 days" reads the customers
active since a moment once from activities (occurred_at, customer_id) instead of probing each open deal's customer;
"my day" seeks a rep's passed follow-ups in activities (user_id, follow_up) instead of reading everyone's;
the customer index's change signature (every message naming a customer) reads MAX(updated_at) from an index;
a deal card's "N of M closed deals that reached proposal were won" reads the deals that reached a stage from
deal_stage_changes (to_stage, deal_id) instead of scanning every stage change."""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator

INDEXES = (
    "CREATE INDEX IF NOT EXISTS activities_occurred_at_customer ON activities (occurred_at, customer_id)",
    "CREATE INDEX IF NOT EXISTS activities_user_follow_up ON activities (user_id, follow_up)",
    "CREATE INDEX IF NOT EXISTS customers_updated_at ON customers (updated_at)",
    "CREATE INDEX IF NOT EXISTS deal_stage_changes_to_stage_deal ON deal_stage_changes (to_stage, deal_id)",
)


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    for statement in INDEXES:
        db.execute_sql(statement)
