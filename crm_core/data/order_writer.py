"""Bulk insert of orders that skips the row keys already present: COPY on PostgreSQL, executemany on SQLite."""
from __future__ import annotations

import io
from itertools import repeat
from typing import Protocol

import pandas as pd

from crm_core.data.sqlrows import default_columns
from crm_core.db import database, is_postgres
from crm_core.models import Order

COLUMNS = ("customer_id", "date", "amount", "currency", "row_key")
STAGING = "import_orders_staging"


class OrderWriter(Protocol):
    def write(self, orders: pd.DataFrame) -> int:
        """Insert the rows (COLUMNS) whose row_key is new; how many were inserted."""


def open_order_writer() -> OrderWriter:
    """A writer for the bound database; use it inside the import's transaction."""
    return PostgresOrderWriter() if is_postgres() else SqliteOrderWriter()


class SqliteOrderWriter:
    def write(self, orders: pd.DataFrame) -> int:
        defaults = default_columns(Order, COLUMNS)  # created_at, ...
        sql = (f"INSERT OR IGNORE INTO {Order._meta.table_name} ({', '.join((*COLUMNS, *defaults))}) "
               f"VALUES ({', '.join('?' * (len(COLUMNS) + len(defaults)))})")
        rows = (row + constants for row, constants in
                zip(zip(*(orders[c].tolist() for c in COLUMNS)), repeat(tuple(defaults.values()))))
        cursor = database.cursor()
        cursor.executemany(sql, rows)
        return cursor.rowcount


class PostgresOrderWriter:
    """COPY each chunk into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO NOTHING."""

    def __init__(self) -> None:
        self.cursor = database.cursor()
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} (customer_id integer, date date, amount numeric(14, 2), "
            "currency varchar(3), row_key varchar(64)) ON COMMIT DROP")

    def write(self, orders: pd.DataFrame) -> int:
        buffer = io.StringIO()
        orders.to_csv(buffer, columns=list(COLUMNS), header=False, index=False)
        buffer.seek(0)
        self.cursor.copy_expert(f"COPY {STAGING} ({', '.join(COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer)
        defaults = default_columns(Order, COLUMNS)  # created_at, ...
        self.cursor.execute(
            f"INSERT INTO {Order._meta.table_name} ({', '.join((*COLUMNS, *defaults))}) "
            f"SELECT {', '.join(COLUMNS + ('%s',) * len(defaults))} FROM {STAGING} ON CONFLICT DO NOTHING",
            tuple(defaults.values()))
        inserted = self.cursor.rowcount
        self.cursor.execute(f"TRUNCATE {STAGING}")
        return inserted
