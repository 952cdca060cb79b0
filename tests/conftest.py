"""Fixtures shared by every test: a migrated database on SQLite or on the real PostgreSQL.

A service that is not running skips the tests that need it, with the reason; under CI=true it fails
them instead, so CI can't pass by skipping.

`CRM_TEST_DATE=2028-02-29T23:30:00` runs the whole suite on another day (UTC; a bare date keeps the time of
day): time-machine moves this process's clocks there and keeps them ticking, and `crm` processes that tests
start get the same day through `CRM_CLOCK_OFFSET`. CI runs the suite at today's date and at two others.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from peewee import Database, PostgresqlDatabase

from crm_core import clock, events, migrate
from crm_core import db as crm_db
from crm_core.migrate import SchemaMigration

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")


def pytest_configure(config: pytest.Config) -> None:
    target = os.environ.get("CRM_TEST_DATE")
    if not target:
        return
    import time_machine

    real = datetime.now(UTC)
    moment = datetime.fromisoformat(target)
    if "T" not in target:
        moment = datetime.combine(moment.date(), real.time())
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    os.environ["CRM_CLOCK_OFFSET"] = str((moment - real).total_seconds())  # for the processes tests start
    clock.set_offset(0)  # in this process time-machine moves the clock
    config._crm_travel = time_machine.travel(moment, tick=True)
    config._crm_travel.start()


def pytest_report_header(config: pytest.Config) -> str | None:
    target = os.environ.get("CRM_TEST_DATE")
    return f"clock: moved to {target} (CRM_TEST_DATE)" if target else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("CRM_TEST_DATE"):
        return
    # Their worker processes and this one would share Redis with clocks years apart (dramatiq stamps
    # delayed messages with time.time(), which only this process has moved).
    moved = pytest.mark.skip(reason="fault tests with worker processes run at the real date only")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(moved)


@pytest.fixture(autouse=True)
def no_subscriber_outlives_its_test() -> Iterator[None]:
    """A front-end a test builds (a Slack app and its App Home refresher) is closed by that test: a subscriber left
    behind would act on every later test's writes, on its own threads and connections."""
    before = {kind: list(handlers) for kind, handlers in events._handlers.items()}
    yield
    left = {kind: [h for h in handlers if h not in before.get(kind, [])] for kind, handlers in events._handlers.items()}
    for kind, handlers in left.items():
        for handler in handlers:
            events.unsubscribe(kind, handler)
    assert not any(left.values()), f"still subscribed after the test: {left}"


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    if port_open(host, port):
        return
    reason = f"{name} is not reachable at {host}:{port}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """A schema of our own in the shared test database, so concurrent test runs don't collide."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = crm_db.open_database(POSTGRES_URL)
    admin.execute_sql(f'CREATE SCHEMA "{schema}"')
    db = PostgresqlDatabase(None)
    db.init(admin.database, **{**admin.connect_params, "options": f"-csearch_path={schema}"})
    migrate.upgrade(db)
    db.close()
    yield schema
    admin.execute_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.close()


def _postgres_database(schema: str) -> Database:
    db = crm_db.open_database(POSTGRES_URL)
    db.init(db.database, **{**db.connect_params, "options": f"-csearch_path={schema}"})
    return db


def _empty_all(db: Database) -> None:
    """Empty every table of the test schema but the migrations' own, and restart its ids, as a new database.

    DELETE with the foreign-key and rollup triggers off (session_replication_role) takes 5 ms where TRUNCATE of
    the same tables took 150 ms, once before each PostgreSQL test. The rollup tables are emptied with the rest."""
    tables = [row[0] for row in db.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> %s",
        (SchemaMigration._meta.table_name,))]
    sequences = [row[0] for row in db.execute_sql(
        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()")]
    with db.atomic():
        db.execute_sql("SET LOCAL session_replication_role = replica")
        for table in tables:
            db.execute_sql(f'DELETE FROM "{table}"')
        for sequence in sequences:
            db.execute_sql(f'ALTER SEQUENCE "{sequence}" RESTART')


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> Iterator[Database]:
    """An empty, migrated database bound to the models: one run on SQLite, one on PostgreSQL."""
    if request.param == "sqlite":
        db = crm_db.open_database(f"sqlite:///{tmp_path / 'crm.db'}")
        migrate.upgrade(db)
    else:
        db = _postgres_database(request.getfixturevalue("postgres_schema"))
        _empty_all(db)
    crm_db.database.initialize(db)
    yield db
    db.close()


@pytest.fixture
def sqlite_database(tmp_path) -> Iterator[Database]:
    """For tests whose subject is not the database: SQLite only."""
    db = crm_db.init(f"sqlite:///{tmp_path / 'crm.db'}")
    migrate.upgrade(db)
    yield db
    db.close()
