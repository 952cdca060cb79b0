"""Apply the numbered modules of `migrations/` in order, once each (`crm db upgrade`)."""
from __future__ import annotations

import fcntl
import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from peewee import CharField, Database, DateTimeField, Model, SqliteDatabase
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator

import migrations
from crm_core.models import utcnow
from crm_core.services import activity_rollup, order_rollups

PG_LOCK_KEY = "hashtext('crm db upgrade ' || current_schema())"


class SchemaMigration(Model):
    name = CharField(primary_key=True, max_length=128)
    applied_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "schema_migrations"


@dataclass(frozen=True)
class MigrationState:
    name: str
    applied_at: datetime | None


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(migrations.__path__) if m.name[:4].isdigit())


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if isinstance(db, SqliteDatabase) else PostgresqlMigrator(db)


def status(db: Database) -> list[MigrationState]:
    with db.bind_ctx([SchemaMigration]), db.connection_context():
        db.create_tables([SchemaMigration])
        applied = {row.name: row.applied_at for row in SchemaMigration.select()}
    return [MigrationState(name, applied.get(name)) for name in available()]


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied. A second upgrade
    started meanwhile waits for the lock, then finds nothing left to do."""
    done: list[str] = []
    with db.bind_ctx([SchemaMigration]), db.connection_context(), migration_lock(db):
        db.create_tables([SchemaMigration])
        applied = {row.name for row in SchemaMigration.select()}
        pending = [name for name in available() if name not in applied]
        with _sqlite_foreign_keys_off(db, bool(pending)):
            for name in pending:
                module = importlib.import_module(f"migrations.{name}")
                with db.atomic():
                    module.upgrade(db, _migrator(db))
                    SchemaMigration.create(name=name)
                done.append(name)
            for rollup in (order_rollups, activity_rollup) if pending else ():
                if rollup.installed(db):
                    with db.atomic():  # SQLite drops a table's triggers when a migration rebuilds it
                        rollup.install_triggers(db)
    return done


@contextmanager
def migration_lock(db: Database) -> Iterator[None]:
    """One upgrade at a time per database: PostgreSQL's advisory lock (per schema, held by this connection),
    or on SQLite an exclusive lock on a file beside the database (each migration commits on its own, so the
    database's own write lock would be let go between two of them)."""
    if not isinstance(db, SqliteDatabase):
        db.execute_sql(f"SELECT pg_advisory_lock({PG_LOCK_KEY})")
        try:
            yield
        finally:
            db.execute_sql(f"SELECT pg_advisory_unlock({PG_LOCK_KEY})")
        return
    if db.database in ("", ":memory:"):
        yield
        return
    with open(lock_file(db), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_file(db: SqliteDatabase) -> str:
    return f"{db.database}.migrate-lock"


@contextmanager
def _sqlite_foreign_keys_off(db: Database, needed: bool) -> Iterator[None]:
    """SQLite alters a column by rebuilding its table: with foreign keys on, dropping the old table would
    cascade-delete every row that points at it (all the orders of the customers table, say)."""
    if not needed or not isinstance(db, SqliteDatabase):
        yield
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migrations left {len(broken)} rows with broken foreign keys: {broken[:5]}")
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")
