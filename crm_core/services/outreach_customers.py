"""The customers' side of outreach: /stop and /subscribe, and replies that show what they answer."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from crm_core.i18n import _
from crm_core import commands as c
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.models import Customer, Outbox, OutreachCampaign, Ticket, TicketMessage
from crm_core.results import AlreadyHandled, OutreachOptIn
from crm_core.services import linking
from crm_core.services.outreach import row_key

REPLY_WINDOW = timedelta(days=7)  # a message this soon after an outreach is taken as the answer to it
SUBJECT_LENGTH = 120
OPTED_OUT = "opted out"


def set_outreach_opt_in(cmd: c.SetOutreachOptIn, ctx: Context) -> OutreachOptIn | AlreadyHandled:
    if (seen := linking.first_time(cmd, ctx)) is not None:
        return seen
    customer = linking.linked_customer(cmd.telegram_user_id)
    if customer is None:
        if cmd.opt_in:
            raise ValidationError(_("We don't know this chat yet."), hint=_("Send /start to link your account first."))
        return OutreachOptIn(opt_in=False, changed=False)
    cancelled = 0 if cmd.opt_in else _cancel_waiting(customer.id, ctx.now)
    changed = customer.outreach_opt_in != cmd.opt_in
    if changed:
        before = snapshot(customer)
        customer.outreach_opt_in, customer.updated_at = cmd.opt_in, ctx.now
        customer.save(only=[Customer.outreach_opt_in, Customer.updated_at])
        what = "opted in to" if cmd.opt_in else f"opted out of (cancelled {cancelled} waiting)"
        AuditTrail(ctx, "set_outreach_opt_in").updated(customer, before, f"{customer.name} {what} outreach")
    return OutreachOptIn(opt_in=cmd.opt_in, changed=changed, cancelled=cancelled)


def _cancel_waiting(customer_id: int, now: datetime) -> int:
    """Their rows of unfinished campaigns that are still pending: failed, "opted out" (by unique key)."""
    running = [campaign.id for campaign in OutreachCampaign.select(OutreachCampaign.id)
               .where(OutreachCampaign.finished_at.is_null())]
    if not running:
        return 0
    return Outbox.update(status="failed", last_error=OPTED_OUT, updated_at=now).where(
        Outbox.key.in_([row_key(campaign_id, customer_id) for campaign_id in running])
        & (Outbox.status == "pending")).execute()


# -- replies -----------------------------------------------------------------------------------------
def unanswered_outreach(customer_id: int, now: datetime) -> Outbox | None:
    """The latest outreach message sent to the customer in the reply window and not yet on a ticket."""
    recent = [campaign.id for campaign in OutreachCampaign.select(OutreachCampaign.id)
              .where(OutreachCampaign.created_at >= now - REPLY_WINDOW)]
    if not recent:
        return None
    row = (Outbox.select().where(Outbox.key.in_([row_key(campaign_id, customer_id) for campaign_id in recent])
                                 & (Outbox.status == "sent"))
           .order_by(Outbox.sent_at.desc()).first())
    if row is None or TicketMessage.select().where(TicketMessage.external_message_id == _marker(row)).exists():
        return None
    return row


def attach_outreach(customer: Customer, ticket: Ticket, opened: bool, ctx: Context) -> None:
    """Put the outreach the customer answers on their ticket as its outgoing message (before their reply);
    a ticket this reply opens is titled “Re: <first line of the outreach>”."""
    row = unanswered_outreach(customer.id, ctx.now)
    if row is None:
        return
    text = str(json.loads(row.payload).get("text", ""))
    trail = AuditTrail(ctx, "customer_message")
    if opened:
        before = snapshot(ticket)
        ticket.subject = _subject(text)
        ticket.save(only=[Ticket.subject])
        trail.updated(ticket, before, f"ticket #{ticket.number} answers an outreach")
    message = TicketMessage.create(ticket=ticket.id, from_customer=False, body=text, channel="telegram",
                                   external_message_id=_marker(row), created_at=min(row.sent_at or ctx.now, ctx.now))
    trail.created(message, f"outreach to {customer.name} put on ticket #{ticket.number}")


def _marker(row: Outbox) -> str:
    return f"outreach:{row.id}"


def _subject(text: str) -> str:
    first_line = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "your message")
    subject = f"Re: {first_line}"
    return subject if len(subject) <= SUBJECT_LENGTH else subject[:SUBJECT_LENGTH - 1].rstrip() + "…"
