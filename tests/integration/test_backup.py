import sqlite3

import pytest

from crm_core import db as crm_db
from crm_core.backup import backup, restore
from crm_core.errors import CrmError
from crm_core.models import Customer, Outbox, utcnow


def add(name):
    return Customer.create(name=name, name_norm=name.lower())


def test_sqlite_backup_and_restore_round_trip(sqlite_database, tmp_path):
    add("acme")
    add("beta")
    target = tmp_path / "backup.db"
    assert backup(target) == target.stat().st_size > 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM customers ORDER BY id").fetchall() == [("acme",), ("beta",)]
        assert copy.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] > 0
    Customer.delete().where(Customer.name == "acme").execute()
    add("gamma")
    restore(target)
    assert [c.name for c in Customer.select().order_by(Customer.id)] == ["acme", "beta"]


def test_restore_refuses_a_file_that_is_not_a_crm_database(sqlite_database, tmp_path):
    add("acme")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id integer)")
    with pytest.raises(CrmError, match="not a SQLite database"):
        restore(text)
    with pytest.raises(CrmError, match="not a CRM one"):
        restore(other)
    with pytest.raises(CrmError, match="No such file"):
        restore(tmp_path / "missing.db")
    assert [c.name for c in Customer.select()] == ["acme"]


def test_postgres_points_to_pg_dump_and_pg_restore(tmp_path):
    db = crm_db.open_database("postgresql://crm:secret@db.internal:6543/sales")  # never connected
    with pytest.raises(CrmError) as backup_error:
        backup(tmp_path / "crm.dump", db)
    message = str(backup_error.value)
    assert "pg_dump" in message and "postgresql://crm@db.internal:6543/sales" in message
    assert "secret" not in message
    with pytest.raises(CrmError) as restore_error:
        restore(tmp_path / "crm.dump", db)
    assert "pg_restore" in str(restore_error.value) and "--dbname=postgresql://crm@db.internal:6543/sales" in \
        str(restore_error.value)


def test_messages_sent_after_the_backup_are_not_sent_again_after_restoring_it(sqlite_database, tmp_path):
    def row(key):
        return Outbox.create(kind="telegram.outreach", key=key, payload="{}", next_attempt_at=utcnow())

    sent, handed_over = row("outreach:1:1"), row("outreach:1:2")
    row("outreach:1:3")  # never sent: the restore leaves it pending
    backup(tmp_path / "backup.db")  # all three pending in the backup
    Outbox.update(status="sent", sent_at=utcnow(), platform_message_id="42").where(Outbox.id == sent.id).execute()
    Outbox.update(status="delivering").where(Outbox.id == handed_over.id).execute()
    assert restore(tmp_path / "backup.db") == 2
    status = {r.key: (r.status, r.platform_message_id) for r in Outbox.select()}
    assert status == {"outreach:1:1": ("sent", "42"), "outreach:1:2": ("uncertain", None),
                      "outreach:1:3": ("pending", None)}
