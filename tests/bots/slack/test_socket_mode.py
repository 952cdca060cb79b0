"""Socket Mode (SLACK_APP_TOKEN): the same app over a WebSocket; acks go back on the socket at once."""
from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bots.slack.app import build_app
from crm_core.models import Activity, User
from crm_core.settings import Settings
from tests.bots.slack.conftest import CHANNEL, TEAM_ID, text_of
from tests.bots.slack.socket_fake import FakeSocketMode


def test_a_slash_command_over_socket_mode(database, slack_api, customers):
    User.create(name="Maria Lopez", role="rep", email="maria@crm.example")
    socket = FakeSocketMode()
    slack_api.socket_url = socket.url
    settings = Settings(slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_api_url=slack_api.api_url)
    app = build_app(settings)
    handler = SocketModeHandler(app, settings.slack_app_token)
    try:
        handler.connect()
        assert socket.connected.wait(10)
        command = {"token": "legacy", "team_id": TEAM_ID, "channel_id": CHANNEL, "channel_name": "sales",
                   "user_id": "UMARIA", "command": "/crm", "text": "log a call with globex",
                   "response_url": slack_api.response_url("socket"), "trigger_id": "1.2.socket"}
        envelope = {"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                    "payload": command}
        socket.push(envelope)
        assert socket.wait_for_ack("env-1") == {"envelope_id": "env-1"}
        [reply] = slack_api.wait_for("response")
        assert "Logged a call with Globex Ltd." in text_of(reply.args["blocks"])
        socket.push({**envelope, "envelope_id": "env-2"})  # redelivered: same trigger_id
        socket.wait_for_ack("env-2")
        slack_api.quiet(0.5)
        assert Activity.select().count() == 1
        assert slack_api.of("apps.connections.open")  # the WebSocket URL came from SLACK_API_URL
    finally:
        handler.close()
        app.close()
        socket.close()
        getattr(database, "close_idle", lambda: None)()
