"""The command bus: one table from command type to service, one transaction per command."""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from crm_core import commands as c
from crm_core import events, offers, paging, permissions
from crm_core.context import Context
from crm_core.db import database, lost_lock_race, retrying, write_transaction
from crm_core.errors import Ambiguous, CrmError
from crm_core.i18n import _
from crm_core.models import User
from crm_core.results import Rejected, Result
from crm_core.services import (
    activities, agenda, customer_card, customers, deals, help, reminders, reports, search, tickets, undo, users,
)
from crm_core.services import csat, linking, support  # customers on Telegram
from crm_core.services import digests
from crm_core.services import notifications
from crm_core.services import outreach, outreach_customers
from crm_core.services import cards  # one deal's, one ticket's
from crm_core.services import deal_lists  # deal lists with their filters (issue 14)
from crm_core.services import insights  # reports, customer lists and timelines, my day (issue 14)
from crm_core.services import contacts
from crm_core.services import customer_edits, customer_merge  # a customer's edits and merges
from crm_core.services import activity_edits, deal_edits, ticket_edits  # deal, activity and ticket edits (issue 15)
from crm_core.services import team_admin  # teammates, teams, deactivation, bulk reassignment (issue 15)
from crm_core.services import rates  # exchange rates (issue 15 item 8)
from crm_core.services import analytics_requests  # "rescore now" / "resegment" (issue 15 item 9)

log = logging.getLogger(__name__)

Handler = Callable[[c.Command, Context], Result]

HANDLERS: dict[type[c.Command], Handler] = {
    c.AddCustomer: customers.add_customer,
    c.LogActivity: activities.log_activity,
    c.Remind: activities.remind,
    c.CompleteReminder: reminders.complete_reminder,
    c.SnoozeReminder: reminders.snooze_reminder,
    c.MoveReminder: reminders.move_reminder,
    c.CancelReminder: reminders.cancel_reminder,
    c.CreateDeal: deals.create_deal,
    c.MoveDeal: deals.move_deal,
    c.OpenTicket: tickets.open_ticket,
    c.UpdateTicket: tickets.update_ticket,
    c.ReplyToTicket: tickets.reply_to_ticket,
    c.SetRole: users.set_role,
    c.Undo: undo.undo,
    c.ShowTopCustomers: reports.show_top_customers,
    c.ShowPipeline: deal_lists.show_pipeline,
    c.ShowTickets: reports.show_tickets,
    c.ShowSegment: reports.show_segment,
    c.ShowCustomer: customer_card.show_customer,
    c.Help: help.show_help,
    c.ShowReminders: agenda.show_reminders,
    c.ShowReport: insights.show_report,
    c.ShowMyDay: insights.show_my_day,
    c.ListCustomers: insights.list_customers,
    c.ShowTimeline: insights.show_timeline,
    c.FindCustomers: search.find_customers,
    c.InviteCustomer: linking.invite_customer,
    c.LinkTelegram: linking.link_telegram,
    c.ShareContact: linking.share_contact,
    c.CustomerMessage: support.customer_message,
    c.RequestNewTicket: support.request_new_ticket,
    c.ListCustomerTickets: support.list_customer_tickets,
    c.ShowOwnTickets: support.show_own_tickets,
    c.RateTicket: csat.rate_ticket,
    c.SubscribeDigest: digests.subscribe_digest,
    c.UnsubscribeDigest: digests.unsubscribe_digest,
    c.ShowDigest: digests.show_digest,
    c.ShowAtRisk: digests.show_at_risk,
    c.SetNotifyVia: notifications.set_notify_via,
    c.SetLanguage: notifications.set_language,
    c.InviteRep: linking.invite_rep,
    c.SendOutreach: outreach.send_outreach,
    c.ShowOutreach: outreach.show_outreach,
    c.SetOutreachOptIn: outreach_customers.set_outreach_opt_in,
    c.UpdateDeal: deals.update_deal,
    c.ShowDeal: cards.show_deal,
    c.ShowTicket: cards.show_ticket,
    c.ShowTicketMessages: cards.show_ticket_messages,
    c.AddContact: contacts.add_contact,
    c.UpdateContact: contacts.update_contact,
    c.DeleteContact: contacts.delete_contact,
    c.ShowContacts: contacts.show_contacts,
    c.UpdateCustomer: customer_edits.update_customer,
    c.MergeCustomers: customer_merge.merge_customers,
    c.DeleteDeal: deal_edits.delete_deal,
    c.UpdateActivity: activity_edits.update_activity,
    c.DeleteActivity: activity_edits.delete_activity,
    c.MergeTickets: ticket_edits.merge_tickets,
    c.AddTicketNote: ticket_edits.add_ticket_note,
    c.AddTeammate: team_admin.add_teammate,
    c.SetTeam: team_admin.set_team,
    c.ShowTeam: team_admin.show_team,
    c.DeactivateUser: team_admin.deactivate_user,
    c.ReassignWork: team_admin.reassign_work,
    c.SetRate: rates.set_rate,
    c.ShowRates: rates.show_rates,
    c.RunAnalytics: analytics_requests.request_analytics,
}

