"""The card of one deal and of one ticket: answers to "where are we with acme?" and "status of #42?"."""
from __future__ import annotations

from crm_core import permissions
from crm_core.commands import ShowDeal, ShowTicket, ShowTicketMessages
from crm_core.context import Context
from crm_core.errors import NotFound
from crm_core.i18n import _, ngettext, term
from crm_core.models import CLOSED_STAGES, STAGES, Activity, Deal, TicketMessage
from crm_core.results import ActivityLine, DealCard, TicketCard, TicketMessageLine, TicketMessages
from crm_core.services import deal_facts, lookup, ticket_targets
from crm_core.services.contacts import lines_of
from crm_core.services.reports import deal_lines, ticket_line

LAST_MESSAGES = 10  # the conversation's latest; the card counts them all


def show_deal(cmd: ShowDeal, ctx: Context) -> DealCard:
    """The deal asked about: the open one (the latest when several, the others counted), else the last closed."""
    permissions.require(ctx.user, "report.view")
    if cmd.deal_id is not None:
        deal, others = lookup.deal(cmd.deal_id), 0
    else:
        customer = lookup.customer(ctx, cmd.customer, cmd.customer_id)
        deals = lookup.deals_named(customer, cmd.deal, loose=True) or lookup.deals_named(customer, cmd.deal, STAGES,
                                                                                          loose=True)
        if not deals:
            raise NotFound(_("{customer} has no deals yet.").format(customer=customer.name),
                           hint=_("Create one: “new deal for {customer}, 10k, lead”.").format(customer=customer.name))
        deal, others = deals[0], len(deals) - 1 if deals[0].stage not in CLOSED_STAGES else 0
    last = deal.customer.activities.order_by(Activity.occurred_at.desc(), Activity.id.desc()).first()
    return DealCard(deal=deal_lines(Deal.id == deal.id)[0], last_activity=_activity_line(last) if last else None,
                    closed_at=f"{deal.closed_at:%Y-%m-%d}" if deal.closed_at else None, other_open=others,
                    history=deal_facts.history(deal), reasons=deal_facts.reasons(deal, ctx.now),
                    next_step=deal_facts.next_step(deal, ctx.now),
                    contacts=lines_of(deal.customer))


def show_ticket(cmd: ShowTicket, ctx: Context) -> TicketCard:
    permissions.require(ctx.user, "report.view")
    ticket = lookup.ticket(cmd.ticket)
    messages = list(ticket.messages.order_by(TicketMessage.created_at.desc(), TicketMessage.id.desc())
                    .limit(LAST_MESSAGES))
    late = ticket.id in ticket_targets.breaching(ctx.now) if ticket.status in ticket_targets.WAITING else False
    target = ticket_targets.FIRST_RESPONSE_HOURS.get(ticket.priority)
    return TicketCard(ticket=ticket_line(ticket), age_days=max(0, (ctx.now - ticket.created_at).days),
                      opened=f"{ticket.created_at:%Y-%m-%d}",
                      messages=tuple(_message_line(m, ticket.customer.name) for m in reversed(messages)),
                      message_count=ticket.messages.count(),
                      late=_late(target, ticket.priority) if late else None)


def _late(target: int, priority: str) -> str:
    return ngettext("unanswered past its first-response target ({n} business hour for {priority})",
                    "unanswered past its first-response target ({n} business hours for {priority})",
                    target).format(n=target, priority=term("priority", priority))


def show_ticket_messages(cmd: ShowTicketMessages, ctx: Context) -> TicketMessages:
    """The whole conversation, newest first: the card's latest messages are its first rows."""
    permissions.require(ctx.user, "report.view")
    ticket = lookup.ticket(cmd.ticket)
    messages = ticket.messages.order_by(TicketMessage.created_at.desc(), TicketMessage.id.desc())
    return TicketMessages(number=ticket.number, subject=ticket.subject,
                          messages=tuple(_message_line(m, ticket.customer.name) for m in messages))


def _activity_line(activity: Activity) -> ActivityLine:
    return ActivityLine(activity.kind, activity.summary, activity.user.name if activity.user_id else None,
                        f"{activity.occurred_at:%Y-%m-%d}",
                        activity.follow_up.isoformat() if activity.follow_up else None)


def _message_line(message: TicketMessage, customer_name: str) -> TicketMessageLine:
    who = customer_name if message.from_customer else (message.author_user.name if message.author_user_id else "team")
    who += " (internal note)" if message.internal else ""
    return TicketMessageLine(who, message.body, f"{message.created_at:%Y-%m-%d %H:%M}")
