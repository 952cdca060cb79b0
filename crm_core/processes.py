"""Who holds the database: bots, workers and schedulers record themselves here with a heartbeat, so that
`crm restore` can refuse while one runs (it would go on from state the restore threw away)."""
from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from peewee import Database, DatabaseError

from crm_core import clock
from crm_core.db import database
from crm_core.models import RunningProcess

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 10
ALIVE_SECONDS = 3 * HEARTBEAT_SECONDS  # a row older than this is a process that died without cleaning up


@contextmanager
def registered(kind: str) -> Iterator[None]:
    """Record this process as `kind` ("crm worker") for as long as the block runs."""
    unregister = register(kind)
    try:
        yield
    finally:
        unregister()


def register(kind: str) -> Callable[[], None]:
    """Record this process as `kind` and keep its heartbeat; call the function returned to take it off."""
    try:
        with database.connection_context():
            row = RunningProcess.create(kind=kind, pid=os.getpid(), host=socket.gethostname(),
                                        started_at=clock.utcnow(), heartbeat_at=clock.utcnow())
    except DatabaseError as exc:
        log.warning("could not record %s as running (%s); is the database migrated? `crm db upgrade`", kind, exc)
        return lambda: None
    stop = threading.Event()
    beat = threading.Thread(target=_beat, args=(row.id, stop), name="crm-heartbeat", daemon=True)
    beat.start()

    def unregister() -> None:
        stop.set()
        beat.join()
        with database.connection_context():
            RunningProcess.delete_by_id(row.id)

    return unregister


def _beat(row_id: int, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            with database.connection_context():
                RunningProcess.update(heartbeat_at=clock.utcnow()).where(RunningProcess.id == row_id).execute()
        except Exception:  # a database blip must not stop the heartbeat for good
            log.warning("heartbeat of running process %s failed", row_id, exc_info=True)


def holders(db: Database) -> list[RunningProcess]:
    """The processes using `db` now: a fresh heartbeat, and on this host a pid that still exists."""
    with db.bind_ctx([RunningProcess]), db.connection_context():
        if not db.table_exists(RunningProcess._meta.table_name):
            return []
        since = clock.utcnow() - timedelta(seconds=ALIVE_SECONDS)
        rows = list(RunningProcess.select().where(RunningProcess.heartbeat_at >= since).order_by(RunningProcess.id))
    here = socket.gethostname()
    return [row for row in rows if row.host != here or _pid_exists(row.pid)]


def _pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def describe(rows: list[RunningProcess]) -> str:
    """"`crm run` (pid 123 on web1, since 2026-12-04 09:00 UTC), ..." for a refusal."""
    return ", ".join(f"`{row.kind}` (pid {row.pid} on {row.host}, since {row.started_at:%Y-%m-%d %H:%M} UTC)"
                     for row in rows)
