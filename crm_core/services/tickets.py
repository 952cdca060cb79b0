"""Support tickets: opening, updating (status, assignee, priority) and answering them."""
from __future__ import annotations

import json

from peewee import IntegrityError, fn

from crm_core import outbox, permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import OpenTicket, ReplyToTicket, UpdateTicket
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.i18n import _, term
from crm_core.models import PRIORITIES, TICKET_STATUSES, Customer, Ticket, TicketMessage, User
from crm_core.results import TicketOpened, TicketReplied, TicketUpdated
from crm_core.services import csat, lookup, ticket_files, validate

FIRST_TICKET_NUMBER = 1001
DONE_STATUSES = ("resolved", "closed")


def open_ticket(cmd: OpenTicket, ctx: Context) -> TicketOpened:
    permissions.require(ctx.user, "ticket.open")
    subject = validate.text(cmd.subject, "subject", 300)
    priority = validate.choice(cmd.priority or "normal", PRIORITIES, "priority")
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
    ticket = _create_numbered(customer_id=customer.id, subject=subject, priority=priority, channel=ctx.channel,
                              created_at=ctx.now, updated_at=ctx.now)
    trail = AuditTrail(ctx, "open_ticket")
    trail.created(ticket, f"opened ticket #{ticket.number} for {customer.name}")
    body = validate.text(cmd.body, "message", 20_000, required=False)
    if body:
        trail.created(TicketMessage.create(ticket=ticket.id, author_user=ctx.user.id, body=body,
                                           channel=ctx.channel, created_at=ctx.now))
    message = _("Opened ticket #{number} for {customer}: {subject} ({priority}).").format(
        number=ticket.number, customer=customer.name, subject=subject, priority=term("priority", priority))
    return TicketOpened(message=message,
                        ticket=ticket.number, customer_id=customer.id)


def _create_numbered(**fields) -> Ticket:
    """A new ticket with the next number; a concurrent writer taking it makes us take the next."""
    for _ in range(5):
        number = (Ticket.select(fn.MAX(Ticket.number)).scalar() or FIRST_TICKET_NUMBER - 1) + 1
        try:
            with Ticket._meta.database.atomic():
                return Ticket.create(number=number, **fields)
        except IntegrityError:
            continue
    raise ValidationError("Couldn't number the ticket because of concurrent writes.", hint="Try again.")


def update_ticket(cmd: UpdateTicket, ctx: Context) -> TicketUpdated:
    if cmd.status is None and cmd.assignee is None and cmd.priority is None and cmd.subject is None \
            and cmd.customer is None and cmd.customer_id is None:
        raise ValidationError(f"What should change on ticket #{cmd.ticket}?",
                              hint="Say e.g. “close ticket 42”, “assign #42 to maria” or “#42 is urgent”.")
    status = validate.choice(cmd.status, TICKET_STATUSES, "ticket status") if cmd.status else None
    priority = validate.choice(cmd.priority, PRIORITIES, "priority") if cmd.priority else None
    assignee = lookup.user(ctx, cmd.assignee) if cmd.assignee else None
    subject = validate.text(cmd.subject, "subject", 300) if cmd.subject is not None else None
    customer = lookup.customer(ctx, cmd.customer, cmd.customer_id) if cmd.customer or cmd.customer_id else None
    ticket = lookup.ticket(cmd.ticket)
    permissions.require_ticket_edit(ctx.user, ticket, assignee)
    before = snapshot(ticket)
    changes = _apply(ticket, ctx, status, priority, assignee) + _moved(ticket, subject, customer)
    if not changes:
        raise ValidationError(f"Ticket #{ticket.number} is like that already.")
    ticket.updated_at = ctx.now
    ticket.save()
    summary = f"ticket #{ticket.number}: " + ", ".join(changes)
    AuditTrail(ctx, "update_ticket").updated(ticket, before, f"updated {summary}")
    csat.ask_for_rating(ctx, ticket, before["status"])  # resolved: the customer rates it on Telegram
    return TicketUpdated(message=f"Updated {summary}.", ticket=ticket.number, status=ticket.status)


def _apply(ticket: Ticket, ctx: Context, status: str | None, priority: str | None,
           assignee: User | None) -> list[str]:
    changes = []
    if status and status != ticket.status:
        changes.append(f"{ticket.status} → {status}")
        if status in DONE_STATUSES and ticket.resolved_at is None:
            ticket.resolved_at = ctx.now
        elif status not in DONE_STATUSES:
            ticket.resolved_at = None
        ticket.status = status
    if priority and priority != ticket.priority:
        changes.append(f"priority {priority}")
        ticket.priority = priority
    if assignee and assignee.id != ticket.assignee_id:
        changes.append(f"assigned to {assignee.name}")
        ticket.assignee = assignee.id
    return changes


def _moved(ticket: Ticket, subject: str | None, customer: Customer | None) -> list[str]:
    """A new subject, or the customer it belongs to (a ticket filed under the wrong one)."""
    changes = []
    if subject and subject != ticket.subject:
        changes.append(f"subject “{ticket.subject}” → “{subject}”")
        ticket.subject = subject
    if customer is not None and customer.id != ticket.customer_id:
        changes.append(f"customer {ticket.customer.name} → {customer.name}")
        ticket.customer = customer.id
    return changes


def reply_to_ticket(cmd: ReplyToTicket, ctx: Context) -> TicketReplied:
    permissions.require(ctx.user, "ticket.reply")
    files = ticket_files.agent_files(cmd.attachments)
    sendable = [f for f in files if ticket_files.fits_telegram(f)]
    refused = [f for f in files if not ticket_files.fits_telegram(f)]
    body = validate.text(cmd.body, "reply", 4000, required=not files)
    if not body and not sendable:
        raise ValidationError(ticket_files.refusal(refused), hint="Nothing was sent.")
    ticket = lookup.ticket(cmd.ticket)
    kept = sendable + [{**f, "refused": ticket_files.TOO_BIG} for f in refused]
    message = TicketMessage.create(ticket=ticket.id, author_user=ctx.user.id, body=body, channel=ctx.channel,
                                   attachments=json.dumps(kept) if kept else None, created_at=ctx.now)
    trail = AuditTrail(ctx, "reply_to_ticket")
    trail.created(message, f"replied to ticket #{ticket.number}")
    if ticket.status == "open":
        before = snapshot(ticket)
        ticket.status, ticket.updated_at = "pending", ctx.now
        ticket.save()
        trail.updated(ticket, before)
    chat_id = ticket.customer.telegram_chat_id
    if chat_id is None:
        return TicketReplied(message=f"Saved your reply on ticket #{ticket.number}; {ticket.customer.name} has no "
                                     "chat linked, so it was not sent.", ticket=ticket.number)
    if body:
        outbox.add(ctx, "telegram.message", f"ticket-message:{message.id}",
                   {"chat_id": chat_id, "text": body, "ticket": ticket.number, "ticket_message_id": message.id,
                    **csat.language_of(ticket.customer)})
    for index, file in enumerate(sendable):  # one row each: a file that fails does not send the text again
        outbox.add(ctx, "telegram.file", f"ticket-file:{message.id}:{index}",
                   {"chat_id": chat_id, "ticket": ticket.number, "ticket_message_id": message.id, **file})
    with_files = f" with {len(sendable)} file{'s' if len(sendable) > 1 else ''}" if sendable else ""
    note = f" {ticket_files.refusal(refused)}" if refused else ""
    return TicketReplied(message=f"Sent your reply{with_files} to {ticket.customer.name} on ticket "
                                 f"#{ticket.number}.{note}", ticket=ticket.number, delivered_via="telegram")
