"""`crm backup` / `crm restore` of a SQLite database with SQLite's online backup API.

PostgreSQL has its own tools: the error says which command to run."""
from __future__ import annotations

import os
import shlex
import sqlite3
from datetime import datetime
from pathlib import Path

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from crm_core import processes
from crm_core.db import database
from crm_core.errors import CrmError
from crm_core.i18n import _
from crm_core.models import Outbox, RunningProcess

SQLITE_MAGIC = b"SQLite format 3\x00"
DELIVERED = ("sent", "delivering", "uncertain")  # outbox states in which the platform has, or may have, it
RESTORED_NOTE = "the live database had handed it to the platform before a restore of an older backup"


def backup(path: str | Path, db: Database | None = None) -> int:
    """Copy the live database to `path` (replaced atomically); its size in bytes."""
    db = _sqlite(db or database.obj, path, "backup")
    path = Path(path)
    if _same_file(db, path):
        raise CrmError(_("{path} is the database itself; back it up to another file.").format(path=path))
    if not path.parent.is_dir():
        raise CrmError(_("No such folder: {path}").format(path=path.parent))
    partial = path.with_name(f".{path.name}.partial")
    target = sqlite3.connect(partial)
    try:
        db.connection().backup(target)
    finally:
        target.close()
    os.replace(partial, path)
    return path.stat().st_size


def restore(path: str | Path, db: Database | None = None) -> int:
    """Replace the live database's content with the CRM backup at `path`; nothing changes when
    `path` is not one. Messages the live outbox had sent (or handed over) stay so in the restored one, so
    nothing is sent twice; their number is returned."""
    db = _sqlite(db or database.obj, path, "restore")
    path = Path(path)
    _refuse_while_in_use(db)
    _check_crm_backup(path)
    if _same_file(db, path):
        raise CrmError(_("{path} is the database itself; nothing to restore.").format(path=path))
    delivered = _delivered(db)
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        source.backup(db.connection())
    finally:
        source.close()
    with db.bind_ctx([RunningProcess]), db.connection_context():
        if db.table_exists(RunningProcess._meta.table_name):
            RunningProcess.delete().execute()  # the backup's own rows: processes of another time
    return _keep_delivered(db, delivered)


def _delivered(db: Database) -> dict[str, tuple[str, datetime | None, str | None]]:
    """key -> (status, sent_at, platform id) of the live outbox rows the platform has, or may have."""
    with db.bind_ctx([Outbox]), db.connection_context():
        if not db.table_exists(Outbox._meta.table_name):
            return {}
        query = Outbox.select(Outbox.key, Outbox.status, Outbox.sent_at, Outbox.platform_message_id).where(
            Outbox.status.in_(DELIVERED))
        return {key: (status, sent_at, message_id) for key, status, sent_at, message_id in query.tuples().iterator()}


def _keep_delivered(db: Database, delivered: dict[str, tuple[str, datetime | None, str | None]]) -> int:
    """Rows the backup still has as unsent but the live database had sent: sent again they would reach
    the customer twice. Sent ones become sent; handed-over ones uncertain (`crm jobs` lists them)."""
    kept = 0
    with db.bind_ctx([Outbox]), db.connection_context(), db.atomic():
        if not delivered or not db.table_exists(Outbox._meta.table_name):
            return 0
        keys = list(delivered)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for row_id, key in Outbox.select(Outbox.id, Outbox.key).where(
                    Outbox.key.in_(chunk) & Outbox.status.not_in(DELIVERED)).tuples():
                status, sent_at, message_id = delivered[key]
                Outbox.update(status="sent" if status == "sent" else "uncertain", sent_at=sent_at,
                              platform_message_id=message_id, last_error=RESTORED_NOTE).where(
                    Outbox.id == row_id).execute()
                kept += 1
    return kept


def _refuse_while_in_use(db: Database) -> None:
    """A bot or worker running on would resend what the restored outbox doesn't know was sent, and keep
    state the restore threw away: they stop first."""
    running = processes.holders(db)
    if running:
        pids = " ".join(str(row.pid) for row in running)
        raise CrmError(_("The database is in use by {processes}; nothing was restored.").format(
            processes=processes.describe(running)),
            hint=_("Stop them first (Ctrl-C where they run, `kill {pids}`, or stop their service), then run "
                   "`crm restore` again.").format(pids=pids))


def _check_crm_backup(path: Path) -> None:
    if not path.is_file():
        raise CrmError(_("No such file: {path}").format(path=path))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise CrmError(_("{path} is not a SQLite database, so not a CRM backup; nothing was restored.").format(
                path=path))
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ok = source.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        is_crm = source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise CrmError(_("{path} can't be read as a SQLite database ({error}); nothing was restored.").format(
            path=path, error=exc)) from None
    finally:
        source.close()
    if not ok:
        raise CrmError(_("{path} is damaged (PRAGMA quick_check failed); nothing was restored.").format(path=path))
    if not is_crm:
        raise CrmError(_("{path} is a SQLite database but not a CRM one (no schema_migrations table); nothing was "
                         "restored.").format(path=path))


def _same_file(db: SqliteDatabase, path: Path) -> bool:
    return db.database != ":memory:" and path.exists() and Path(db.database).exists() \
        and os.path.samefile(db.database, path)


def _sqlite(db: Database, path: str | Path, action: str) -> SqliteDatabase:
    if isinstance(db, SqliteDatabase):
        return db
    if isinstance(db, PostgresqlDatabase):
        url, file = shlex.quote(_postgres_url(db)), shlex.quote(str(path))
        command = (f"pg_dump --format=custom --file={file} {url}" if action == "backup"
                   else f"pg_restore --clean --if-exists --no-owner --dbname={url} {file}")
        raise CrmError(_("crm {action} works on SQLite databases only; this one is PostgreSQL.").format(action=action),
                       hint=_("Use PostgreSQL's own tool: {command}").format(command=command))
    raise CrmError(_("crm {action} does not support {kind}.").format(action=action, kind=type(db).__name__))


def _postgres_url(db: PostgresqlDatabase) -> str:
    """The database's URL without its password (pg_dump reads that from PGPASSWORD or ~/.pgpass)."""
    params = db.connect_params
    user = f"{params['user']}@" if params.get("user") else ""
    host = params.get("host") or "localhost"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{db.database}"
