"""What the interactive listeners share: where a press came from, and reading a button's value."""
from __future__ import annotations

import json
from typing import Any

from bots.slack.replies import Origin


def action_origin(body: dict[str, Any]) -> Origin:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
    return Origin(user=body["user"]["id"], channel=channel,
                  thread_ts=container.get("thread_ts") or message.get("thread_ts"),
                  response_url=body.get("response_url"), direct=channel.startswith("D"))


def button_value(action: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def not_yours(asker: str | None, presser: str) -> str | None:
    """Buttons answer the person they were shown to."""
    if asker and asker != presser:
        return f"That button is for <@{asker}>; say what you need yourself, e.g. `/crm help`."
    return None
