"""Customers' side of support tickets: a message opens, continues or reopens their ticket; /new; /status.

A message goes on the customer's open or pending ticket (the latest); else on a ticket resolved in the
last 7 days, which reopens; else on a new ticket whose subject is the message's first line. A message
on a pending ticket (waiting for the customer) makes it open again. With SLACK_SUPPORT_CHANNEL set,
each new ticket and each customer message also becomes a "slack.support" outbox row.
"""
from __future__ import annotations

import json
from datetime import timedelta

from crm_core.i18n import _
from crm_core import outbox, paging
from crm_core import commands as c
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.models import Customer, Ticket, TicketMessage
from crm_core.results import AlreadyHandled, CustomerTicketList, NewTicketNext, SupportReceived
from crm_core.services import business_hours, linking, outreach_customers
from crm_core.services.reports import OPEN_TICKET_STATUSES, ticket_line
from crm_core.services.tickets import _create_numbered
from crm_core.settings import get_settings

REOPEN_WITHIN = timedelta(days=7)
SUBJECT_LENGTH = 120
BODY_LENGTH = 20_000
ATTACHMENT_KINDS = ("photo", "document")


def customer_message(cmd: c.CustomerMessage, ctx: Context) -> SupportReceived | AlreadyHandled:
    if (seen := linking.first_time(cmd, ctx)) is not None:
        return seen
    body = (cmd.text or "").strip()
    attachments = [_attachment(a) for a in cmd.attachments or ()]
    if not body and not attachments:
        raise ValidationError(_("I can take text, photos and documents."), hint=_("Write your question in words."))
    if len(body) > BODY_LENGTH:
        raise ValidationError(_("That message is too long ({length} characters).").format(length=len(body)),
                              hint=_("Split it in two."))
    customer = linking.customer_for(cmd, ctx)
    ticket, event = _ticket_for(customer, cmd.new_ticket, body, attachments, ctx)
    outreach_customers.attach_outreach(customer, ticket, event == "opened", ctx)  # what a reply answers
    message = TicketMessage.create(ticket=ticket.id, from_customer=True, body=body, channel=ctx.channel,
                                   external_message_id=str(cmd.message_id) if cmd.message_id is not None else None,
                                   attachments=json.dumps(attachments) if attachments else None, created_at=ctx.now)
    AuditTrail(ctx, "customer_message").created(message, f"{customer.name} wrote on ticket #{ticket.number}")
    _tell_slack(ctx, ticket, customer, message, "ticket_opened" if event == "opened" else "customer_message",
                attachments)
    hours = business_hours.parse(get_settings().business_hours, get_settings().timezone)
    closed = hours is not None and not hours.is_open(ctx.now)
    return SupportReceived(ticket=ticket.number, subject=ticket.subject, event=event, ticket_message_id=message.id,
                           answer_from=hours.next_opening(ctx.now).isoformat(timespec="minutes") if closed else None,
                           hours=f"{hours.spec} ({hours.tz.key})" if closed else None)


def _attachment(raw: object) -> dict:
    if not isinstance(raw, dict) or not isinstance(raw.get("file_id"), str) or not raw["file_id"]:
        raise ValidationError(_("An attachment came without its file."), hint=_("Send it again."))
    kind = raw.get("kind") if raw.get("kind") in ATTACHMENT_KINDS else "document"
    size = raw.get("size")
    return {"file_id": raw["file_id"][:256], "name": str(raw.get("name") or f"{kind}")[:255],
            "size": int(size) if isinstance(size, (int, float)) else None, "kind": kind}


