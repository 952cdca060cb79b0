"""Counts what a message costs the database: the connections opened (per thread) and the writes to the
`conversations` table. Wraps the bound database's `connect` and `execute_sql`, which every connection context,
autoconnect and query goes through, on SQLite and on pooled PostgreSQL alike."""
from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from crm_core.db import database

_CONVERSATION_WRITE = re.compile(r'^\s*(?:INSERT|UPDATE|REPLACE)\b[^"]*"conversations"', re.IGNORECASE)


@dataclass
class Watch:
    connections: Counter = field(default_factory=Counter)  # thread name -> connections opened on it
    conversation_writes: int = 0

    def opened(self, thread_prefix: str = "") -> int:
        return sum(n for name, n in self.connections.items() if name.startswith(thread_prefix))


@contextmanager
def watching() -> Iterator[Watch]:
    db, watch, lock = database.obj, Watch(), threading.Lock()
    connect, execute_sql = db.connect, db.execute_sql

    def counted_connect(*args, **kwargs):
        opened = connect(*args, **kwargs)
        if opened:
            with lock:
                watch.connections[threading.current_thread().name] += 1
        return opened

    def counted_execute_sql(sql, *args, **kwargs):
        if _CONVERSATION_WRITE.match(sql):
            with lock:
                watch.conversation_writes += 1
        return execute_sql(sql, *args, **kwargs)

    db.connect, db.execute_sql = counted_connect, counted_execute_sql
    try:
        yield watch
    finally:
        del db.connect, db.execute_sql
