"""`crm run` as a process: Slack, Telegram, the in-process worker and the scheduler together; the console
chat when no chat token is set; SIGTERM stops it all; a front-end that can't start says why."""
from __future__ import annotations

import os
import select
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.bots.slack.conftest import SECRET, Slack, text_of, wall_clock
from tests.conftest import require_service
from tests.bots.telegram.conftest import ACK, ALICE
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi

REP_TELEGRAM_ID = 7003
RUN_REDIS_URL = "redis://127.0.0.1:6379/12"  # no other test uses this database
QUICK_EXIT_SECONDS = 15  # a hang guard for the test, not a speed claim


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CRM_", "SLACK_", "BROKER_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}", HOME=str(tmp_path), PYTHONFAULTHANDLER="1")
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sql(env: dict[str, str], statement: str, *params: object) -> list[tuple]:
    with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return db.execute(statement, params).fetchall()


def add_overdue_reminder(env: dict[str, str]) -> None:
    sql(env, "INSERT INTO users (name, role, timezone, is_active, created_at, telegram_user_id) "
             "VALUES ('Sam Lee', 'rep', 'UTC', 1, '2026-01-01 00:00:00', ?)", REP_TELEGRAM_ID)
    sql(env, "INSERT INTO reminders (user_id, text, due_at, status, created_at) "
             "VALUES (1, 'call Acme back', '2026-01-02 09:00:00', 'pending', '2026-01-01 00:00:00')")


def first_line(process: subprocess.Popen, timeout: float = 60) -> str:
    """The line `crm run` prints once everything has started."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, "crm run printed nothing"
    line = process.stdout.readline()
    assert line, process.stderr.read()
    return line.strip()


def terminate(process: subprocess.Popen, signum: int = signal.SIGTERM) -> tuple[int, float, str]:
    started = time.monotonic()
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=QUICK_EXIT_SECONDS)
    except subprocess.TimeoutExpired:  # SIGABRT: faulthandler prints every thread's stack into `err`
        process.send_signal(signal.SIGABRT)
        try:
            _, err = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
    return process.returncode, time.monotonic() - started, err


def refused_connection(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_slack_telegram_worker_and_scheduler_in_one_process(env):
    add_overdue_reminder(env)
    port = free_port()
    with FakeSlackApi() as slack_api, FakeTelegramApi() as tg_api:
        slack_api.add_user("UMARIA", "Maria Lopez", "maria@crm.example")
        process = subprocess.Popen(
            ["crm", "run", "--port", str(port)], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**env, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SECRET,
                 "SLACK_API_URL": slack_api.api_url, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": tg_api.url})
        try:
            started = first_line(process)
            assert started == (f"worker: in-process 4 threads, scheduler: on, Slack: HTTP on :{port}, "
                               "Telegram: polling")
            answer = Slack(f"http://127.0.0.1:{port}/slack/events", slack_api, clock=wall_clock).command(
                "add customer Hooli, email gavin@hooli.example")
            assert answer.status == 200
            [reply] = slack_api.wait_for("response", timeout=20)
            assert "Added customer Hooli." in text_of(reply.args["blocks"])

            tg_api.message(ALICE, "My invoice is wrong")
            assert tg_api.wait_for("sendMessage", chat_id=ALICE.id, timeout=20)[0]["text"] == ACK.format(1001)

            reminder = tg_api.wait_for("sendMessage", chat_id=REP_TELEGRAM_ID, timeout=30)[0]
            assert reminder["text"] == "Reminder: call Acme back"  # the scheduler's catch-up, the worker's send
        finally:
            code, seconds, err = terminate(process)
        assert code == 0, err
        assert seconds < QUICK_EXIT_SECONDS and refused_connection(port)
        assert sql(env, "SELECT status FROM reminders") == [("sent",)]
        assert sql(env, "SELECT status FROM outbox WHERE kind = 'telegram.message'") == [("sent",)]
        polls = len(tg_api.calls_to("getUpdates"))
        time.sleep(1)
        assert len(tg_api.calls_to("getUpdates")) == polls  # nothing polls any more


def test_with_a_broker_the_worker_threads_consume_from_it(env):
    require_service("Redis", "127.0.0.1", 6379)
    add_overdue_reminder(env)
    with FakeTelegramApi() as tg_api:
        process = subprocess.Popen(["crm", "run"], text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env={**env, "BROKER_URL": RUN_REDIS_URL, "TELEGRAM_BOT_TOKEN": TOKEN,
                                        "TELEGRAM_API_URL": tg_api.url})
        try:
            assert first_line(process) == "worker: 4 threads on redis, scheduler: on, Telegram: polling"
            reminder = tg_api.wait_for("sendMessage", chat_id=REP_TELEGRAM_ID, timeout=30)[0]
            assert reminder["text"] == "Reminder: call Acme back"
        finally:
            code, seconds, err = terminate(process)
        assert code == 0, err


def test_a_front_end_that_cant_start_says_why_and_exits(env):
    with FakeTelegramApi() as tg_api:
        result = subprocess.run(["crm", "run"], env={**env, "TELEGRAM_BOT_TOKEN": "999:wrong-token",
                                                     "TELEGRAM_API_URL": tg_api.url},
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("crm: Telegram did not start: InvalidToken:"), result.stderr
    assert "Check the token" in result.stderr


def test_slack_without_a_signing_secret_is_refused_before_anything_starts(env):
    result = subprocess.run(["crm", "run"], env={**env, "SLACK_BOT_TOKEN": "xoxb-test"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "SLACK_SIGNING_SECRET" in result.stderr


SCRIPT = "add customer Hooli, email gavin@hooli.example\nwhat do we know about hooli?\nshow top 3 customers\nundo\n"


def test_without_chat_tokens_it_is_the_console_chat(env, tmp_path):
    answers = {}
    for command in ("run", "chat"):
        database = tmp_path / f"{command}.db"
        result = subprocess.run(["crm", command], input=SCRIPT, capture_output=True, text=True, timeout=60,
                                env={**env, "DATABASE_URL": f"sqlite:///{database}"})
        assert result.returncode == 0, result.stderr
        answers[command] = result.stdout
    assert answers["run"] == answers["chat"]
    assert "Added customer Hooli." in answers["run"] and "Undone: added customer Hooli" in answers["run"]


def test_the_quick_start_default_sqlite_in_the_current_folder_with_demo_data(env, tmp_path):
    folder = tmp_path / "quick"
    folder.mkdir()
    env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    subprocess.run(["crm", "demo"], cwd=folder, env=env, check=True, capture_output=True, timeout=120)
    result = subprocess.run(["crm", "run"], input="show top 2 customers\nadd customer Hooli\n", cwd=folder, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Top customers by revenue:") and "Added customer Hooli." in result.stdout
    assert "worker: in-process 4 threads, scheduler: on, console chat" in result.stderr
    assert Path(folder / "crm.db").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_console_mode_too(env, signum):
    process = subprocess.Popen(["crm", "run"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    ready, _, _ = select.select([process.stderr], [], [], 60)
    assert ready and "console chat" in process.stderr.readline()
    code, seconds, err = terminate(process, signum)
    assert code == 0, err
