"""The data commands as a user runs them: `crm ...` in a subprocess, DATABASE_URL a SQLite file."""
import os
import pty
import sqlite3
import subprocess
import sys

import pytest


@pytest.fixture
def crm(tmp_path):
    db_file = tmp_path / "crm.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_file}"}

    def run(*args, database_url=None, stderr=subprocess.PIPE):
        run_env = {**env, "DATABASE_URL": database_url} if database_url else env
        return subprocess.run([sys.executable, "-c", "import sys; from crm_core.cli import main; sys.exit(main())",
                               *args], cwd=tmp_path, env=run_env, stdout=subprocess.PIPE, stderr=stderr, text=True,
                              timeout=120)

    run.db_file = db_file
    return run


def count(db_file, table):
    with sqlite3.connect(db_file) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_demo_loads_into_an_empty_file_once(crm):
    first = crm("demo")
    assert first.returncode == 0, first.stderr
    assert "customers" in first.stdout and "orders" in first.stdout
    assert count(crm.db_file, "customers") >= 300
    with sqlite3.connect(crm.db_file) as connection:  # segmented and scored, as the nightly jobs would
        at_risk = connection.execute("SELECT count(*) FROM customers WHERE segment = 'at_risk'").fetchone()[0]
        scored = connection.execute("SELECT count(*) FROM customer_scores WHERE p_alive IS NOT NULL").fetchone()[0]
    assert at_risk > 0 and scored > 0 and f"at risk {at_risk}" in first.stdout
    second = crm("demo")
    assert second.returncode == 0
    assert second.stdout.strip() == "demo data already loaded"


def test_import_customers_prints_a_summary_and_the_bad_rows(crm, tmp_path):
    (tmp_path / "customers.csv").write_text(
        "name,email,phone,city\nAcme,info@acme.example,,Berlin\nBeta,x@,,\nAcme,,,\n", encoding="utf-8")
    result = crm("import", "customers", "customers.csv")
    assert result.returncode == 0, result.stderr
    assert "3 rows read, 1 created" in result.stdout and "1 bad" in result.stdout
    assert "row 3: malformed email 'x@'" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert count(crm.db_file, "customers") == 1


def test_import_orders_shows_at_most_twenty_bad_rows(crm, tmp_path):
    rows = "".join(f"Acme,2024-01-{day:02d},-{day}\n" for day in range(1, 26))
    (tmp_path / "orders.csv").write_text("customer,date,amount\nAcme,2024-01-01,10\n" + rows, encoding="utf-8")
    result = crm("import", "orders", "orders.csv")
    assert result.returncode == 0, result.stderr
    assert "26 rows read, 1 created" in result.stdout and "1 customers created" in result.stdout
    assert "row 3: negative amount '-1'" in result.stdout and "row 22:" in result.stdout
    assert "row 23:" not in result.stdout and "and 5 more bad rows" in result.stdout
    assert count(crm.db_file, "orders") == 1


def test_import_errors_go_to_stderr_with_a_non_zero_status(crm, tmp_path):
    missing = crm("import", "orders", "nope.csv")
    assert missing.returncode != 0 and "No such file" in missing.stderr and missing.stdout == ""
    (tmp_path / "orders.csv").write_text("customer,date\nAcme,2024-01-01\n", encoding="utf-8")
    no_column = crm("import", "orders", "orders.csv")
    assert no_column.returncode != 0 and "amount" in no_column.stderr and no_column.stdout == ""
    assert count(crm.db_file, "orders") == 0


def test_export_customers(crm, tmp_path):
    (tmp_path / "customers.csv").write_text("name,city\nAcme,Berlin\nBeta,Rome\n", encoding="utf-8")
    assert crm("import", "customers", "customers.csv").returncode == 0
    result = crm("export", "customers", "out.csv")
    assert result.returncode == 0 and "2 customers" in result.stdout
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ("name,email,phone,city,owner,segment,lifetime_value,created_at,"
                        "churn_risk,p_alive,expected_purchases_90d,clv")
    assert lines[1].startswith("Acme,,,Berlin,")


def test_backup_and_restore(crm, tmp_path):
    (tmp_path / "customers.csv").write_text("name\nAcme\n", encoding="utf-8")
    assert crm("import", "customers", "customers.csv").returncode == 0
    backed_up = crm("backup", "saved.db")
    assert backed_up.returncode == 0, backed_up.stderr
    (tmp_path / "more.csv").write_text("name\nBeta\nGamma\n", encoding="utf-8")
    assert crm("import", "customers", "more.csv").returncode == 0
    assert count(crm.db_file, "customers") == 3
    restored = crm("restore", "saved.db")
    assert restored.returncode == 0, restored.stderr
    assert count(crm.db_file, "customers") == 1
    refused = crm("restore", "more.csv")
    assert refused.returncode != 0 and "not a SQLite database" in refused.stderr
    assert count(crm.db_file, "customers") == 1


def test_backup_on_postgres_points_to_pg_dump(crm):
    result = crm("backup", "crm.dump", database_url="postgresql://postgres@127.0.0.1:5432/test")
    assert result.returncode != 0 and "pg_dump" in result.stderr and result.stdout == ""


def test_a_progress_bar_is_drawn_when_stderr_is_a_terminal(crm, tmp_path):
    (tmp_path / "orders.csv").write_text("customer,date,amount\n" + "Acme,2024-01-01,10\n" * 3, encoding="utf-8")
    terminal, stderr = pty.openpty()
    try:
        result = crm("import", "orders", "orders.csv", stderr=stderr)
        os.close(stderr)
        drawn = os.read(terminal, 65536).decode()
    finally:
        os.close(terminal)
    assert result.returncode == 0
    assert "[" + "#" * 30 + "] 3/3" in drawn
    assert "row" not in drawn and "3 rows read" in result.stdout


def test_import_is_recorded_under_the_teammate_named_by_as(crm, tmp_path):
    assert crm("demo").returncode == 0
    with sqlite3.connect(crm.db_file) as connection:
        rep_id, rep_name = connection.execute("SELECT id, name FROM users WHERE role = 'rep' ORDER BY id").fetchone()
    (tmp_path / "customers.csv").write_text("name,email\nZeta Imports,zeta@zeta.example\n", encoding="utf-8")
    result = crm("import", "customers", "customers.csv", "--as", rep_name)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(crm.db_file) as connection:
        actor = connection.execute("SELECT actor_id FROM audit_log WHERE action = 'import_customers'").fetchone()
    assert actor == (rep_id,)


def test_import_as_an_unknown_teammate_is_refused_and_imports_nothing(crm, tmp_path):
    (tmp_path / "customers.csv").write_text("name,email\nZeta Imports,zeta@zeta.example\n", encoding="utf-8")
    result = crm("import", "customers", "customers.csv", "--as", "Nobody Known")
    assert result.returncode != 0
    assert "I don't know a teammate called “Nobody Known”" in result.stderr
    assert count(crm.db_file, "customers") == 0