def _ticket_for(customer: Customer, force_new: bool, body: str, attachments: list[dict],
                ctx: Context) -> tuple[Ticket, str]:
    """The ticket this message goes on, and whether it was opened, added to or reopened."""
    if force_new or customer.support_new_ticket:
        if customer.support_new_ticket:
            before = snapshot(customer)
            customer.support_new_ticket = False
            customer.save(only=[Customer.support_new_ticket])
            AuditTrail(ctx, "customer_message").updated(customer, before)
        return _open(customer, body, attachments, ctx), "opened"
    mine = Ticket.select().where(Ticket.customer == customer.id)
    current = mine.where(Ticket.status.in_(OPEN_TICKET_STATUSES)).order_by(Ticket.updated_at.desc()).first()
    event = "added"
    if current is None:
        current = mine.where((Ticket.status == "resolved") & (Ticket.resolved_at >= ctx.now - REOPEN_WITHIN)) \
            .order_by(Ticket.resolved_at.desc()).first()
        event = "reopened"
    if current is None:
        return _open(customer, body, attachments, ctx), "opened"
    before = snapshot(current)
    if current.status != "open":
        current.status, current.resolved_at = "open", None
    current.updated_at = ctx.now
    current.save(only=[Ticket.status, Ticket.resolved_at, Ticket.updated_at])
    AuditTrail(ctx, "customer_message").updated(current, before, f"{event} ticket #{current.number}")
    return current, event


def _open(customer: Customer, body: str, attachments: list[dict], ctx: Context) -> Ticket:
    first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    subject = " ".join(first_line.split()) or (attachments[0]["name"] if attachments else "Message")
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[:SUBJECT_LENGTH - 1].rstrip() + "…"
    ticket = _create_numbered(customer_id=customer.id, subject=subject, priority="normal", channel=ctx.channel,
                              created_at=ctx.now, updated_at=ctx.now)
    AuditTrail(ctx, "open_ticket").created(ticket, f"{customer.name} opened ticket #{ticket.number}")
    return ticket


def _tell_slack(ctx: Context, ticket: Ticket, customer: Customer, message: TicketMessage, event: str,
                attachments: list[dict]) -> None:
    if not get_settings().slack_support_channel:
        return
    outbox.add(ctx, "slack.support", f"slack-support:{message.id}", {
        "ticket": ticket.number, "event": event, "customer": customer.name, "subject": ticket.subject,
        "body": message.body, "attachments": [{k: a[k] for k in ("name", "size", "kind")} for a in attachments],
    })


def request_new_ticket(cmd: c.RequestNewTicket, ctx: Context) -> NewTicketNext | AlreadyHandled:
    if (seen := linking.first_time(cmd, ctx)) is not None:
        return seen
    customer = linking.customer_for(cmd, ctx)
    if not customer.support_new_ticket:
        before = snapshot(customer)
        customer.support_new_ticket = True
        customer.save(only=[Customer.support_new_ticket])
        AuditTrail(ctx, "request_new_ticket").updated(customer, before)
    return NewTicketNext()


def list_customer_tickets(cmd: c.ListCustomerTickets, ctx: Context) -> CustomerTicketList | AlreadyHandled:
    if (seen := linking.first_time(cmd, ctx)) is not None:
        return seen
    return _own_tickets(cmd.telegram_user_id)


def show_own_tickets(cmd: c.ShowOwnTickets, ctx: Context) -> CustomerTicketList:
    linking.require_gateway(ctx)  # a customer's list, asked through the Telegram gateway only
    return _own_tickets(cmd.telegram_user_id)


def _own_tickets(telegram_user_id: int) -> CustomerTicketList:
    """Their tickets, newest first, as many as a list holds; More (ShowOwnTickets) pages through them."""
    customer = linking.linked_customer(telegram_user_id)
    if customer is None:
        return CustomerTicketList()
    mine = Ticket.select(Ticket, Customer).join(Customer).where(Ticket.customer == customer.id)
    tickets = mine.order_by(Ticket.updated_at.desc(), Ticket.number.desc()).limit(paging.MOST)
    return CustomerTicketList(tickets=tuple(ticket_line(t) for t in tickets), total=mine.count(),
                              query=paging.query_of(c.ShowOwnTickets()))
