"""Buttons under reports: More (the next page of a long list, in place of the page shown), Download CSV
(the whole list, into the asker's DM) and Share in channel (the report, visible to the channel, posted
only when its asker presses it; in the bot's DM, where there is no channel to share into, it opens a modal
with a conversations_select and posts into the channel the asker picks, if the bot is in it). Each runs the
report's read-only command again from the button's value (the modal keeps it as private_metadata)."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack import files
from bots.slack.identity import Refused
from bots.slack.blocks import CSV_ACTION, MAX_BLOCKS, MORE_ACTION, SHARE_ACTION, Asker, message
from bots.slack.listeners.common import action_origin, button_value, not_yours
from bots.slack.replies import Origin, respond, say_privately
from bots.slack.runtime import crm
from crm_core import bus, i18n, paging
from crm_core.i18n import _, ngettext
from crm_core import results as r
from crm_core.models import User

GONE = "That list can't be shown again; ask once more."
SHARE_MODAL = "crm_share_to"
NOT_IN_CHANNEL = "I'm not in that channel: invite me there first (/invite @CRM), or pick another."


def _rerun(body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext,
           at_least: int) -> tuple[Origin, dict[str, Any], r.Result | None]:
    """The report again, read-only, for the person it was shown to; None after saying why not."""
    origin, value = action_origin(body), button_value(action)
    refusal = not_yours(value.get("u"), origin.user)
    if refusal:
        say_privately(client, origin, refusal)
        return origin, value, None
    user: User | None = crm(context).user_or_refuse(client, origin)
    if user is None:
        return origin, value, None
    command = paging.again(value.get("q"), at_least)
    if command is None:
        say_privately(client, origin, GONE)
        return origin, value, None
    return origin, value, bus.handle(command, user, channel="slack")


def _number(value: dict[str, Any], key: str) -> int:
    found = value.get(key)
    return max(0, min(found, paging.MOST)) if isinstance(found, int) else 0


def press_more(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               context: BoltContext) -> None:
    ack()
    value = button_value(action)
    with i18n.speaking(value.get("l")):  # the next page in the language the list was in
        origin, value, result = _rerun(body, action, client, context, _number(value, "n"))
        if result is None or not origin.response_url:
            return
        shown = paging.page(result, _number(value, "o")) if paging.is_list(result) else result
        asker = Asker(value.get("k") or origin.key, origin.user)
        respond(origin.response_url, {**message([shown], asker, share=bool(value.get("s"))), "replace_original": True})


def press_csv(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
              context: BoltContext) -> None:
    ack()
    value = button_value(action)
    with i18n.speaking(value.get("l")):  # said in the language the list was in
        origin, value, result = _rerun(body, action, client, context, _number(value, "n"))
        if result is None:
            return
        if not paging.is_list(result):  # e.g. refused now: the role changed since
            say_privately(client, origin, paging_refusal(result))
            return
        name = paging.csv_name(result)
        files.upload_private(client, origin.user, name, paging.csv_text(result).encode("utf-8"), name)
        say_privately(client, origin, _csv_sent(result, name, origin.direct))


def _csv_sent(result: r.Result, name: str, direct: bool) -> str:
    count, total = len(paging.rows(result)), paging.total(result)
    rows = ngettext("{n:,} row", "{n:,} rows", count).format(n=count) if count == total else \
        _("the first {count:,} of {total:,} rows").format(count=count, total=total)
    said = _("The whole list ({rows}) is here as `{name}`.") if direct else \
        _("The whole list ({rows}) is in our DM as `{name}`.")
    return said.format(rows=rows, name=name)


def paging_refusal(result: r.Result) -> str:
    return getattr(result, "message", None) or GONE


def press_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
    ack()
    value = button_value(action)
    origin, value, result = _rerun(body, action, client, context, _number(value, "n"))
    if result is None:
        return
    if isinstance(result, r.Rejected):
        say_privately(client, origin, paging_refusal(result))
        return
    if origin.direct:  # no channel here: the asker picks one
        client.views_open(trigger_id=body["trigger_id"], view=share_modal(action.get("value") or "{}"))
        return
    if origin.response_url:
        respond(origin.response_url, {**_shared(result, value, origin.user), "response_type": "in_channel",
                                      "replace_original": False})


def _shared(result: r.Result, value: dict[str, Any], user: str) -> dict[str, Any]:
    """The report as the channel sees it: the page that was shown, who shared it, no buttons."""
    shown = paging.page(result, _number(value, "o")) if paging.is_list(result) else result
    shared = message([shown], Asker(value.get("k") or "", user), controls=False)
    by = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Shared by <@{user}>"}]}
    shared["blocks"] = [by, *shared["blocks"]][:MAX_BLOCKS]
    return shared


def share_modal(value: str) -> dict[str, Any]:
    picker = {"type": "conversations_select", "action_id": "channel",
              "placeholder": {"type": "plain_text", "text": "Pick a channel"},
              "filter": {"include": ["public", "private"], "exclude_bot_users": True}}
    return {"type": "modal", "callback_id": SHARE_MODAL, "private_metadata": value,
            "title": {"type": "plain_text", "text": "Share in a channel"},
            "submit": {"type": "plain_text", "text": "Share"}, "close": {"type": "plain_text", "text": "Cancel"},
            "blocks": [{"type": "input", "block_id": "channel", "element": picker,
                        "label": {"type": "plain_text", "text": "Channel"},
                        "hint": {"type": "plain_text", "text": "Everyone in it will see this report."}}]}


def submit_share(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                 context: BoltContext) -> None:
    """Post the report into the channel picked; only its asker may, and only where the bot is a member."""
    presser = body["user"]["id"]
    value = _json(view.get("private_metadata"))
    channel = (((view.get("state") or {}).get("values") or {}).get("channel", {}).get("channel") or {}) \
        .get("selected_conversation")
    refusal = not_yours(value.get("u"), presser) or (None if channel else "Pick a channel.")
    try:
        user = None if refusal else crm(context).identity.user(client, presser)
    except Refused as refused:
        refusal = refused.message
    command = None if refusal else paging.again(value.get("q"), _number(value, "n"))
    result = bus.handle(command, user, channel="slack") if command is not None else None
    if refusal or result is None or isinstance(result, r.Rejected):
        ack(response_action="errors", errors={"channel": (refusal or paging_refusal(result))[:150]})
        return
    try:
        client.chat_postMessage(channel=channel, **_shared(result, value, presser))
    except SlackApiError as exc:
        missing = exc.response.get("error") in ("not_in_channel", "channel_not_found", "is_archived")
        ack(response_action="errors", errors={"channel": NOT_IN_CHANNEL if missing else GONE})
        return
    ack()


def _json(text: str | None) -> dict[str, Any]:
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def register(app: App) -> None:
    app.action(MORE_ACTION)(press_more)
    app.action(CSV_ACTION)(press_csv)
    app.action(SHARE_ACTION)(press_share)
    app.view(SHARE_MODAL)(submit_share)
