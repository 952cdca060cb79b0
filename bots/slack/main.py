"""`crm slack`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP at /slack/events (Tornado)."""
from __future__ import annotations

import logging

from bots.slack import senders
from bots.slack.app import build_app
from bots.slack.server import SlackHttpServer
from crm_core.errors import ConfigError
from crm_core.settings import Settings

log = logging.getLogger(__name__)


def serve(settings: Settings, port: int) -> int:
    if not settings.slack_bot_token:
        raise ConfigError("crm slack needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN "
                          "(Socket Mode).", hint="See the Slack section of README.md.")
    from workers.broker import setup

    setup(settings)  # writes are enqueued after commit; without BROKER_URL an in-process worker sends them
    senders.configure(None)
    app = build_app(settings)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("Slack Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()
        return 0
    SlackHttpServer(app, port).run()
    return 0
