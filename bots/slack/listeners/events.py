"""Events: @mentions in channels (answered in a thread), direct messages, and App Home being opened.
Bolt acknowledges events at once; the work runs after."""
from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bots.slack import home
from bots.slack.identity import Refused
from bots.slack.replies import Origin
from bots.slack.runtime import crm

HUMAN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def is_human(event: dict[str, Any]) -> bool:
    return event.get("subtype") in HUMAN_SUBTYPES and not event.get("bot_id") and bool(event.get("user"))


def is_direct_message(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and is_human(event)


def _converse(origin: Origin, said: str, client: WebClient, context: BoltContext) -> None:
    user = crm(context).user_or_refuse(client, origin)
    if user is not None:
        crm(context).talk(client, origin, user, said, context.bot_user_id)


def mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if not is_human(event):
        return
    origin = Origin(user=event["user"], channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"])
    _converse(origin, event.get("text", ""), client, context)


def direct_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    origin = Origin(user=event["user"], channel=event["channel"], thread_ts=event.get("thread_ts"), direct=True)
    _converse(origin, event.get("text", ""), client, context)


def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab") != "home":
        return
    try:
        user = crm(context).identity.user(client, event["user"])
    except Refused as refused:
        client.views_publish(user_id=event["user"], view=home.refusal_view(refused.message))
        return
    home.publish(client, event["user"], user)


def register(app: App) -> None:
    app.event("app_mention")(mention)
    app.event("message", matchers=[is_direct_message])(direct_message)
    app.event("app_home_opened")(home_opened)
