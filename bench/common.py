"""Scratch databases for the benches: a temp SQLite file, or a throwaway PostgreSQL schema."""
from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from peewee import Database

from crm_core import db as crm_db
from crm_core import migrate

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def scratch_database(kind: str) -> Iterator[Database]:
    """A migrated, empty database bound to the models; removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            db = crm_db.init(f"sqlite:///{folder}/bench.db")
            migrate.upgrade(db)
            yield db
            db.close()
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = crm_db.open_database(POSTGRES_URL)
    admin.execute_sql(f'CREATE SCHEMA "{schema}"')
    try:
        db = crm_db.open_database(POSTGRES_URL)
        db.init(db.database, **{**db.connect_params, "options": f"-csearch_path={schema}"})
        crm_db.database.initialize(db)
        migrate.upgrade(db)
        yield db
        db.close()
    finally:
        admin.execute_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times_ms: list[float]) -> str:
    ordered = sorted(times_ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms, n={len(ordered)}"