_publish: Callable[[int], None] | None = None
# A command that lost a lock race runs again (each try waits SQLite's busy timeout, then a jittered pause);
# when the lock is still held after that, the answer is "busy, try again" (code "busy") and nothing is written.
LOCK_ATTEMPTS = 3


def configure(publish: Callable[[int], None] | None) -> None:
    """Set what enqueues an outbox row id once its transaction has committed (the entrypoint's choice)."""
    global _publish
    _publish = publish


def handle(command: c.Command, actor: User, *, channel: str = "console", now: datetime | None = None) -> Result:
    """Run `command` as `actor`; a refusal or a failure comes back as `Rejected`, never as an exception."""
    if not actor.is_active and not isinstance(command, c.TelegramProfile):  # a deactivated teammate can't act nor
        # read; customers on Telegram act through the (inactive) gateway account
        return rejected(permissions.deactivated(actor))
    try:
        result, ctx = retrying(lambda: _run(command, actor, channel, now), attempts=LOCK_ATTEMPTS)
    except CrmError as exc:
        return rejected(exc)
    except Exception as exc:
        if lost_lock_race(exc):
            log.warning("command %s: the database stayed locked (%s)", command.name, exc)
            return Rejected(message=_("The CRM is busy with other work right now."),
                            hint=_("Nothing was changed. Please wait a moment and try again."), code="busy")
        reference = uuid.uuid4().hex[:8]
        log.exception("command %s failed (ref %s): %r", command.name, reference, command)
        return Rejected(message=_("Something went wrong on our side (reference {reference}).").format(
                            reference=reference),
                        hint=_("Nothing was changed. Try again, or quote the reference to your admin."),
                        code="internal")
    for row_id in ctx.published:
        _enqueue(row_id)
    events.publish(ctx.events())
    return result


def _run(command: c.Command, actor: User, channel: str, now: datetime | None) -> tuple[Result, Context]:
    """One try: its own context (what it published) and its own transaction, all rolled back on failure."""
    ctx = Context(user=actor, channel=channel) if now is None else Context(user=actor, channel=channel, now=now)
    with database.connection_context(), (write_transaction() if command.writes else database.atomic()):
        return paging.with_query(command, offers.with_offers(command, HANDLERS[type(command)](command, ctx))), ctx


def rejected(exc: CrmError) -> Rejected:
    if isinstance(exc, Ambiguous):
        return Rejected(message=exc.message, hint=exc.hint, code=exc.code, slot=exc.slot, options=exc.options)
    return Rejected(message=exc.message, hint=exc.hint, code=exc.code)


def _enqueue(row_id: int) -> None:
    """A failed enqueue loses nothing: the row stays pending and the sweeper sends it later."""
    if _publish is None:
        return
    try:
        _publish(row_id)
    except Exception:
        log.warning("could not enqueue outbox row %s; the sweeper will retry it", row_id, exc_info=True)
