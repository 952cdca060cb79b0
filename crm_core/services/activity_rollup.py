"""Each customer's latest activity, kept ahead of the question (issue 14, speed at scale; migration 0035).

"Deals with no activity in 30 days", "deals to touch" and "overdue follow-ups" (a follow-up with no later activity
with that customer) each asked, per deal or per follow-up, whether a later activity exists: one probe per row, a
tenth of a second and more for a rep with thousands of deals. With the latest activity per customer (by
occurred_at, then id, as those questions order them) each is a lookup by key.

The database keeps the rollup, not the writers: triggers on activities set it on every INSERT, UPDATE and DELETE
(a merge moving ten thousand activities, an undo, a customer's deletion cascading to its activities, raw SQL),
and a TRUNCATE of activities empties it. A change that may have taken the latest activity away (a delete, an
update) looks the customer's latest up again, through the (customer_id, occurred_at) index. Like the order
rollups, the model is not in crm_core.models.ALL_MODELS: a merge must not move it, a backup need not audit it.
"""
from __future__ import annotations

from datetime import datetime

from peewee import SQL, Database, DateTimeField, Expression, IntegerField, Model, SqliteDatabase, fn

from crm_core.db import database, not_among, rollup_triggers
from crm_core.models import Activity


class LastActivity(Model):
    customer_id = IntegerField(primary_key=True)  # no foreign key: the triggers follow the activities
    activity_id = IntegerField()
    occurred_at = DateTimeField()

    class Meta:
        database = database
        table_name = "customer_last_activity"
        indexes = ((("occurred_at",), False),)


def inactive_since(customer: object, since: datetime) -> Expression:
    """The customer (a column) had no activity at or after `since` (on SQLite, "deals with no activity in 30 days"
    at 200k deals: 192 -> 163 ms with the list instead of a probe per deal)."""
    active = LastActivity.select(LastActivity.customer_id).where(LastActivity.occurred_at >= since)
    return not_among(customer, active, LastActivity.customer_id)


def is_latest() -> Expression:
    """The Activity row is its customer's latest: nothing was logged with that customer after it."""
    return fn.EXISTS(LastActivity.select(SQL("1")).where((LastActivity.customer_id == Activity.customer)
                                                         & (LastActivity.activity_id == Activity.id)))


# -- the triggers ------------------------------------------------------------------------------------------
_LATER = ("excluded.occurred_at > customer_last_activity.occurred_at OR (excluded.occurred_at = "
          "customer_last_activity.occurred_at AND excluded.activity_id > customer_last_activity.activity_id)")


def _sqlite_seen(row: str) -> str:
    return (f"INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at) "
            f"VALUES ({row}.customer_id, {row}.id, {row}.occurred_at) "
            f"ON CONFLICT (customer_id) DO UPDATE SET activity_id = excluded.activity_id, "
            f"occurred_at = excluded.occurred_at WHERE {_LATER};")


def _sqlite_look_again(row: str) -> str:
    return (f"DELETE FROM customer_last_activity WHERE customer_id = {row}.customer_id; "
            f"INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at) "
            f"SELECT customer_id, id, occurred_at FROM activities WHERE customer_id = {row}.customer_id "
            f"ORDER BY occurred_at DESC, id DESC LIMIT 1;")


SQLITE_TRIGGERS = (
    "DROP TRIGGER IF EXISTS last_activity_insert",
    f"CREATE TRIGGER last_activity_insert AFTER INSERT ON activities BEGIN {_sqlite_seen('NEW')} END",
    "DROP TRIGGER IF EXISTS last_activity_delete",
    f"CREATE TRIGGER last_activity_delete AFTER DELETE ON activities BEGIN {_sqlite_look_again('OLD')} END",
    "DROP TRIGGER IF EXISTS last_activity_update",
    f"CREATE TRIGGER last_activity_update AFTER UPDATE OF customer_id, occurred_at, id ON activities "
    f"BEGIN {_sqlite_look_again('OLD')} {_sqlite_look_again('NEW')} END",
)

_PG_LOOK_AGAIN = """
    DELETE FROM customer_last_activity WHERE customer_id IN (SELECT customer_id FROM old_rows);
    INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at)
    SELECT DISTINCT ON (a.customer_id) a.customer_id, a.id, a.occurred_at FROM activities a
    WHERE a.customer_id IN (SELECT customer_id FROM old_rows)
    ORDER BY a.customer_id, a.occurred_at DESC, a.id DESC
    ON CONFLICT (customer_id) DO NOTHING;"""
_PG_SEEN = f"""
    INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at)
    SELECT DISTINCT ON (customer_id) customer_id, id, occurred_at FROM new_rows
    ORDER BY customer_id, occurred_at DESC, id DESC
    ON CONFLICT (customer_id) DO UPDATE SET activity_id = excluded.activity_id, occurred_at = excluded.occurred_at
    WHERE {_LATER};"""


POSTGRES_TRIGGERS = rollup_triggers("activities", "last_activity", _PG_LOOK_AGAIN, _PG_SEEN, "customer_last_activity")


def install_triggers(db: Database) -> None:
    """(Re)create the triggers on activities; idempotent. Run by every `crm db upgrade`."""
    for statement in SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else POSTGRES_TRIGGERS:
        db.execute_sql(statement)


def installed(db: Database) -> bool:
    return db.table_exists("activities") and db.table_exists(LastActivity._meta.table_name)


def backfill(db: Database) -> None:
    """The rollup recomputed from every activity."""
    db.execute_sql("DELETE FROM customer_last_activity")
    if isinstance(db, SqliteDatabase):
        db.execute_sql("INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at) "
                       "SELECT customer_id, id, occurred_at FROM activities a WHERE id = (SELECT b.id FROM "
                       "activities b WHERE b.customer_id = a.customer_id ORDER BY b.occurred_at DESC, b.id DESC "
                       "LIMIT 1)")
    else:
        db.execute_sql("INSERT INTO customer_last_activity (customer_id, activity_id, occurred_at) "
                       "SELECT DISTINCT ON (customer_id) customer_id, id, occurred_at FROM activities "
                       "ORDER BY customer_id, occurred_at DESC, id DESC")
