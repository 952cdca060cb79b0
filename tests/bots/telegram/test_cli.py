"""`crm telegram` as a process: long polling, webhook mode, and refusing settings that can't work."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from bots.telegram import app as telegram_app
from crm_core.errors import ConfigError
from crm_core.settings import from_environ
from tests.bots.telegram.conftest import ACK, ALICE
from tests.bots.telegram.test_security import free_port
from tests.fakes.telegram_api import TOKEN, FakeTelegramApi, post_update


@pytest.fixture
def env(tmp_path):
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CRM_", "SLACK_", "BROKER_"))}
    env.update(DATABASE_URL=url, HOME=str(tmp_path), TELEGRAM_BOT_TOKEN=TOKEN)
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    return env


def start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(["crm", "telegram", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return process.returncode, err


def stored_username(env: dict) -> str | None:
    with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as db:
        row = db.execute("SELECT username FROM bot_identities WHERE platform = 'telegram'").fetchone()
    return row[0] if row else None


def test_polling_sets_the_menu_answers_and_stops_on_sigterm(env):
    with FakeTelegramApi() as api:
        process = start({**env, "TELEGRAM_API_URL": api.url})
        try:
            api.wait_for("setMyCommands", timeout=30)
            api.message(ALICE, "Hello from a real process")
            assert api.wait_for("sendMessage", chat_id=ALICE.id, timeout=30)[0]["text"] == ACK.format(1001)
        finally:
            code, err = stop(process)
        assert code == 0, err
        assert {"getMe", "deleteWebhook", "setMyCommands"} <= {c.method for c in api.calls}
        assert stored_username(env) == api.bot_username


def test_webhook_mode_checks_the_secret(env):
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram"
    with FakeTelegramApi() as api:
        process = start({**env, "TELEGRAM_API_URL": api.url, "TELEGRAM_WEBHOOK_URL": hook,
                         "TELEGRAM_WEBHOOK_SECRET": "the-secret"}, "--listen", "127.0.0.1", "--port", str(port))
        try:
            assert api.wait_for("setWebhook", timeout=30)[0]["secret_token"] == "the-secret"
            deadline = time.monotonic() + 10
            while post_update(hook, api.build_message(ALICE, text="no secret"), None) != 403:
                assert time.monotonic() < deadline  # listening soon after setWebhook
                time.sleep(0.1)
            assert post_update(hook, api.build_message(ALICE, text="Hello"), "the-secret") == 200
            assert api.wait_for("sendMessage", chat_id=ALICE.id, timeout=30)[0]["text"] == ACK.format(1001)
            assert len(api.sent()) == 1
        finally:
            code, err = stop(process)
        assert code == 0, err


def test_webhook_mode_without_a_secret_is_refused_at_start(env):
    result = subprocess.run(["crm", "telegram"], env={**env, "TELEGRAM_WEBHOOK_URL": "https://example.com/hook"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "needs TELEGRAM_WEBHOOK_SECRET" in result.stderr


@pytest.mark.parametrize("extra, says", [
    ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_WEBHOOK_URL": "https://example.com/hook", "TELEGRAM_WEBHOOK_SECRET": "bad secret!"},
     "needs TELEGRAM_WEBHOOK_SECRET"),
    ({"CRM_BUSINESS_HOURS": "weekdays 9-5"}, "CRM_BUSINESS_HOURS"),
])
def test_settings_that_cant_work_are_refused(extra, says):
    settings = from_environ({"TELEGRAM_BOT_TOKEN": TOKEN, **extra})
    with pytest.raises(ConfigError, match=says):
        telegram_app.check(settings)
