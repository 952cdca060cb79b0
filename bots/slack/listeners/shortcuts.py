"""The message shortcut "Log to CRM": any Slack message becomes an activity on a chosen customer.
The shortcut opens a modal (customer by type-ahead, kind, the text); views.py saves it."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack.identity import Refused
from bots.slack.listeners.common import action_origin
from bots.slack.runtime import crm
from bots.slack.text import clip, plain
from crm_core import bus
from crm_core import commands as c
from crm_core.models import ACTIVITY_KINDS
from crm_core.results import CustomerMatches

SHORTCUT = "crm_log_message"
LOG_MODAL = "crm_log_modal"
CUSTOMER_ACTION = "customer"
MAX_OPTIONS = 50


def log_message(ack: Ack, shortcut: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    origin = action_origin(shortcut)
    if crm(context).user_or_refuse(client, origin) is None:
        return
    message = shortcut.get("message") or {}
    meta = {"channel": origin.channel, "ts": message.get("ts"), "author": message.get("user")}
    client.views_open(trigger_id=shortcut["trigger_id"], view=log_modal(plain(message.get("text", "")), meta))


def log_modal(text: str, meta: dict[str, Any]) -> dict[str, Any]:
    kinds = [{"text": {"type": "plain_text", "text": kind.capitalize()}, "value": kind} for kind in ACTIVITY_KINDS]
    note = next(k for k in kinds if k["value"] == "note")
    return {
        "type": "modal", "callback_id": LOG_MODAL, "private_metadata": json.dumps(meta),
        "title": {"type": "plain_text", "text": "Log to CRM"}, "submit": {"type": "plain_text", "text": "Log"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {"type": "input", "block_id": "customer", "label": {"type": "plain_text", "text": "Customer"},
             "element": {"type": "external_select", "action_id": CUSTOMER_ACTION, "min_query_length": 1,
                         "placeholder": {"type": "plain_text", "text": "Start typing a name"}}},
            {"type": "input", "block_id": "kind", "label": {"type": "plain_text", "text": "Kind"},
             "element": {"type": "static_select", "action_id": "kind", "options": kinds, "initial_option": note}},
            {"type": "input", "block_id": "summary", "label": {"type": "plain_text", "text": "What to log"},
             "element": {"type": "plain_text_input", "action_id": "summary", "multiline": True, "max_length": 3000,
                         "initial_value": clip(text, 3000)}},
        ],
    }


def customer_options(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Type-ahead for the customer menu: the best matches for what was typed."""
    try:
        user = crm(context).identity.user(client, body["user"]["id"])
    except Refused:
        ack(options=[])
        return
    found = bus.handle(c.FindCustomers(query=body.get("value") or "", limit=MAX_OPTIONS), user, channel="slack")
    matches = found.matches if isinstance(found, CustomerMatches) else ()
    ack(options=[{"text": {"type": "plain_text", "text": clip(m.label, 75)}, "value": str(m.customer_id)}
                 for m in matches])


def register(app: App) -> None:
    app.shortcut(SHORTCUT)(log_message)
    app.options(CUSTOMER_ACTION)(customer_options)

