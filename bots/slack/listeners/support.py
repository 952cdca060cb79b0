"""The support channel: an agent's reply in a ticket's thread (or through the Reply button's modal) goes
to the customer via the bus (ReplyToTicket writes the outbox row the Telegram side sends); Assign to me
and Resolve update the ticket. What happened is said in the thread; refusals only to the agent."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bots.slack import files, support
from bots.slack.listeners.common import action_origin
from bots.slack.listeners.events import is_human
from bots.slack.replies import Origin, say_privately
from bots.slack.runtime import crm
from bots.slack.text import escape, plain
from crm_core import bus, ticket_threads
from crm_core import commands as c
from crm_core.results import Rejected, Result

REPLY_MODAL = "crm_ticket_reply_modal"
REPLY_MAX = 3000  # Slack's ceiling for a plain_text_input's max_length
NOTE_PREFIX = "//"  # "// checked the logs" stays in the thread: an internal note, not sent


def is_thread_reply(event: dict[str, Any], context: BoltContext) -> bool:
    """A person's reply in a thread (a ticket's, if its thread is in `slack_ticket_threads`), not to @crm."""
    thread = event.get("thread_ts")
    return (is_human(event) and bool(thread) and thread != event.get("ts")
            and f"<@{context.bot_user_id}>" not in (event.get("text") or ""))


def thread_reply(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The text and any files go to the customer; a file that can't be read or sent is named to the agent."""
    text = plain(event.get("text", ""), context.bot_user_id, keep_lines=True)
    number = ticket_threads.ticket_of_thread(event["channel"], event["thread_ts"])
    if number is None or not (text or event.get("files")) or text.startswith(NOTE_PREFIX):
        return
    origin = Origin(user=event["user"], channel=event["channel"], thread_ts=event["thread_ts"])
    user = crm(context).user_or_refuse(client, origin)
    if user is None:
        return
    attached, unreadable = files.attachments(client, event.get("files") or [])
    unread = f"I couldn't read {', '.join(unreadable)} from Slack, so it was not sent." if unreadable else ""
    if not text and not attached:
        say_privately(client, origin, f":warning: {unread} Nothing was sent.")
        return
    result = bus.handle(c.ReplyToTicket(ticket=number, body=text, attachments=tuple(attached)), user, channel="slack")
    say_privately(client, origin, " ".join(filter(None, (_said(result), unread))))


def _said(result: Result) -> str:
    if isinstance(result, Rejected):
        return f":warning: {result.message}" + (f" {result.hint}" if result.hint else "")
    return getattr(result, "message", "Done.")


def _ticket_action(body: dict[str, Any], client: WebClient, context: BoltContext, command: c.Command) -> None:
    origin = action_origin(body)
    thread = (body.get("message") or {}).get("thread_ts") or (body.get("message") or {}).get("ts")
    origin = Origin(user=origin.user, channel=origin.channel, thread_ts=thread)
    user = crm(context).user_or_refuse(client, origin)
    if user is None:
        return
    result = bus.handle(command, user, channel="slack")
    if isinstance(result, Rejected):
        say_privately(client, origin, _said(result))
    else:
        client.chat_postMessage(channel=origin.channel, thread_ts=thread, text=f"<@{origin.user}>: {_said(result)}")


def assign(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    _ticket_action(body, client, context, c.UpdateTicket(ticket=int(action["value"]), assignee="me"))


def resolve(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    _ticket_action(body, client, context, c.UpdateTicket(ticket=int(action["value"]), status="resolved"))


def open_reply(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
    ack()
    message = body.get("message") or {}
    meta = {"ticket": int(action["value"]), "channel": (body.get("channel") or {}).get("id"),
            "thread_ts": message.get("thread_ts") or message.get("ts")}
    client.views_open(trigger_id=body["trigger_id"], view=reply_modal(meta))


def reply_modal(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": REPLY_MODAL, "private_metadata": json.dumps(meta),
        "title": {"type": "plain_text", "text": f"Reply on #{meta['ticket']}"[:24]},
        "submit": {"type": "plain_text", "text": "Send"}, "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [{"type": "input", "block_id": "reply", "label": {"type": "plain_text", "text": "Your answer"},
                    "element": {"type": "plain_text_input", "action_id": "body", "multiline": True,
                                "max_length": REPLY_MAX}}],
    }


def submit_reply(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    meta = json.loads(view.get("private_metadata") or "{}")
    text = ((view["state"]["values"].get("reply") or {}).get("body") or {}).get("value") or ""
    origin = Origin(user=body["user"]["id"], channel=meta.get("channel") or "", thread_ts=meta.get("thread_ts"))
    try:
        user = crm(context).identity.user(client, origin.user)
    except Exception as refused:  # noqa: BLE001 - Refused, or Slack unreachable: say it in the modal
        ack(response_action="errors", errors={"reply": getattr(refused, "message", "Please try again.")})
        return
    result = bus.handle(c.ReplyToTicket(ticket=int(meta["ticket"]), body=text), user, channel="slack")
    if isinstance(result, Rejected):
        ack(response_action="errors", errors={"reply": _said(result)[:150]})
        return
    ack()
    if origin.channel and origin.thread_ts:
        quoted = "\n".join("> " + line for line in escape(text).splitlines())
        client.chat_postMessage(channel=origin.channel, thread_ts=origin.thread_ts,
                                text=f"<@{origin.user}> replied to the customer:\n{quoted}")


def register(app: App) -> None:
    app.event("message", matchers=[is_thread_reply])(thread_reply)
    app.action(support.ASSIGN_ACTION)(assign)
    app.action(support.RESOLVE_ACTION)(resolve)
    app.action(support.REPLY_ACTION)(open_reply)
    app.view(REPLY_MODAL)(submit_reply)
