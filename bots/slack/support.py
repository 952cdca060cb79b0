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
from crm_core import i18n
from crm_core.i18n import N_, _, term

REPLY_ACTION, ASSIGN_ACTION, RESOLVE_ACTION = "crm_ticket_reply", "crm_ticket_assign", "crm_ticket_resolve"
EVENT_TITLES = {"ticket_opened": (":ticket:", N_("New ticket")),
                "customer_message": (":speech_balloon:", N_("Customer wrote"))}


def card(payload: dict[str, Any]) -> dict[str, Any]:
    """chat.postMessage arguments for one ticket event: text for notifications, blocks with the buttons; in the
    deployment's language (CRM_LOCALE), as the channel is read by the whole team."""
    with i18n.speaking(i18n.of_the_deployment()):
        return _card(payload)


def _card(payload: dict[str, Any]) -> dict[str, Any]:
    number, customer = payload["ticket"], payload.get("customer") or _("a customer")
    subject, body = payload.get("subject") or "", payload.get("body") or ""
    emoji, title = EVENT_TITLES.get(payload.get("event", ""), (":ticket:", N_("Ticket update")))
    title = _(title)
    blocks: list[Block] = [section(f"*{emoji} {title} #{number}* · *{escape(customer)}*: {escape(subject)}")]
    if body:
        blocks.append(section("\n".join("> " + line for line in escape(body).splitlines()) or "> "))
    files = payload.get("attachments") or []
    if files:
        blocks.append(context("\n".join(_attachment(f) for f in files[:10])))
    value = str(number)
    blocks.append(actions(button(_("Reply"), REPLY_ACTION, value, "primary"),
                          button(_("Assign to me"), ASSIGN_ACTION, value), button(_("Resolve"), RESOLVE_ACTION, value)))
    said = _("{title} #{number} from {customer}: {subject}").format(title=title, number=number, customer=customer,
                                                                     subject=subject)
    text = clip(escape(said + (f" — {clip(body, 200)}" if body else "")), 3000)  # the customer's words must not ping
    return {"text": text, "blocks": blocks}


def _attachment(file: dict[str, Any]) -> str:
    kind = term("file kind", str(file.get("kind") or "file"))
    return f":paperclip: {escape(str(file.get('name') or _('file')))} ({_size(file.get('size'))}, {escape(kind)})"


def _size(size: Any) -> str:
    try:
        value = float(size)
    except (TypeError, ValueError):
        return _("size unknown")
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
