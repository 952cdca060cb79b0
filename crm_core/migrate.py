"""Apply the numbered modules of `migrations/` in order, once each (`crm db upgrade`)."""
from __future__ import annotations

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
    """Apply pending migrations, each in its own transaction; return the names applied."""
    done: list[str] = []
    with db.bind_ctx([SchemaMigration]), db.connection_context():
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
    return done


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
