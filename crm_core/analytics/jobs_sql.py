"""Bulk reads and writes for the analytics jobs, on PostgreSQL and SQLite.

Reads return aggregated rows as a DataFrame (PostgreSQL: `COPY (query) TO STDOUT`; SQLite: cursor
chunks). Writes load a temporary table (PostgreSQL: COPY; SQLite: one executemany) that set-based
statements then join, so a million customers are updated by one UPDATE ... FROM.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crm_core.db import database, is_postgres

FETCH_ROWS = 200_000
# PostgreSQL binary COPY of fixed-width columns: a million rows in a fraction of a second, where
# formatting them as CSV text takes seconds
BINARY_TYPES = {"integer": ">i4", "bigint": ">i8", "real": ">f4", "double precision": ">f8"}
PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8
PGCOPY_TRAILER = b"\xff\xff"
WORK_MEM = "256MB"  # per sort/hash of the analytics statements (PostgreSQL's default is 4MB)


def sql(postgres: str, sqlite: str | None = None) -> str:
    """The statement for the bound database; `sqlite` defaults to `postgres` with ? placeholders."""
    if is_postgres():
        return postgres
    return sqlite if sqlite is not None else postgres.replace("%s", "?")


def params_for(values: Sequence) -> tuple:
    """SQLite gets dates and times as the text peewee stores (str(value)); PostgreSQL as they are."""
    if is_postgres():
        return tuple(values)
    return tuple(str(v) if isinstance(v, (dt.date, dt.datetime)) else v for v in values)


def execute(statement: str, params: Sequence = ()) -> int:
    """Run a statement; the number of rows it changed."""
    cursor = database.cursor()
    cursor.execute(statement, params_for(params))
    return cursor.rowcount


def scalar_row(statement: str, params: Sequence = ()) -> tuple:
    cursor = database.cursor()
    cursor.execute(statement, params_for(params))
    return cursor.fetchone()


def raise_work_mem() -> None:
    """Give this transaction's sorts and hashes room (PostgreSQL; call inside a transaction)."""
    if is_postgres():
        execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def query_frame(statement: str, params: Sequence, columns: Sequence[str]) -> pd.DataFrame:
    """The rows of a query as a DataFrame with `columns` (NULL becomes NaN/None)."""
    cursor = database.cursor()
    if is_postgres():
        query = cursor.mogrify(statement, params_for(params)).decode()
        buffer = io.StringIO()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", buffer)
        buffer.seek(0)
        if not buffer.getvalue():
            return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
        return pd.read_csv(buffer, header=None, names=list(columns), keep_default_na=False,
                           na_values=[""])
    cursor.execute(statement, params_for(params))
    chunks = []
    while rows := cursor.fetchmany(FETCH_ROWS):
        chunks.append(pd.DataFrame.from_records(rows, columns=list(columns)))
    if not chunks:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


def load_temp_table(name: str, columns: dict[str, str], frame: pd.DataFrame) -> None:
    """Create the temporary table `name` (column -> SQL type; the first is the key) and fill it
    with `frame`'s columns of those names. Call inside the write transaction: on PostgreSQL the
    table is dropped at commit, on SQLite call `drop_temp_table` before committing."""
    names = list(columns)
    cursor = database.cursor()
    if is_postgres():
        definitions = ", ".join(f"{c} {t}" for c, t in columns.items())
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definitions}) ON COMMIT DROP")
        binary = _binary_copy(columns, frame)
        if binary is not None:
            cursor.copy_expert(f"COPY {name} ({', '.join(names)}) FROM STDIN WITH (FORMAT binary)", binary)
        else:
            buffer = io.StringIO()
            frame.to_csv(buffer, columns=names, header=False, index=False, na_rep="")
            buffer.seek(0)
            cursor.copy_expert(f"COPY {name} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)", buffer)
        # the key index keeps joins fast whatever plan stale statistics of the big table suggest
        cursor.execute(f"ALTER TABLE {name} ADD PRIMARY KEY ({names[0]})")
        cursor.execute(f"ANALYZE {name}")
        return
    key, *rest = names
    definitions = ", ".join([f"{key} INTEGER PRIMARY KEY", *(f"{c} {columns[c]}" for c in rest)])
    cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({definitions})")
    rows = zip(*(frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in names))
    cursor.executemany(f"INSERT INTO temp.{name} ({', '.join(names)}) "
                       f"VALUES ({', '.join('?' * len(names))})", rows)


def _binary_copy(columns: dict[str, str], frame: pd.DataFrame) -> io.BytesIO | None:
    """`frame`'s columns in PostgreSQL's binary COPY format, or None when a column is not
    fixed-width numeric or holds a NULL (those go as CSV)."""
    if any(t not in BINARY_TYPES for t in columns.values()):
        return None
    values = [frame[c].to_numpy() for c in columns]
    if any(v.dtype.kind not in "iuf" or (v.dtype.kind == "f" and np.isnan(v).any()) for v in values):
        return None
    fields = [("count", ">i2")]
    for i, kind in enumerate(columns.values()):
        fields += [(f"len{i}", ">i4"), (f"val{i}", BINARY_TYPES[kind])]
    rows = np.empty(len(frame), dtype=np.dtype(fields))
    rows["count"] = len(columns)
    for i, (kind, v) in enumerate(zip(columns.values(), values)):
        rows[f"len{i}"] = np.dtype(BINARY_TYPES[kind]).itemsize
        rows[f"val{i}"] = v
    return io.BytesIO(PGCOPY_HEADER + rows.tobytes() + PGCOPY_TRAILER)


def drop_temp_table(name: str) -> None:
    if not is_postgres():
        execute(f"DROP TABLE IF EXISTS temp.{name}")


def lock_job(kind: str) -> None:
    """One writer per job kind at a time (PostgreSQL advisory lock, released at commit;
    SQLite serialises writers by itself)."""
    if is_postgres():
        execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"crm-analytics-{kind}",))
