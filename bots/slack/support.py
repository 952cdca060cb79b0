"""The support channel: a card per ticket event, every card of a ticket in one thread.

Payload contract of outbox kind "slack.support" (the Telegram side writes these rows), keyed
f"slack-support:{ticket_message_id}":
    {"ticket": number, "event": "ticket_opened" | "customer_message", "customer": name, "subject": str,
     "body": str, "attachments": [{"name", "size", "kind"}]}
The first card of a ticket starts its thread; the thread's ts is kept by crm_core/ticket_threads.py.
"""
from __future__ import annotations

from typing import Any

from bots.slack.blocks import Block, actions, button, context, section
from bots.slack.text import clip, escape

REPLY_ACTION, ASSIGN_ACTION, RESOLVE_ACTION = "crm_ticket_reply", "crm_ticket_assign", "crm_ticket_resolve"
EVENT_TITLES = {"ticket_opened": ":ticket: New ticket", "customer_message": ":speech_balloon: Customer wrote"}


def card(payload: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage arguments for one ticket event: text for notifications, blocks with the buttons."""
    number, customer = payload["ticket"], payload.get("customer") or "a customer"
    subject, body = payload.get("subject") or "", payload.get("body") or ""
    title = EVENT_TITLES.get(payload.get("event", ""), ":ticket: Ticket update")
    blocks: list[Block] = [section(f"*{title} #{number}* · *{escape(customer)}*: {escape(subject)}")]
    if body:
        blocks.append(section("\n".join("> " + line for line in escape(body).splitlines()) or "> "))
    files = payload.get("attachments") or []
    if files:
        blocks.append(context("\n".join(f":paperclip: {escape(str(f.get('name') or 'file'))} "
                                        f"({_size(f.get('size'))}, {escape(str(f.get('kind') or 'file'))})"
                                        for f in files[:10])))
    value = str(number)
    blocks.append(actions(button("Reply", REPLY_ACTION, value, "primary"), button("Assign to me", ASSIGN_ACTION, value),
                          button("Resolve", RESOLVE_ACTION, value)))
    said = f"{title.split(' ', 1)[1]} #{number} from {customer}: {subject}" + (f" — {clip(body, 200)}" if body else "")
    text = clip(escape(said), 3000)  # the customer's words must not ping (`<!channel>`) or link
    return {"text": text, "blocks": blocks}


def _size(size: Any) -> str:
    try:
        value = float(size)
    except (TypeError, ValueError):
        return "size unknown"
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
