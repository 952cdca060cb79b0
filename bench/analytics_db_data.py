"""Synthetic CRM data for bench/analytics_db.py, loaded in bulk: COPY on PostgreSQL, one executemany
transaction on SQLite. Raw inserts bypass peewee's Python-side defaults, so every NOT NULL column is
given explicitly.

Customers buy till they die: a first purchase in the first two years of a three-year window, a
customer-specific purchase rate and lifetime, and exactly `n_orders` orders in all (the repeat
purchases are spread over customers in proportion to rate x time alive). Spend per order is gamma
with a customer-specific mean. Deals (some won or lost, with stage history and activities) give the
deal model something to learn.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pandas as pd

from crm_core.db import database, is_postgres
from crm_core.models import MODELS_BY_TABLE

START = np.datetime64("2022-01-01", "D")
WINDOW_DAYS = 3 * 365
AS_OF = (START + np.timedelta64(WINDOW_DAYS - 30, "D")).item()  # the last month is "after as_of"
CHUNK = 1_000_000
STAMP = "2024-12-31 12:00:00"
OPEN, CLOSED = ("lead", "qualified", "proposal", "negotiation"), ("won", "lost")


def customers(n: int) -> Iterator[pd.DataFrame]:
    for lo in range(0, n, CHUNK):
        ids = np.arange(lo + 1, min(n, lo + CHUNK) + 1)
        names = pd.Series(ids).map("Customer {:07d}".format)
        yield pd.DataFrame({"id": ids, "name": names, "name_norm": names.str.lower(),
                            "is_lead": False, "outreach_opt_in": True,
                            "created_at": STAMP, "updated_at": STAMP})


def orders(n_customers: int, n_orders: int, seed: int = 0) -> Iterator[pd.DataFrame]:
    """Exactly `n_orders` orders, each customer's first purchase included, in shuffled order."""
    if n_orders < n_customers:
        raise SystemExit("--orders must be at least --customers (every customer buys once)")
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 2 * 365, n_customers)
    lifetime = rng.exponential(rng.gamma(2.0, 250.0, n_customers))
    alive_days = np.minimum(first + lifetime, WINDOW_DAYS - 1) - first
    rate = rng.gamma(0.9, 1 / 30, n_customers)
    weights = rate * alive_days + 1e-12
    repeats = rng.multinomial(n_orders - n_customers, weights / weights.sum())
    mean_spend = 1 / rng.gamma(4.0, 1 / 90.0, n_customers)
    del rate, weights, lifetime
    owner = np.concatenate([np.arange(n_customers), np.repeat(np.arange(n_customers), repeats)])
    is_repeat = np.arange(n_orders) >= n_customers
    shuffle = rng.permutation(n_orders)
    owner, is_repeat = owner[shuffle], is_repeat[shuffle]
    del shuffle, repeats
    for lo in range(0, n_orders, CHUNK):
        who, repeat = owner[lo:lo + CHUNK], is_repeat[lo:lo + CHUNK]
        offset = np.floor(rng.random(len(who)) * (alive_days[who] + 1)).astype(np.int64)
        day = first[who] + np.where(repeat, offset, 0)
        yield pd.DataFrame({"customer_id": who + 1,
                            "date": np.datetime_as_string(START + day, unit="D"),
                            "amount": np.round(rng.gamma(6.0, mean_spend[who] / 6.0), 2),
                            "created_at": STAMP})


def deals(n_deals: int, n_customers: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Deals, their stage changes and activities. Won deals went further and had more activity."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n_deals + 1)
    created = START + rng.integers(0, WINDOW_DAYS - 120, n_deals)
    outcome = rng.choice(np.array([*OPEN, *CLOSED]), n_deals, p=[.1, .1, .1, .1, .3, .3])
    reached = np.where(outcome == "won", rng.integers(2, 4, n_deals), rng.integers(0, 4, n_deals))
    open_rank = pd.Series(outcome).map({s: i for i, s in enumerate(OPEN)}).fillna(0).to_numpy(np.int64)
    reached = np.where(np.isin(outcome, OPEN), open_rank, reached)
    closed = np.isin(outcome, CLOSED)
    created_at = pd.Series(np.datetime_as_string(created, unit="D")) + " 09:00:00"
    closed_at = pd.Series(np.datetime_as_string(created + 60, unit="D")) + " 17:00:00"
    table = pd.DataFrame({
        "id": ids, "customer_id": rng.integers(1, n_customers + 1, n_deals),
        "title": pd.Series(ids).map("Deal {:06d}".format), "currency": "USD",
        "amount": np.round(rng.lognormal(8, 1, n_deals), 2), "stage": outcome,
        "closed_at": closed_at.where(closed, None), "created_at": created_at,
        "updated_at": closed_at.where(closed, created_at)})
    steps = [(d, None if s == 0 else OPEN[s - 1], OPEN[s], c) for d, top, c in
             zip(ids, reached, created_at) for s in range(top + 1)]
    steps += [(d, OPEN[top], o, c) for d, top, o, c, shut in
              zip(ids, reached, outcome, closed_at, closed) if shut]
    history = pd.DataFrame(steps, columns=["deal_id", "from_stage", "to_stage", "changed_at"])
    n_acts = rng.poisson(np.where(outcome == "won", 4, 2))
    owner = np.repeat(np.arange(n_deals), n_acts)
    acts = pd.DataFrame({
        "customer_id": table["customer_id"].to_numpy()[owner], "deal_id": ids[owner],
        "kind": rng.choice(np.array(["call", "meeting", "email", "note"]), len(owner)),
        "summary": "bench", "channel": "console",
        "occurred_at": pd.Series(np.datetime_as_string(created[owner] + rng.integers(0, 59, len(owner)),
                                                       unit="D")) + " 11:00:00",
        "created_at": STAMP})
    return table, history, acts


def required_defaults(table: str, given: pd.Index) -> dict[str, object]:
    """Values for the NOT NULL columns a frame lacks, from the model's Python-side defaults (so a
    column another migration adds does not break the bench)."""
    model = MODELS_BY_TABLE[table]
    values = {}
    for column in database.get_columns(table):
        if column.null or column.primary_key or column.name in given or column.default is not None:
            continue
        field = model._meta.columns[column.name]
        value = field.default() if callable(field.default) else field.default
        values[column.name] = str(value) if hasattr(value, "isoformat") else value
    return values


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that are not constraints."""
    if is_postgres():
        return database.execute_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)", (table,)).fetchall()
    return database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()


def load(table: str, frames: Iterator[pd.DataFrame] | list[pd.DataFrame]) -> int:
    """Append the frames' rows to `table` (columns by name) in one transaction, with its secondary
    indexes dropped meanwhile and rebuilt after (a sort instead of ten million random inserts)."""
    total = 0
    with database.atomic():
        cursor = database.cursor()
        indexes = secondary_indexes(table)
        if is_postgres():
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for frame in frames:
            frame = frame.assign(**required_defaults(table, frame.columns))
            columns = ", ".join(frame.columns)
            if is_postgres():
                buffer = io.StringIO()
                frame.to_csv(buffer, header=False, index=False, na_rep="")
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
            else:
                values = [frame[c].astype(object).where(frame[c].notna(), None).tolist()
                          for c in frame.columns]
                marks = ", ".join("?" * len(frame.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", zip(*values))
            total += len(frame)
        for _, create in indexes:
            cursor.execute(create)
    if is_postgres():  # explicit ids leave the sequence behind
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
    return total
