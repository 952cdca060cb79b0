"""The support channel: a card per ticket event, every card of a ticket in one thread.

Payload contract of outbox kind "slack.support" (the Telegram side writes these rows), keyed
f"slack-support:{ticket_message_id}":
    {"ticket": number, "event": "ticket_opened" | "customer_message", "customer": name, "subject": str,
     "body": str, "attachments": [{"name", "size", "kind"}]}
The first card of a ticket starts its thread; the thread's ts is kept in `slack_ticket_threads`.
Two senders racing on one ticket: the first claims the row, the other waits (RetryLater) for its ts.
"""
from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from bots.slack.blocks import Block, actions, button, context, section
from bots.slack.text import clip, escape
from crm_core.db import database
from crm_core.models import SlackTicketThread, Ticket, utcnow

REPLY_ACTION, ASSIGN_ACTION, RESOLVE_ACTION = "crm_ticket_reply", "crm_ticket_assign", "crm_ticket_resolve"
CLAIM_TIMEOUT = timedelta(seconds=60)  # a claim older than this was left by a sender that died
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


class ThreadBusy(Exception):
    """Another sender is posting this ticket's first card; try again in a moment."""


def claim_thread(ticket_number: int, channel: str) -> tuple[str, str | None, str | None]:
    """(channel, thread_ts, None) when the ticket has a thread; (channel, None, claim) when this caller must
    start it; ThreadBusy while another caller is starting it."""
    claim, now = uuid.uuid4().hex, utcnow()
    with database.connection_context():
        ticket = Ticket.get_or_none(Ticket.number == ticket_number)
        if ticket is None:
            raise LookupError(f"ticket #{ticket_number} does not exist")
        SlackTicketThread.insert(ticket=ticket.id, channel=channel, claim=claim, claimed_at=now) \
            .on_conflict_ignore().execute()
        row = SlackTicketThread.get(SlackTicketThread.ticket == ticket.id)
        if row.thread_ts:
            return row.channel, row.thread_ts, None
        if row.claim == claim:
            return channel, None, claim
        taken = SlackTicketThread.update(claim=claim, claimed_at=now, channel=channel).where(
            (SlackTicketThread.id == row.id) & (SlackTicketThread.claim == row.claim)
            & SlackTicketThread.thread_ts.is_null() & (SlackTicketThread.claimed_at < now - CLAIM_TIMEOUT)).execute()
    if taken:
        return channel, None, claim
    raise ThreadBusy(f"ticket #{ticket_number}'s first card is being posted")


def thread_started(claim: str, ts: str, channel_id: str | None = None) -> None:
    """Keep the first card's ts, and the channel's id (SLACK_SUPPORT_CHANNEL may be a name)."""
    changes = {"thread_ts": ts, **({"channel": channel_id} if channel_id else {})}
    with database.connection_context():
        SlackTicketThread.update(changes).where(SlackTicketThread.claim == claim).execute()


def release(claim: str) -> None:
    """The first card could not be posted: let the next attempt start the thread."""
    with database.connection_context():
        SlackTicketThread.delete().where((SlackTicketThread.claim == claim)
                                         & SlackTicketThread.thread_ts.is_null()).execute()


def ticket_of_thread(channel: str, thread_ts: str) -> int | None:
    """The number of the ticket whose thread this is."""
    with database.connection_context():
        row = (SlackTicketThread.select(Ticket.number).join(Ticket)
               .where((SlackTicketThread.channel == channel) & (SlackTicketThread.thread_ts == thread_ts))
               .tuples().first())
    return row[0] if row else None
