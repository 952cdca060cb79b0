"""`crm worker`, `crm scheduler` and `crm jobs` as a user runs them."""
from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta

from crm_core import db as crm_db
from crm_core import migrate
from crm_core.models import Outbox, SchedulerRun, utcnow


def crm(*args, env):
    return subprocess.run(["crm", *args], env=env, capture_output=True, text=True, timeout=120)


def environment(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("BROKER_URL", "DATABASE_URL")}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}", **extra}


def test_worker_and_scheduler_need_a_broker_url(tmp_path):
    for command in (["worker"], ["scheduler"]):
        result = crm(*command, env=environment(tmp_path))
        assert result.returncode == 2 and "needs BROKER_URL" in result.stderr and "Traceback" not in result.stderr


def test_jobs_lists_failed_and_stuck_work_and_retries_it(tmp_path):
    db = crm_db.init(f"sqlite:///{tmp_path / 'crm.db'}")
    migrate.upgrade(db)
    long_ago = utcnow() - timedelta(hours=1)
    with db.connection_context():
        def row(key, status, error=None):
            return Outbox.create(kind="telegram.message", key=key, payload=json.dumps({"chat_id": 1}), status=status,
                                 attempts=3, last_error=error, next_attempt_at=long_ago, updated_at=long_ago).id
        failed = row("ticket-message:1", "failed", "Forbidden: bot was blocked by the user")
        stuck = row("ticket-message:2", "sending")
        sent = row("ticket-message:3", "sent")
        SchedulerRun.create(job="segment_customers", slot="2026-11-25", status="failed", error="LookupError: nope")
    db.close()

    listing = crm("jobs", env=environment(tmp_path))
    assert listing.returncode == 0, listing.stderr
    assert "Failed outbox rows: 1" in listing.stdout and "bot was blocked" in listing.stdout
    assert "Stuck outbox rows: 1" in listing.stdout and "ticket-message:2" in listing.stdout
    assert "segment_customers" in listing.stdout and "LookupError: nope" in listing.stdout

    refused = crm("jobs", "--retry", str(sent), env=environment(tmp_path))
    assert refused.returncode == 2 and "is sent, neither failed nor stuck" in refused.stderr
    retried = crm("jobs", "--retry", str(stuck), env=environment(tmp_path))
    assert retried.returncode == 0 and "Pending again: 1" in retried.stdout
    every = crm("jobs", "--retry-all-failed", env=environment(tmp_path))
    assert every.returncode == 0 and "Pending again: 1" in every.stdout
    with db.connection_context():
        assert {r.id: (r.status, r.attempts) for r in Outbox.select()} == {
            failed: ("pending", 0), stuck: ("pending", 0), sent: ("sent", 3)}
