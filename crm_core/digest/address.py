"""Where a user's digest goes: the subscription's channel, else their notify_via, else the first they have."""
from __future__ import annotations

from typing import Any

from crm_core.models import User

CHANNELS = ("slack", "telegram", "console")


def available(user: User) -> list[str]:
    linked = {"slack": bool(user.slack_user_id), "telegram": bool(user.telegram_user_id), "console": True}
    return [channel for channel in CHANNELS if linked[channel]]


def channel_for(user: User, via: str | None) -> str:
    have = available(user)
    for wanted in (via, user.notify_via):
        if wanted in have:
            return wanted
    return have[0]


def address(user: User, channel: str) -> tuple[str, dict[str, Any]]:
    """The outbox kind and the payload fields that address a digest to `user` on `channel`."""
    if channel == "slack":
        return "slack.digest", {"user": user.slack_user_id}
    if channel == "telegram":
        return "telegram.digest", {"chat_id": user.telegram_user_id}
    return "console.digest", {"user_id": user.id}
