"""`crm restore` refuses while a bot, worker or scheduler uses the database, and says which and how to stop it."""
import os
import subprocess

import pytest

from crm_core import processes
from crm_core.backup import backup, restore
from crm_core.errors import CrmError
from crm_core.models import Customer, RunningProcess


def crm(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True, check=False, timeout=120)


def names() -> list[str]:
    return [c.name for c in Customer.select().order_by(Customer.id)]


def test_restore_refuses_while_a_worker_runs_and_works_once_it_stopped(sqlite_database, tmp_path):
    Customer.create(name="Acme", name_norm="acme")
    backup(tmp_path / "backup.db")
    Customer.create(name="Added Later", name_norm="added later")
    with processes.registered("crm worker"):
        with pytest.raises(CrmError) as refused:
            restore(tmp_path / "backup.db")
        assert f"`crm worker` (pid {os.getpid()}" in refused.value.message
        assert f"kill {os.getpid()}" in refused.value.hint
        assert names() == ["Acme", "Added Later"]
    restore(tmp_path / "backup.db")
    assert names() == ["Acme"]


def test_a_process_killed_without_cleaning_up_does_not_block_restore(sqlite_database, tmp_path):
    backup(tmp_path / "backup.db")
    gone = subprocess.Popen(["true"])  # its pid no longer exists once it exited
    gone.wait()
    RunningProcess.create(kind="crm run", pid=gone.pid, host=os.uname().nodename)
    restore(tmp_path / "backup.db")
    assert RunningProcess.select().count() == 0


def test_crm_restore_names_a_running_crm_run(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}"}
    env.pop("BROKER_URL", None)
    env.pop("SLACK_BOT_TOKEN", None)
    env.pop("TELEGRAM_BOT_TOKEN", None)
    assert crm("db", "upgrade", env=env).returncode == 0
    assert crm("backup", str(tmp_path / "b.db"), env=env).returncode == 0
    run = subprocess.Popen(["crm", "run"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        for line in run.stderr:  # it prints what runs once it has started (and recorded itself)
            if "console chat" in line:
                break
        refused = crm("restore", str(tmp_path / "b.db"), env=env)
        assert refused.returncode != 0
        assert f"`crm run` (pid {run.pid}" in refused.stderr and f"kill {run.pid}" in refused.stderr
    finally:
        run.communicate(input="", timeout=60)
    done = crm("restore", str(tmp_path / "b.db"), env=env)
    assert done.returncode == 0, done.stderr
