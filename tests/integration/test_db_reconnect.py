"""PostgreSQL: pooled connections whose server process died (a restart, an operator's pg_terminate_backend)
are dropped at check-out, so the next unit of work runs on a fresh one instead of failing or stalling."""
import threading

import psycopg2
import pytest
from peewee import PostgresqlDatabase

from crm_core import bus
from crm_core import commands as c
from crm_core.models import Customer
from crm_core.results import Rejected
from tests.conftest import POSTGRES_URL


def pooled_backend_pids(database, count: int) -> set[int]:
    """Check out `count` connections at once (one per thread), note their server pids, give them back."""
    pids, barrier = set(), threading.Barrier(count)

    def borrow():
        with database.connection_context():
            pids.add(database.execute_sql("SELECT pg_backend_pid()").fetchone()[0])
            barrier.wait()
        database.close()

    threads = [threading.Thread(target=borrow) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return pids


def test_every_pooled_connection_killed_then_the_next_command_still_runs(database, team):
    if not isinstance(database, PostgresqlDatabase):
        pytest.skip("SQLite has no server connection to lose")
    database.close()
    pids = pooled_backend_pids(database, 4)
    with psycopg2.connect(POSTGRES_URL) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s) AS pid", (list(pids),))
        assert all(ok for (ok,) in cursor.fetchall())
    answers = [bus.handle(c.AddCustomer(customer=f"After Restart {i}"), team["maria"]) for i in range(4)]
    assert not any(isinstance(a, Rejected) for a in answers), answers
    with database.connection_context():
        assert Customer.select().where(Customer.name.startswith("After Restart")).count() == 4
