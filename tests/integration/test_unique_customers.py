"""A customer exists once: the database refuses a second row with the same normalised name or email, imports
and chat adds racing each other create none, and migration 0014 merges the duplicates already there."""
import json
import random
import threading

import pytest
from peewee import IntegrityError, SqliteDatabase

from crm_core import bus, migrate
from crm_core import commands as c
from crm_core.context import Context
from crm_core.imports import import_customers
from crm_core.models import ALL_MODELS, Customer
from crm_core.results import Rejected
from crm_core.services.linking import customer_for
from tests.integration.conftest import NOW


def duplicate_names() -> list[tuple[str, int]]:
    rows = Customer.select(Customer.name_norm).tuples()
    counts: dict[str, int] = {}
    for (norm,) in rows:
        counts[norm] = counts.get(norm, 0) + 1
    return [(norm, n) for norm, n in counts.items() if n > 1]


def test_the_database_refuses_a_second_customer_with_the_same_name_or_email(database):
    Customer.create(name="Acme Corp", name_norm="acme", email="info@acme.com")
    with pytest.raises(IntegrityError), database.atomic():
        Customer.create(name="ACME", name_norm="acme")
    with pytest.raises(IntegrityError), database.atomic():
        Customer.create(name="Other", name_norm="other", email="info@acme.com")
    Customer.create(name="No Mail", name_norm="no mail")
    Customer.create(name="No Mail Either", name_norm="no mail either")  # many customers without email
    assert Customer.select().count() == 3


def write_customers(path, names: list[str]) -> None:
    path.write_text("name,email\n" + "".join(f"{n},{n.lower().replace(' ', '.')}@example.com\n" for n in names))


def test_four_concurrent_imports_of_the_same_customers_create_each_once(database, tmp_path):
    names = [f"Customer {i:05d}" for i in range(10_000)]
    files = []
    for k in range(4):
        shuffled = random.Random(k).sample(names, len(names))  # other orders: the inserts cross each other
        write_customers(tmp_path / f"c{k}.csv", shuffled)
        files.append(tmp_path / f"c{k}.csv")
    reports, errors = [], []

    def run(path):
        try:
            reports.append(import_customers(path))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of an import
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Customer.select().count() == 10_000
    assert duplicate_names() == []
    assert sum(r.created for r in reports) == 10_000  # each customer counted as created by one import only
    assert all(r.created + r.skipped == 10_000 for r in reports)


def test_chat_adds_racing_an_import_create_no_duplicate(database, tmp_path, team):
    names = [f"Racer {i:03d}" for i in range(300)]
    write_customers(tmp_path / "racers.csv", names)
    answers, errors, reports = [], [], []

    def chat():
        try:
            for name in names:
                answers.append(bus.handle(c.AddCustomer(customer=name), team["maria"]))
        finally:
            database.close()

    def importer():
        try:
            reports.append(import_customers(tmp_path / "racers.csv"))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=chat), threading.Thread(target=importer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Customer.select().count() == 300
    assert duplicate_names() == []
    refused = [a for a in answers if isinstance(a, Rejected)]
    assert all("is already a customer" in a.message for a in refused)
    assert len(answers) - len(refused) + reports[0].created == 300  # each added once, by the chat or the import


def test_a_telegram_lead_named_like_a_customer_is_still_stored(database, team):
    Customer.create(name="Ann Lee", name_norm="ann lee")
    ctx = Context(user=team["admin"], now=NOW, channel="telegram")
    lead = customer_for(c.TelegramProfile(telegram_user_id=77, chat_id=77, first_name="Ann", last_name="Lee"), ctx)
    assert (lead.name, lead.is_lead, lead.telegram_user_id) == ("Ann Lee", True, 77)
    assert Customer.select().where(Customer.name == "Ann Lee").count() == 2


def _upgrade_until_0014(database, monkeypatch) -> list[str]:
    every = migrate.available()
    cut = next(i for i, name in enumerate(every) if name.startswith("0014"))
    for table in [*(m._meta.table_name for m in reversed(ALL_MODELS)), "schema_migrations"]:
        database.execute_sql(f'DROP TABLE IF EXISTS "{table}"' if isinstance(database, SqliteDatabase)
                             else f'DROP TABLE IF EXISTS "{table}" CASCADE')
    monkeypatch.setattr(migrate, "available", lambda: every[:cut])
    migrate.upgrade(database)
    monkeypatch.setattr(migrate, "available", lambda: every)
    return every[cut:]


def test_migration_merges_duplicates_into_the_oldest_and_moves_what_they_had(database, monkeypatch):
    later = _upgrade_until_0014(database, monkeypatch)
    sql = database.execute_sql
    sql("INSERT INTO users (name, role, timezone, is_active, created_at) VALUES ('Ann', 'rep', 'UTC', true, '2026-01-01')")
    for name, norm, email, phone in [("Acme", "acme", None, None), ("ACME Inc", "acme", "info@acme.com", "+4930"),
                                     ("Acme Labs", "acme labs", "info@acme.com", None),
                                     ("Globex", "globex", None, None)]:
        sql("INSERT INTO customers (name, name_norm, email, phone, is_lead, outreach_opt_in, support_new_ticket, "
            "created_at, updated_at)"
            f" VALUES ({', '.join([database.param] * 4)}, false, true, false, '2026-01-01', '2026-01-01')",
            [name, norm, email, phone])
    # Customer 2 shares the name of 1, customer 3 the email of 2: all three are one customer.
    sql("INSERT INTO orders (customer_id, date, amount, created_at) VALUES (2, '2026-01-02', 5, '2026-01-02')")
    sql("INSERT INTO deals (customer_id, title, amount, currency, stage, created_at, updated_at) "
        "VALUES (3, 'Deal', 5, 'USD', 'lead', '2026-01-02', '2026-01-02')")
    sql("INSERT INTO tickets (number, customer_id, subject, status, priority, channel, created_at, updated_at) "
        "VALUES (1001, 3, 'Help', 'open', 'normal', 'console', '2026-01-02', '2026-01-02')")
    sql("INSERT INTO activities (customer_id, kind, summary, channel, occurred_at, created_at) "
        "VALUES (2, 'call', 'hi', 'console', '2026-01-02', '2026-01-02')")
    sql("INSERT INTO reminders (user_id, customer_id, text, due_at, status, created_at) "
        "VALUES (1, 3, 'call', '2026-01-03', 'pending', '2026-01-02')")
    assert migrate.upgrade(database) == later

    customers = sql("SELECT id, name, email, phone FROM customers ORDER BY id").fetchall()
    assert customers == [(1, "Acme", "info@acme.com", "+4930"), (4, "Globex", None, None)]
    for table in ("orders", "deals", "tickets", "activities", "reminders"):
        assert sql(f"SELECT customer_id FROM {table}").fetchall() == [(1,)], table
    audit = sql("SELECT entity_id, op, before, description FROM audit_log WHERE action = 'merge_duplicates' "
                "ORDER BY id").fetchall()
    assert [(a[0], a[1]) for a in audit] == [(2, "delete"), (3, "delete"), (None, "update")]
    assert json.loads(audit[1][2])["name"] == "Acme Labs"
    assert "merged 2 duplicate customers into 1" in audit[2][3]
    with pytest.raises(IntegrityError), database.atomic():
        Customer.create(name="acme!", name_norm="acme")
