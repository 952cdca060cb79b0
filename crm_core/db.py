"""The database: one proxy the models bind to, initialised from a URL by the entrypoint."""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TypeVar

from peewee import (
    Database,
    DatabaseProxy,
    OperationalError,
    PostgresqlDatabase,
    SqliteDatabase,
    fn,
)
from playhouse.db_url import connect

from crm_core.errors import ConfigError

database = DatabaseProxy()
log = logging.getLogger(__name__)
T = TypeVar("T")
# Errors after which the whole transaction can simply run again: another writer won a lock first.
RETRYABLE = ("deadlock detected", "database is locked", "could not serialize")
WRITE_ATTEMPTS = 5

POOL_SIZE = 32
POOL_WAIT_SECONDS = 10  # a unit of work waits this long for a free connection before failing
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -64_000,
}


def open_database(url: str) -> Database:
    """A peewee database for `url` (not yet connected: connections are per unit of work)."""
    try:
        if url.startswith("sqlite"):
            db = connect(url, pragmas=SQLITE_PRAGMAS)
        else:
            db = connect(_pooled(url), max_connections=POOL_SIZE, stale_timeout=300, timeout=POOL_WAIT_SECONDS)
    except (RuntimeError, ValueError) as exc:
        raise ConfigError(f"DATABASE_URL {url!r} is not usable: {exc}",
                          hint="Use sqlite:///crm.db or postgresql://user@host:5432/db.") from None
    if not isinstance(db, (SqliteDatabase, PostgresqlDatabase)):
        raise ConfigError(f"DATABASE_URL {url!r}: only SQLite and PostgreSQL are supported")
    return db


def _pooled(url: str) -> str:
    """PostgreSQL connections are kept in a pool: a unit of work borrows one instead of connecting."""
    scheme, _, rest = url.partition("://")
    return url if "+" in scheme else f"{scheme}+pool://{rest}"


def init(url: str) -> Database:
    """Bind the models to the database at `url` and return it."""
    db = open_database(url)
    database.initialize(db)
    return db


@contextmanager
def one_connection() -> Iterator[None]:
    """One message's connection: opened here, reused by every `connection_context()` inside (peewee nests them on
    a thread), closed (back to the pool) at the end. When it can't be opened the work runs anyway: its first query
    meets the error where the front-end reports it to the user, as without this."""
    with ExitStack() as stack:
        try:
            stack.enter_context(database.connection_context())
        except Exception:  # noqa: BLE001 - reported by the work's own first query
            log.warning("no database connection for this message", exc_info=True)
        yield


def is_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def not_among(column, rows, key):
    """`column` is none of the NOT NULL `key` values `rows` selects. PostgreSQL anti-joins a NOT EXISTS through an
    index; SQLite runs a correlated NOT EXISTS once per outer row and may scan for each, so it gets a NOT IN list,
    built once."""
    if is_postgres():
        return ~fn.EXISTS(rows.where(key == column))
    return column.not_in(rows)


def rollup_triggers(table: str, prefix: str, removed: str, added: str, derived: str) -> tuple[str, ...]:
    """PostgreSQL: the function and triggers `<prefix>_*` that keep the `derived` tables up to date with `table`,
    once per statement: `removed` (SQL over the transition table old_rows) after a DELETE or UPDATE, then `added`
    (over new_rows) after an INSERT or UPDATE; a TRUNCATE of `table` empties them. Idempotent."""
    def trigger(event: str, tables: str) -> tuple[str, str]:
        return (f"DROP TRIGGER IF EXISTS {prefix}_{event.lower()} ON {table}",
                f"CREATE TRIGGER {prefix}_{event.lower()} AFTER {event} ON {table} REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {prefix}()")

    return (
        f"""CREATE OR REPLACE FUNCTION {prefix}() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {removed}
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {added}
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {prefix}_truncate() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $$
        BEGIN
            TRUNCATE {derived};
            RETURN NULL;
        END $$""",
        *trigger("INSERT", "NEW TABLE AS new_rows"),
        *trigger("DELETE", "OLD TABLE AS old_rows"),
        *trigger("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        f"DROP TRIGGER IF EXISTS {prefix}_truncate ON {table}",
        f"CREATE TRIGGER {prefix}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {prefix}_truncate()",
    )


def write_transaction():
    """A transaction that will write. On SQLite it takes the write lock at BEGIN: a transaction that reads
    and then writes would otherwise fail at once (busy timeout or not) when another writer got in between."""
    return database.atomic() if is_postgres() else database.atomic("IMMEDIATE")


def retrying(work: Callable[[], T], attempts: int = WRITE_ATTEMPTS) -> T:
    """Run `work` (one whole transaction) again when it lost a lock race: a deadlock on PostgreSQL, "database
    is locked" on SQLite once the busy timeout ran out. `work` must be safe to repeat after a rollback."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except OperationalError as exc:
            if attempt == attempts or not lost_lock_race(exc):
                raise
            time.sleep(random.uniform(0.05, 0.2) * attempt)  # jittered, so the racers don't collide again
    raise AssertionError("unreachable")


def lost_lock_race(exc: BaseException) -> bool:
    """Whether `exc` says another writer held a lock too long (the work itself was fine: run it again later)."""
    return isinstance(exc, OperationalError) and any(text in str(exc).lower() for text in RETRYABLE)


def reachable() -> bool:
    """Whether the database answers now (on this thread's connection, or a new one)."""
    try:
        database.execute_sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means: not now
        return False
