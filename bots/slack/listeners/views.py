"""The "Log to CRM" modal submitted: the message becomes an activity (LogActivity through the bus),
and the rep gets the confirmation, with Undo, in their DM with the bot."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.identity import Refused
from bots.slack.listeners.shortcuts import LOG_MODAL
from bots.slack.replies import Origin, deliver
from bots.slack.runtime import crm
from crm_core import bus
from crm_core import commands as c
from crm_core.results import Rejected

SUMMARY_LIMIT = 4000


def _value(view: dict[str, Any], block: str, action: str) -> Any:
    state = ((view.get("state") or {}).get("values") or {}).get(block, {}).get(action) or {}
    return (state.get("selected_option") or {}).get("value") if "selected_option" in state else state.get("value")


def _permalink(client: WebClient, channel: str | None, ts: str | None) -> str | None:
    if not channel or not ts:
        return None
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError:
        return None


def submit_log(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    slack_user = body["user"]["id"]
    try:
        user = crm(context).identity.user(client, slack_user)
    except Refused as refused:
        ack(response_action="errors", errors={"customer": refused.message[:150]})
        return
    meta = json.loads(view.get("private_metadata") or "{}")
    customer = _value(view, "customer", "customer")
    summary = (_value(view, "summary", "summary") or "").strip()
    link = _permalink(client, meta.get("channel"), meta.get("ts"))
    if link:
        summary = f"{summary}\n\n(from Slack: {link})"
    command = c.LogActivity(kind=_value(view, "kind", "kind") or "note", customer_id=int(customer) if customer else None,
                            summary=summary[:SUMMARY_LIMIT])
    result = bus.handle(command, user, channel="slack")
    if isinstance(result, Rejected):
        ack(response_action="errors", errors={"customer": (result.message + " " + (result.hint or ""))[:150]})
        return
    ack()
    deliver(client, Origin(user=slack_user, channel=slack_user, direct=True), [result])


def register(app: App) -> None:
    app.view(LOG_MODAL)(submit_log)
