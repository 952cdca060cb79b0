import os
import subprocess


def crm(*args, env):
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True, timeout=120)


def test_db_upgrade_then_status_on_a_fresh_sqlite_file(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}"}
    first = crm("db", "upgrade", env=env)
    assert first.returncode == 0 and "0001_initial" in first.stdout
    again = crm("db", "upgrade", env=env)
    assert again.returncode == 0 and "up to date" in again.stdout
    status = crm("db", "status", env=env)
    assert "0001_initial" in status.stdout and "pending" not in status.stdout


def test_db_upgrade_on_postgres(postgres_schema):
    url = f"postgresql://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{postgres_schema}"
    result = crm("db", "upgrade", env={**os.environ, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout  # the fixture migrated this schema already


def test_a_bad_database_url_is_a_clear_error(tmp_path):
    result = crm("db", "status", env={**os.environ, "DATABASE_URL": "mysql+nonsense://x"})
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr
