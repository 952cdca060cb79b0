"""Two `crm db upgrade` at once: the second waits for the first, then finds nothing to do."""
import os
import subprocess
import time
import uuid

from crm_core import db as crm_db
from crm_core import migrate
from tests.conftest import POSTGRES_URL, require_service


def start_upgrade(url: str) -> subprocess.Popen:
    return subprocess.Popen(["crm", "db", "upgrade"], env={**os.environ, "DATABASE_URL": url},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(condition, what: str) -> None:
    """Poll until `condition()` holds; the deadline only ends a hung test, it is not what the test measures."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def finish_both(upgrades: list[subprocess.Popen]) -> list[str]:
    outputs = []
    for process in upgrades:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(out)
    return sorted(outputs)  # "Applied: ..." sorts before "The database is up to date."


def assert_one_applied_all_and_the_other_found_nothing(outputs: list[str]) -> None:
    assert outputs[0].startswith("Applied: ") and all(name in outputs[0] for name in migrate.available())
    assert "up to date" in outputs[1]


def blocked_flocks(path: str) -> int:
    inode = os.stat(path).st_ino
    with open("/proc/locks") as locks:
        return sum(1 for line in locks if "->" in line and f":{inode} " in line)


def test_two_upgrades_of_one_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    db = crm_db.open_database(url)
    with migrate.migration_lock(db):  # held here, so both processes must queue behind it
        upgrades = [start_upgrade(url), start_upgrade(url)]
        wait_until(lambda: blocked_flocks(migrate.lock_file(db)) == 2, "both upgrades waiting for the lock")
    assert_one_applied_all_and_the_other_found_nothing(finish_both(upgrades))


def test_two_upgrades_of_one_postgres_schema():
    require_service("PostgreSQL", "127.0.0.1", 5432)
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = crm_db.open_database(POSTGRES_URL)
    admin.execute_sql(f'CREATE SCHEMA "{schema}"')
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    holder = crm_db.open_database(url)
    try:
        with holder.connection_context(), migrate.migration_lock(holder):
            upgrades = [start_upgrade(url), start_upgrade(url)]
            wait_until(lambda: admin.execute_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0] >= 2,
                "both upgrades waiting for the advisory lock")
        assert_one_applied_all_and_the_other_found_nothing(finish_both(upgrades))
    finally:
        holder.close()
        admin.execute_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()
