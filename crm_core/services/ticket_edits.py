"""Merging a duplicate ticket into another (confirmed by policy, undoable) and internal notes on tickets.

A merge moves the duplicate's messages to the ticket kept and closes the duplicate; both must be the same
customer's. An internal note is a teammates' message on the ticket: no outbox row, so it never reaches the customer,
and it does not count as the first response."""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.commands import AddTicketNote, MergeTickets
from crm_core.context import Context
from crm_core.errors import Conflict, ValidationError
from crm_core.i18n import _, ngettext
from crm_core.models import TicketMessage
from crm_core.results import TicketNoted, TicketsMerged
from crm_core.services import lookup, validate


def merge_tickets(cmd: MergeTickets, ctx: Context) -> TicketsMerged:
    validate.present(cmd.into, _("Merge ticket #{number} into which ticket?").format(number=cmd.ticket),
                     _("Say e.g. “merge #1043 into #1042”."))
    dup, kept = lookup.ticket(cmd.ticket), lookup.ticket(cmd.into)
    if dup.id == kept.id:
        raise ValidationError(_("Ticket #{number} can't be merged into itself.").format(number=dup.number),
                              hint=_("Name two tickets."))
    if dup.customer_id != kept.customer_id:
        raise Conflict(_("#{number} is {customer}'s and #{other} is {other_customer}'s.").format(
            number=dup.number, customer=dup.customer.name, other=kept.number, other_customer=kept.customer.name),
                       hint=_("Move one first: “ticket {number} is for {customer}”.").format(
                           number=dup.number, customer=kept.customer.name))
    permissions.require(ctx.user, "ticket.merge")
    permissions.require_ticket_edit(ctx.user, dup, None)
    permissions.require_ticket_edit(ctx.user, kept, None)
    trail = AuditTrail(ctx, "merge_tickets")
    moved = list(dup.messages.order_by(TicketMessage.id))
    for message in moved:
        before = snapshot(message)
        message.ticket = kept.id
        message.save()
        trail.updated(message, before)
    before = snapshot(dup)
    dup.status, dup.updated_at = "closed", ctx.now
    dup.resolved_at = dup.resolved_at or ctx.now
    dup.save()
    trail.updated(dup, before, f"merged ticket #{dup.number} into #{kept.number}")
    said = ngettext("Merged ticket #{number} into #{other} ({customer}): {n} message moved, #{number} closed.",
                    "Merged ticket #{number} into #{other} ({customer}): {n} messages moved, #{number} closed.",
                    len(moved)).format(number=dup.number, other=kept.number, customer=kept.customer.name, n=len(moved))
    return TicketsMerged(message=said,
                         ticket=kept.number, merged=dup.number)


def add_ticket_note(cmd: AddTicketNote, ctx: Context) -> TicketNoted:
    permissions.require(ctx.user, "ticket.reply")
    body = validate.text(cmd.body, "note", 4000)
    ticket = lookup.ticket(cmd.ticket)
    note = TicketMessage.create(ticket=ticket.id, author_user=ctx.user.id, body=body, channel=ctx.channel,
                                internal=True, created_at=ctx.now)
    AuditTrail(ctx, "add_ticket_note").created(note, f"internal note on ticket #{ticket.number}")
    return TicketNoted(message=_("Added an internal note to ticket #{number} (not sent to {customer}).").format(
        number=ticket.number, customer=ticket.customer.name), ticket=ticket.number)
