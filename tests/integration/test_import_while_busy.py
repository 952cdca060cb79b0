"""`crm import` on SQLite while the bots write: neither side fails with "database is locked"."""
import threading

import pytest
from peewee import SqliteDatabase

from crm_core import bus
from crm_core import commands as c
from crm_core.imports import import_customers, import_orders
from crm_core.models import Customer, Order
from crm_core.results import Rejected


def test_imports_and_chat_writes_at_once_all_succeed(database, team, tmp_path):
    if not isinstance(database, SqliteDatabase):
        pytest.skip("PostgreSQL has row locks: the lock races are the concurrency tests' subject")
    Customer.create(name="Busy Co", name_norm="busy co")
    paths = []
    for k in range(4):
        path = tmp_path / f"import{k}.csv"
        path.write_text("customer,date,amount\n" + "".join(
            f"Buyer {k}-{i},2024-01-{1 + i % 28:02d},{i}\n" for i in range(2_000)))
        paths.append(path)
    importing = threading.Event()
    errors, answers = [], []

    def run_import(path):
        try:
            importing.set()
            import_orders(path)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of an import
            errors.append(exc)
        finally:
            database.close()

    def chat(rep):
        importing.wait()
        try:
            for i in range(60):
                answers.append(bus.handle(c.LogActivity(customer="Busy Co", kind="call", summary=f"call {i}"),
                                          team[rep]))
        finally:
            database.close()

    threads = [threading.Thread(target=run_import, args=(p,)) for p in paths]
    threads += [threading.Thread(target=chat, args=(rep,)) for rep in ("maria", "sam")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [a for a in answers if isinstance(a, Rejected)] == []
    assert Order.select().count() == 8_000
    assert len(answers) == 120
