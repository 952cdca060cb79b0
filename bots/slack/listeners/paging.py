"""Buttons under reports: More (the next page of a long list, in place of the page shown), Download CSV
(the whole list, into the asker's DM) and Share in channel (the report, visible to the channel, posted
only when its asker presses it). Each runs the report's read-only command again from the button's value."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack import files
from bots.slack.blocks import CSV_ACTION, MAX_BLOCKS, MORE_ACTION, SHARE_ACTION, Asker, message
from bots.slack.listeners.common import action_origin, button_value, not_yours
from bots.slack.replies import Origin, respond, say_privately
from bots.slack.runtime import crm
from crm_core import bus, paging
from crm_core import results as r
from crm_core.models import User

GONE = "That list can't be shown again; ask once more."


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
    origin, value, result = _rerun(body, action, client, context, _number(value, "n"))
    if result is None:
        return
    if not paging.is_list(result):  # e.g. refused now: the role changed since
        say_privately(client, origin, paging_refusal(result))
        return
    name = paging.csv_name(result)
    files.upload_private(client, origin.user, name, paging.csv_text(result).encode("utf-8"), name)
    count, total = len(paging.rows(result)), paging.total(result)
    rows = f"{count:,} rows" if count == total else f"the first {count:,} of {total:,} rows"
    where = "here" if origin.direct else "in our DM"
    say_privately(client, origin, f"The whole list ({rows}) is {where} as `{name}`.")


def paging_refusal(result: r.Result) -> str:
    return getattr(result, "message", None) or GONE


def press_share(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
    ack()
    value = button_value(action)
    origin, value, result = _rerun(body, action, client, context, _number(value, "n"))
    if result is None or not origin.response_url:
        return
    if isinstance(result, r.Rejected):
        say_privately(client, origin, paging_refusal(result))
        return
    shown = paging.page(result, _number(value, "o")) if paging.is_list(result) else result
    shared = message([shown], Asker(value.get("k") or origin.key, origin.user), controls=False)
    by = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"Shared by <@{origin.user}>"}]}
    shared["blocks"] = [by, *shared["blocks"]][:MAX_BLOCKS]
    respond(origin.response_url, {**shared, "response_type": "in_channel", "replace_original": False})


def register(app: App) -> None:
    app.action(MORE_ACTION)(press_more)
    app.action(CSV_ACTION)(press_csv)
    app.action(SHARE_ACTION)(press_share)
