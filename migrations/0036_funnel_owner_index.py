"""An index for the conversion funnel of a team or a rep at a million rows (issue 14, item 7): "conversion funnel
this quarter" asked by a manager read every deal created in the quarter through the stage index and visited each
row for its owner (59 ms on SQLite); by owner and creation time, with the stage, currency and amount, the deals
of the team's reps are read from the index alone (45 ms)."""
from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator


def upgrade(db: Database, migrator: SchemaMigrator) -> None:
    db.execute_sql("CREATE INDEX IF NOT EXISTS deals_owner_created ON deals (owner_id, created_at, stage, currency, amount)")
