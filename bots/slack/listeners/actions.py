"""Buttons on answers: a question's choices (back through the dialogue), Undo, and command buttons
(a reminder's Done / Snooze 1 day). The answer replaces the message the button was on."""
from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack import home
from bots.slack.listeners.common import action_origin, button_value, not_yours
from bots.slack.replies import Origin, replace, say_privately
from bots.slack.runtime import crm
from crm_core import bus, i18n
from crm_core import commands as c
from crm_core.dialogue import converse
from crm_core.models import User
from crm_core.results import Rejected

BUTTON_COMMANDS = frozenset({"complete_reminder", "snooze_reminder"})


def _presser(body: dict[str, Any], action: dict[str, Any], client: WebClient,
             context: BoltContext) -> tuple[Origin, dict[str, Any], User | None]:
    origin, value = action_origin(body), button_value(action)
    refusal = not_yours(value.get("u"), origin.user)
    if refusal:
        say_privately(client, origin, refusal)
        return origin, value, None
    return origin, value, crm(context).user_or_refuse(client, origin)


def press_choice(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    origin, value, user = _presser(body, action, client, context)
    if user is None or "k" not in value:
        return
    with i18n.speaking(i18n.language_for(user.language, "", value.get("l"))):
        replace(origin, converse(user, value["k"], str(value.get("v", "")), channel="slack"), value["k"],
                ephemeral=bool((body.get("container") or {}).get("is_ephemeral")))


def press_undo(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    origin, value, user = _presser(body, action, client, context)
    if user is None:
        return
    with i18n.speaking(i18n.language_for(user.language, "", value.get("l"))):
        replace(origin, [bus.handle(c.Undo(), user, channel="slack")], value.get("k") or origin.key)


def press_command(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  context: BoltContext) -> None:
    ack()
    origin, value, user = _presser(body, action, client, context)
    raw = value.get("c") or {}
    if user is None or raw.get("command") not in BUTTON_COMMANDS:
        return
    result = bus.handle(c.from_json(raw), user, channel="slack")
    if (body.get("container") or {}).get("type") == "view":
        if isinstance(result, Rejected):  # e.g. done elsewhere already: show what is true now
            home.publish(client, origin.user, user)
    elif origin.response_url:
        replace(origin, [result], origin.key)


def register(app: App) -> None:
    app.action(re.compile(r"^crm_choice_\d+$"))(press_choice)
    app.action("crm_undo")(press_undo)
    app.action(re.compile(r"^crm_cmd_\w+$"))(press_command)
