"""`crm slack` as a process stops cleanly on SIGTERM and Ctrl-C, in Socket Mode and over HTTP: the request
under way is finished (its reply still arrives), the WebSocket is closed, and the exit status is 0."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.bots.slack.conftest import CHANNEL, SECRET, TEAM_ID, Slack, wall_clock
from tests.bots.slack.socket_fake import FakeSocketMode
from tests.bots.telegram.test_security import free_port

SLOW_SECONDS = 1.5  # users.info is held this long, so the signal arrives while the command is under way


@pytest.fixture
def env(tmp_path, slack_api) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CRM_", "SLACK_", "BROKER_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'crm.db'}", HOME=str(tmp_path), SLACK_BOT_TOKEN="xoxb-test",
               SLACK_API_URL=slack_api.api_url)
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    slack_api.slow("users.info", SLOW_SECONDS)
    return env


def command(slack_api, name: str) -> dict[str, Any]:
    return {"token": "legacy", "team_id": TEAM_ID, "channel_id": CHANNEL, "channel_name": "sales",
            "user_id": "UMARIA", "command": "/crm", "text": "help", "response_url": slack_api.response_url(name),
            "trigger_id": f"1.2.{name}"}


def stopped(process: subprocess.Popen, sig: int) -> tuple[int, str]:
    process.send_signal(sig)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return process.returncode, err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_socket_mode_finishes_the_command_under_way_closes_the_socket_and_exits_0(env, slack_api, sig):
    socket = FakeSocketMode()
    slack_api.socket_url = socket.url
    process = subprocess.Popen(["crm", "slack"], env={**env, "SLACK_APP_TOKEN": "xapp-test"}, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert socket.connected.wait(30)
        socket.push({"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                     "payload": command(slack_api, "socket")})
        socket.wait_for_ack("env-1")
        slack_api.wait_for("users.info")  # the listener is under way, waiting on Slack
        code, err = stopped(process, sig)
    finally:
        if process.poll() is None:
            process.kill()
        socket.close()
    assert code == 0, err
    assert socket.closed.is_set()
    [reply] = slack_api.of("response")
    assert reply.args["response_type"] == "ephemeral" and "Tell me what happened" in str(reply.args["blocks"])
    assert "Traceback" not in err


def test_http_mode_finishes_the_command_under_way_and_exits_0_on_sigterm(env, slack_api):
    port = free_port()
    process = subprocess.Popen(["crm", "slack", "--port", str(port)], env={**env, "SLACK_SIGNING_SECRET": SECRET},
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        slack = Slack(f"http://127.0.0.1:{port}/slack/events", slack_api, clock=wall_clock)
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = slack.post(urlencode(command(slack_api, "http")), "application/x-www-form-urlencoded")
                break
            except OSError:
                assert time.monotonic() < deadline, "crm slack did not listen"
                time.sleep(0.2)
        assert answer.status == 200
        slack_api.wait_for("users.info")
        code, err = stopped(process, signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 0, err
    assert len(slack_api.of("response")) == 1
    assert "Traceback" not in err
