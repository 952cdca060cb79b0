"""Which Slack thread holds a ticket's cards (`slack_ticket_threads`): the first card starts it, every later card
and an agent's reply in it find the ticket by it. Two senders racing on one ticket: the first claims the row, the
other waits (ThreadBusy, then RetryLater) for the thread's ts."""
from __future__ import annotations

import uuid
from datetime import timedelta

from crm_core.db import database
from crm_core.models import SlackTicketThread, Ticket, utcnow

CLAIM_TIMEOUT = timedelta(seconds=60)  # a claim older than this was left by a sender that died


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
