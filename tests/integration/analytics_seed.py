"""Test data for the analytics jobs: customers whose orders follow a buy-till-you-die process."""
from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

import numpy as np
from peewee import Database, PostgresqlDatabase, chunked

from crm_core.models import ModelRun, SegmentChange
from crm_core.models import Customer, CustomerScore, Order
from crm_core.names import normalize_name

AS_OF = dt.date(2025, 6, 30)
HISTORY_DAYS = 400  # orders from AS_OF - 400 days to AS_OF + 30 days


def add_customers(names: list[str]) -> list[int]:
    ids = []
    for name in names:
        ids.append(Customer.insert(name=name, name_norm=normalize_name(name)).execute())
    return ids


def add_orders(rows: list[tuple[int, dt.date, float]]) -> None:
    for batch in chunked(rows, 500):
        Order.insert_many([{"customer": c, "date": d, "amount": a} for c, d, a in batch]).execute()


def seed_buyers(n: int = 150, seed: int = 1) -> list[int]:
    """`n` customers with repeat purchases (Poisson while alive, dropping out after a purchase
    with a customer-specific probability) and gamma spend; a few orders fall after AS_OF."""
    rng = np.random.default_rng(seed)
    ids = add_customers([f"Buyer {i:03d}" for i in range(n)])
    start = AS_OF - dt.timedelta(days=HISTORY_DAYS)
    rows: list[tuple[int, dt.date, float]] = []
    for cid in ids:
        rate, dropout = rng.gamma(1.5, 1 / 40), rng.beta(1.0, 5.0)
        mean_spend = rng.gamma(3.0, 20.0)
        t = float(rng.integers(0, HISTORY_DAYS - 20))
        while t <= HISTORY_DAYS + 30:
            rows.append((cid, start + dt.timedelta(days=int(t)), round(rng.gamma(4.0, mean_spend / 4), 2)))
            if rng.random() < dropout:
                break
            t += rng.exponential(1 / rate)
    add_orders(rows)
    return ids


def stored_values() -> dict[int, tuple]:
    """What the jobs write, per customer: segment, segment_at and the scores (None: not scored)."""
    scores = {s.customer_id: s for s in CustomerScore.select()}
    return {c.id: (c.segment, c.segment_at, *_values(scores.get(c.id)))
            for c in Customer.select().order_by(Customer.id)}


def _values(s: CustomerScore | None) -> tuple:
    if s is None:
        return (None,) * 5
    return s.p_alive, s.expected_purchases_90d, s.lifetime_value, s.score_version, s.scored_at


def set_scores(customer_id: int, **values) -> None:
    """Store scores for a customer as `crm score` would (replacing any it has)."""
    CustomerScore.delete().where(CustomerScore.customer == customer_id).execute()
    CustomerScore.create(customer=customer_id, score_version="test", scored_at=dt.datetime(2026, 1, 1), **values)


def clear_run_tables() -> None:
    """The shared PostgreSQL schema keeps rows between tests in tables the fixture doesn't truncate."""
    SegmentChange.delete().execute()
    ModelRun.delete().execute()


def database_url(db: Database) -> str:
    """A DATABASE_URL naming the same database (and schema) as `db`, for subprocesses."""
    if not isinstance(db, PostgresqlDatabase):
        return f"sqlite:///{db.database}"
    params = db.connect_params
    options = quote(params.get("options", ""), safe="")
    host, port = params.get("host", "127.0.0.1"), params.get("port", 5432)
    return f"postgresql://{params.get('user', 'postgres')}@{host}:{port}/{db.database}?options={options}"


def cli_env(db: Database) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BROKER_URL"}
    return {**env, "DATABASE_URL": database_url(db)}
