"""`/crm <free text>`: acknowledged at once, answered through `response_url` when the work is done."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack.replies import Origin, deliver
from bots.slack.runtime import crm
from bots.slack.text import plain
from crm_core.dialogue import converse

COMMAND = "/crm"


def crm_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    origin = Origin(user=command["user_id"], channel=command["channel_id"], response_url=command.get("response_url"),
                    direct=command.get("channel_name") == "directmessage" or command["channel_id"].startswith("D"))
    user = crm(context).user_or_refuse(client, origin)
    if user is None:
        return
    text = plain(command.get("text", "")) or "help"
    deliver(client, origin, converse(user, origin.key, text, channel="slack"))


def register(app: App) -> None:
    app.command(COMMAND)(crm_command)
