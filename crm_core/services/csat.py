"""Customer satisfaction: a resolved ticket asks its Telegram-linked customer for 1-5; the first answer stands.

Asking is a "telegram.csat" outbox row ({chat_id, ticket, subject}); the Telegram sender turns it into
a message with five buttons. Only the ticket's own customer can rate it, only once it is resolved or
closed, and a second press changes nothing (it is told the rating it gave).
"""
from __future__ import annotations

from crm_core.i18n import _
from crm_core import i18n, outbox
from crm_core import commands as c
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.errors import NotFound, ValidationError
from crm_core.models import Customer, Ticket
from crm_core.results import AlreadyHandled, TicketRated
from crm_core.services import linking

RATED_STATUSES = ("resolved", "closed")
SCORES = range(1, 6)


def ask_for_rating(ctx: Context, ticket: Ticket, previous_status: str) -> None:
    """Called when a ticket's status changes: on becoming resolved, ask its customer (once per resolution)."""
    if ticket.status != "resolved" or previous_status == "resolved" or ticket.csat_score is not None:
        return
    chat_id = ticket.customer.telegram_chat_id
    if chat_id is None:
        return
    outbox.add(ctx, "telegram.csat", f"csat:{ticket.number}:{ctx.now:%Y%m%dT%H%M%S}",
               {"chat_id": chat_id, "ticket": ticket.number, "subject": ticket.subject,
                **language_of(ticket.customer)})


def language_of(customer: Customer) -> dict[str, str]:
    """The customer's language for a message the worker sends later (nothing for English, the default)."""
    language = customer.telegram_language
    return {"language": language} if language and language != i18n.ENGLISH else {}


def rate_ticket(cmd: c.RateTicket, ctx: Context) -> TicketRated | AlreadyHandled:
    if (seen := linking.first_time(cmd, ctx)) is not None:
        return seen
    if not isinstance(cmd.score, int) or isinstance(cmd.score, bool) or cmd.score not in SCORES:
        raise ValidationError(_("A rating is a number from 1 to 5."))
    customer = linking.linked_customer(cmd.telegram_user_id)
    ticket = Ticket.get_or_none(Ticket.number == cmd.ticket) if isinstance(cmd.ticket, int) else None
    if customer is None or ticket is None or ticket.customer_id != customer.id:
        raise NotFound(_("I can't find ticket #{number} among your tickets.").format(number=cmd.ticket),
                       hint=_("Send /status to see them."))
    if ticket.csat_score is not None:
        return TicketRated(ticket=ticket.number, score=ticket.csat_score, changed=False)
    if ticket.status not in RATED_STATUSES:
        raise ValidationError(_("Ticket #{number} is still being worked on.").format(number=ticket.number),
                              hint=_("You can rate it once it is resolved."))
    before = snapshot(ticket)
    if not Ticket.update(csat_score=cmd.score, csat_at=ctx.now).where(
            (Ticket.id == ticket.id) & Ticket.csat_score.is_null()).execute():  # a concurrent press won
        return TicketRated(ticket=ticket.number, score=Ticket.get_by_id(ticket.id).csat_score, changed=False)
    ticket.csat_score, ticket.csat_at = cmd.score, ctx.now
    AuditTrail(ctx, "rate_ticket").updated(ticket, before,
                                           f"{customer.name} rated ticket #{ticket.number} {cmd.score}/5")
    return TicketRated(ticket=ticket.number, score=cmd.score)
