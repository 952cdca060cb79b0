"""`/crm <free text>`: acknowledged at once, answered through `response_url` when the work is done."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack.errors import reported
from bots.slack.replies import Origin
from bots.slack.runtime import crm

COMMAND = "/crm"


def crm_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    origin = Origin(user=command["user_id"], channel=command["channel_id"], response_url=command.get("response_url"),
                    direct=command.get("channel_name") == "directmessage" or command["channel_id"].startswith("D"))
    with reported(command, client):
        user = crm(context).user_or_refuse(client, origin)
        if user is not None:
            crm(context).talk(client, origin, user, command.get("text", ""), context.bot_user_id)


def register(app: App) -> None:
    app.command(COMMAND)(crm_command)
