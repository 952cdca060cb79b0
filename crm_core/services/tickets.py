"""Support tickets: opening, updating (status, assignee, priority) and answering them."""
from __future__ import annotations

import json

from peewee import IntegrityError, fn

from collections.abc import Callable

from crm_core import i18n, outbox, permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import OpenTicket, ReplyToTicket, UpdateTicket
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.i18n import _, ngettext, term
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
    raise ValidationError(_("Couldn't number the ticket because of concurrent writes."), hint=_("Try again."))


def update_ticket(cmd: UpdateTicket, ctx: Context) -> TicketUpdated:
    if cmd.status is None and cmd.assignee is None and cmd.priority is None and cmd.subject is None \
            and cmd.customer is None and cmd.customer_id is None:
        raise ValidationError(_("What should change on ticket #{number}?").format(number=cmd.ticket),
                              hint=_("Say e.g. “close ticket 42”, “assign #42 to maria” or “#42 is urgent”."))
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
        raise ValidationError(_("Ticket #{number} is like that already.").format(number=ticket.number))
    ticket.updated_at = ctx.now
    ticket.save()
    with i18n.speaking(i18n.ENGLISH):  # the audit trail is kept in English
        AuditTrail(ctx, "update_ticket").updated(ticket, before,
                                                 f"updated ticket #{ticket.number}: {_said(changes)}")
    csat.ask_for_rating(ctx, ticket, before["status"])  # resolved: the customer rates it on Telegram
    return TicketUpdated(message=_("Updated ticket #{number}: {changes}.").format(number=ticket.number,
                                                                                  changes=_said(changes)),
                         ticket=ticket.number, status=ticket.status)


Change = Callable[[], str]  # a change said in the language of the moment (the reply's, the audit trail's)


def _said(changes: list[Change]) -> str:
    return i18n.pgettext("list separator", ", ").join(change() for change in changes)


def _apply(ticket: Ticket, ctx: Context, status: str | None, priority: str | None,
           assignee: User | None) -> list[Change]:
    changes: list[Change] = []
    if status and status != ticket.status:
        changes.append(lambda was=ticket.status: f"{term('ticket status', was)} → {term('ticket status', status)}")
        if status in DONE_STATUSES and ticket.resolved_at is None:
            ticket.resolved_at = ctx.now
        elif status not in DONE_STATUSES:
            ticket.resolved_at = None
        ticket.status = status
    if priority and priority != ticket.priority:
        changes.append(lambda: _("priority {priority}").format(priority=term("priority", priority)))
        ticket.priority = priority
    if assignee and assignee.id != ticket.assignee_id:
        changes.append(lambda: _("assigned to {name}").format(name=assignee.name))
        ticket.assignee = assignee.id
    return changes


def _moved(ticket: Ticket, subject: str | None, customer: Customer | None) -> list[Change]:
    """A new subject, or the customer it belongs to (a ticket filed under the wrong one)."""
    changes: list[Change] = []
    if subject and subject != ticket.subject:
        changes.append(lambda was=ticket.subject: _("subject “{before}” → “{after}”").format(before=was, after=subject))
        ticket.subject = subject
    if customer is not None and customer.id != ticket.customer_id:
        changes.append(lambda was=ticket.customer.name: _("customer {before} → {after}").format(before=was,
                                                                                               after=customer.name))
        ticket.customer = customer.id
    return changes


def reply_to_ticket(cmd: ReplyToTicket, ctx: Context) -> TicketReplied:
    permissions.require(ctx.user, "ticket.reply")
    files = ticket_files.agent_files(cmd.attachments)
    sendable = [f for f in files if ticket_files.fits_telegram(f)]
    refused = [f for f in files if not ticket_files.fits_telegram(f)]
    body = validate.text(cmd.body, "reply", 4000, required=not files)
    if not body and not sendable:
        raise ValidationError(ticket_files.refusal(refused), hint=_("Nothing was sent."))
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
        return TicketReplied(message=_("Saved your reply on ticket #{number}; {customer} has no chat linked, so it "
                                       "was not sent.").format(number=ticket.number, customer=ticket.customer.name),
                             ticket=ticket.number)
    if body:
        outbox.add(ctx, "telegram.message", f"ticket-message:{message.id}",
                   {"chat_id": chat_id, "text": body, "ticket": ticket.number, "ticket_message_id": message.id,
                    **csat.language_of(ticket.customer)})
    for index, file in enumerate(sendable):  # one row each: a file that fails does not send the text again
        outbox.add(ctx, "telegram.file", f"ticket-file:{message.id}:{index}",
                   {"chat_id": chat_id, "ticket": ticket.number, "ticket_message_id": message.id, **file})
    sent = ngettext("Sent your reply with {n} file to {customer} on ticket #{number}.",
                    "Sent your reply with {n} files to {customer} on ticket #{number}.", len(sendable)) if sendable \
        else _("Sent your reply to {customer} on ticket #{number}.")
    note = f" {ticket_files.refusal(refused)}" if refused else ""
    return TicketReplied(message=sent.format(n=len(sendable), customer=ticket.customer.name, number=ticket.number)
                         + note, ticket=ticket.number, delivered_via="telegram")
