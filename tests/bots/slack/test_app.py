"""The app as a whole: acks before slow work, the error handler, `crm slack` as a process, the manifest."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from bots.slack import runtime
from bots.slack.listeners import shortcuts
from crm_core.models import Activity
from tests.bots.slack.conftest import SECRET, Slack, text_of, wall_clock
from tests.fakes.slack_api import FakeSlackApi

ROOT = Path(__file__).parents[3]


def test_the_ack_does_not_wait_for_slow_work(slack, customers):
    slack.api.slow("users.info", 3.5)  # Sam's first contact: a slow users.info
    started = time.monotonic()
    answer = slack.command("log a call with globex", user="USAM")
    acked = time.monotonic() - started
    assert answer.status == 200 and acked < 1.0
    [reply] = slack.api.wait_for("response", timeout=15)
    assert reply.at - started >= 3.5 and "Logged a call with Globex Ltd." in reply.args["text"]


def test_an_unexpected_error_is_logged_and_the_user_gets_a_reference(slack, customers, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(runtime, "converse", broken)
    assert slack.command("log a call with globex").status == 200
    [reply] = slack.api.wait_for("response")
    assert re.search(r"Something went wrong on our side \(reference [0-9a-f]{8}\)", reply.args["text"])
    assert reply.args["response_type"] == "ephemeral"
    assert Activity.select().count() == 0


def test_the_core_imports_no_slack():
    for path in (ROOT / "crm_core").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(from|import)\s+slack", source, re.M), path


def test_the_manifest_names_what_the_code_listens_for():
    manifest = (ROOT / "bots" / "slack" / "manifest.yml").read_text()
    assert "command: /crm" in manifest
    assert f"callback_id: {shortcuts.SHORTCUT}" in manifest
    for event in ("app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"):
        assert f"- {event}" in manifest
    for scope in ("commands", "chat:write", "users:read", "users:read.email", "im:history", "channels:history",
                  "files:read"):
        assert f"- {scope}" in manifest
    assert manifest.count("https://crm.example.com/slack/events") == 4 and "home_tab_enabled: true" in manifest
    assert "message_menu_options_url" in manifest  # the customer type-ahead of the Log to CRM modal


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_crm_slack_serves_http_until_sigterm(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_BOT_TOKEN": "xoxb-test", "HOME": str(tmp_path)}
    env.pop("SLACK_APP_TOKEN", None)
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True)
    with FakeSlackApi() as api:
        api.add_user("UMARIA", "Maria Lopez", "maria@crm.example")
        port = _free_port()
        process = subprocess.Popen(["crm", "slack", "--port", str(port)], env={**env, "SLACK_API_URL": api.api_url},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            slack = Slack(f"http://127.0.0.1:{port}/slack/events", api, clock=wall_clock)
            deadline = time.monotonic() + 90  # a loaded machine starts `crm slack` slowly
            while True:
                try:
                    answer = slack.command("add customer Hooli, email gavin@hooli.example")
                    break
                except OSError:
                    # stderr is read only once the process has ended: reading a live one's would block forever
                    assert process.poll() is None, process.stderr.read()
                    assert time.monotonic() < deadline, "crm slack did not answer within 90 s"
                    time.sleep(0.2)
            assert answer.status == 200
            [reply] = api.wait_for("response", timeout=20)
            assert "Added customer Hooli." in text_of(reply.args["blocks"])
            assert [c.method for c in api.calls][0] == "auth.test"
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(20) == 0


def test_crm_slack_without_tokens_says_what_is_missing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    result = subprocess.run(["crm", "slack"], env={**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
                                                   "HOME": str(tmp_path)},
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr

