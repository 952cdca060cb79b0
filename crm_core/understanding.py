"""Between the parser and the dialogue: text to commands, what a command still lacks, and how to say it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from crm_core import commands as c
from crm_core import nlp_commands, recurrence
from crm_core.db import database
from crm_core.errors import CrmError
from crm_core.i18n import _, pgettext, short_date, term
from crm_core.models import SEGMENTS, STAGES, Customer, User
from crm_core.money import money
from crm_core.services import outreach


@dataclass(frozen=True)
class Understanding:
    intent: str
    commands: tuple[c.Command, ...]
    confidence: float
    overruled: bool = False  # the learned model overruled the rules somewhere in the message: writes are confirmed


@dataclass(frozen=True)
class Slot:
    name: str
    question: str
    choices: tuple[str, ...] = ()


def understand(text: str, user: User, now: datetime) -> Understanding:
    """The commands a message asks for (none for small talk); `now` is naive UTC."""
    with database.connection_context():
        parsed = nlp_commands.parse(text, now=now.replace(tzinfo=timezone.utc),
                                    resolver=nlp_commands.default_resolver(user.id), tz=user.timezone or "UTC")
    commands = tuple(cmd for cmd in (frame.to_command() for frame in parsed.commands) if cmd is not None)
    return Understanding(parsed.intent, commands, parsed.confidence, any(f.overruled for f in parsed.commands))


def _has_customer(cmd: c.Command) -> bool:
    return bool(getattr(cmd, "customer", None) or getattr(cmd, "customer_id", None))


def missing_slot(cmd: c.Command) -> Slot | None:
    """The first thing `cmd` needs and lacks, as a question (with choices when they are few)."""
    needs_customer = (c.LogActivity, c.CreateDeal, c.OpenTicket, c.ShowCustomer)
    about_a_deal = (c.MoveDeal, c.UpdateDeal, c.ShowDeal)
    if isinstance(cmd, needs_customer) or (isinstance(cmd, about_a_deal) and cmd.deal_id is None):
        if not _has_customer(cmd):
            return Slot("customer", _("Which customer?"))
    if isinstance(cmd, c.MoveDeal) and not cmd.stage and not cmd.reopen:
        return Slot("stage", _("To which stage?"), STAGES)
    if isinstance(cmd, c.OpenTicket) and not cmd.subject.strip():
        return Slot("subject", _("What is the problem? (It becomes the ticket's subject.)"))
    if isinstance(cmd, c.UpdateDeal) and not (cmd.amount is not None or cmd.expected_close or cmd.title or cmd.owner
                                              or cmd.next_step or cmd.currency):
        return Slot("amount", _("What should change: the amount, the close date or the title?"))
    if isinstance(cmd, (c.UpdateTicket, c.ShowTicket)) and not cmd.ticket:
        return Slot("ticket", _("Which ticket number?"))
    if isinstance(cmd, c.Remind) and not cmd.when:
        return Slot("when", _("When should I remind you?"))
    if isinstance(cmd, c.ShowSegment) and not cmd.segment:
        return Slot("segment", _("Which segment?"), SEGMENTS)
    if isinstance(cmd, c.AddCustomer) and not cmd.customer.strip():
        return Slot("customer", _("What is the new customer's name?"))
    if isinstance(cmd, (c.AddContact, c.ShowContacts)) and not _has_customer(cmd):
        return Slot("customer", _("At which customer?"))
    if isinstance(cmd, c.AddContact) and not cmd.contact.strip() \
            or isinstance(cmd, (c.UpdateContact, c.DeleteContact)) and not (cmd.contact or cmd.contact_id):
        return Slot("contact", _("Which contact? (their name)"))
    if isinstance(cmd, c.MergeTickets) and not cmd.into:
        return Slot("into", f"Merge ticket #{cmd.ticket} into which ticket? (its number)")
    if isinstance(cmd, c.AddTicketNote) and not cmd.body.strip():
        return Slot("body", "What should the internal note say? (The customer never sees it.)")
    if isinstance(cmd, c.SendOutreach) and not (cmd.segment or "").strip():
        return Slot("segment", _("Which segment should get it?"), SEGMENTS)
    if isinstance(cmd, c.SendOutreach) and not cmd.message.strip():
        return Slot("message", _("What should the message say? ({first_name} and {name} are filled in.)"))
    return None


def describe(cmd: c.Command) -> str:
    """One line saying what `cmd` will do, for confirmations."""
    who = _customer_name(cmd)
    if isinstance(cmd, c.LogActivity):
        line = _("Log a {kind} with {customer}").format(kind=term("activity kind", cmd.kind), customer=who) \
            + (f": {cmd.summary}" if cmd.summary else "")
        return line + (_(", follow up {day}").format(day=_day(cmd.follow_up)) if cmd.follow_up else "")
    if isinstance(cmd, c.CreateDeal):
        amount = money(cmd.amount, cmd.currency) if isinstance(cmd.amount, (int, float)) else _("no amount")
        return _("Create a deal for {customer}: {amount}, {stage}").format(
            customer=who, amount=amount, stage=term("stage", cmd.stage)) + (f", “{cmd.title}”" if cmd.title else "")
    if isinstance(cmd, c.MoveDeal):
        stage = term("stage", cmd.stage) if cmd.stage else _("its last open stage")
        said = _("Reopen the {customer} deal at {stage}") if cmd.reopen else _("Move the {customer} deal to {stage}")
        return said.format(customer=who, stage=stage)
    if isinstance(cmd, c.UpdateDeal):
        changes = [f"amount {cmd.amount:,.0f}{' ' + cmd.currency if cmd.currency else ''}"
                   if isinstance(cmd.amount, (int, float)) else "",
                   f"expected close {_day(cmd.expected_close)}" if cmd.expected_close else "",
                   f"title “{cmd.title}”" if cmd.title else "", f"owner {cmd.owner}" if cmd.owner else "",
                   f"next step “{cmd.next_step}”" if cmd.next_step else ""]
        return f"Change the {who} deal: " + ", ".join(x for x in changes if x)
    if isinstance(cmd, c.OpenTicket):
        return _("Open a {priority} ticket for {customer}: {subject}").format(
            priority=term("priority", cmd.priority), customer=who, subject=cmd.subject)
    if isinstance(cmd, c.UpdateTicket):
        changes = [f"status {cmd.status}" if cmd.status else "", f"assign to {cmd.assignee}" if cmd.assignee else "",
                   f"priority {cmd.priority}" if cmd.priority else "", f"subject “{cmd.subject}”" if cmd.subject else "",
                   f"move to customer {who}" if _has_customer(cmd) else ""]
        return f"Ticket #{cmd.ticket}: " + ", ".join(x for x in changes if x)
    if isinstance(cmd, c.Remind):
        repeats = _(" and {every} after").format(every=recurrence.describe(cmd.recurrence)) if cmd.recurrence else ""
        about = _(" about {customer}").format(customer=who) if _has_customer(cmd) else ""
        return _("Remind you {day}").format(day=_day(cmd.when)) + repeats + about + (f": {cmd.text}" if cmd.text else "")
    if isinstance(cmd, c.AddCustomer):
        return f"Add customer {cmd.customer}"
    if isinstance(cmd, c.SetRole):
        return f"Make {cmd.user} a {cmd.role}"
    if isinstance(cmd, (c.AddTeammate, c.SetTeam, c.DeactivateUser, c.ReassignWork)):
        return _team_plan(cmd)
    if isinstance(cmd, c.MergeCustomers):
        return _merge_plan(cmd, who)
    if isinstance(cmd, c.SubscribeDigest):
        day = f" on {cmd.weekday}" if cmd.frequency == "weekly" and cmd.weekday else ""
        return f"Send you a {cmd.frequency} digest{day} at {cmd.at}" + (f" on {cmd.via}" if cmd.via else "")
    if isinstance(cmd, c.UnsubscribeDigest):
        return "Stop your digest"
    if isinstance(cmd, c.SendOutreach):
        return _outreach_plan(cmd)
    if isinstance(cmd, (c.AddContact, c.UpdateContact, c.DeleteContact)):
        return _contact_plan(cmd, who)
    if isinstance(cmd, (c.DeleteDeal, c.UpdateActivity, c.DeleteActivity, c.MergeTickets, c.AddTicketNote)):
        return _edit_plan(cmd, who)
    return cmd.name.replace("_", " ").capitalize() + (f" for {who}" if _has_customer(cmd) else "")


def _team_plan(cmd: c.AddTeammate | c.SetTeam | c.DeactivateUser | c.ReassignWork) -> str:
    """Team admin (services/team_admin.py): a deactivation or a bulk move says what moves, counted now."""
    from crm_core.services import team_admin
    if isinstance(cmd, c.AddTeammate):
        return f"Add {cmd.user} as a {cmd.role or 'rep'}" + (f" on the {cmd.team} team" if cmd.team else "")
    if isinstance(cmd, c.SetTeam):
        return f"{cmd.user}: " + ", ".join(f"{k} {v or 'none'}" for k, v in (("team", cmd.team),
                                                                           ("territory", cmd.territory)) if v is not None)
    with database.connection_context():
        line = team_admin.plan_line(cmd)
    if line is not None:
        return line
    if isinstance(cmd, c.DeactivateUser):
        return f"Deactivate {cmd.user}" + (f"; their open work goes to {cmd.reassign_to}" if cmd.reassign_to else "")
    return f"Give {cmd.from_user}'s {cmd.what} to {cmd.to_user}"


def _contact_plan(cmd: c.AddContact | c.UpdateContact | c.DeleteContact, who: str) -> str:
    person = cmd.contact or _("contact #{id}").format(id=getattr(cmd, "contact_id", ""))
    at = _(" at {customer}").format(customer=who) if _has_customer(cmd) else ""
    if isinstance(cmd, c.DeleteContact):
        return _("Remove {name}{at} from the contacts").format(name=person, at=at)
    changes = pgettext("list separator", ", ").join(f"{term('contact field', field)} {value}"
                                                     for field in ("title", "email", "phone", "telegram")
                                                     if (value := getattr(cmd, field)))
    verb = _("Add contact {name}{at}") if isinstance(cmd, c.AddContact) else _("Change contact {name}{at}")
    return verb.format(name=person, at=at) + (f": {changes}" if changes else "")


def _edit_plan(cmd: c.Command, who: str) -> str:
    """Deal deletes, activity edits, ticket merges and notes (issue 15)."""
    if isinstance(cmd, c.DeleteDeal):
        return _("Delete the {customer} deal").format(customer=who) + (f" “{cmd.deal}”" if cmd.deal else "") \
            if cmd.deal_id is None else _("Delete deal {id}").format(id=cmd.deal_id)
    if isinstance(cmd, c.MergeTickets):
        return _("Merge ticket #{number} into #{other} (its messages move; #{number} is closed)").format(
            number=cmd.ticket, other=cmd.into)
    if isinstance(cmd, c.AddTicketNote):
        return _("Internal note on ticket #{number}: {body}").format(number=cmd.ticket, body=cmd.body)
    which = _activity_named(cmd, who)
    if isinstance(cmd, c.DeleteActivity):
        picked = not cmd.activity_id and not cmd.kind and _has_customer(cmd)
        return _("Delete one of your activities with {customer} (you pick which)").format(customer=who) if picked \
            else _("Delete {which}").format(which=which)
    changes = [_("make it a {kind}").format(kind=term("activity kind", cmd.kind)) if cmd.kind else "",
               _("text “{text}”").format(text=cmd.summary) if cmd.summary else ""]
    return _("Change {which}: ").format(which=which) + pgettext("list separator", ", ").join(x for x in changes if x)


def _activity_named(cmd: c.UpdateActivity | c.DeleteActivity, who: str) -> str:
    """ "activity 42", "your last call with Acme"."""
    if cmd.activity_id:
        return _("activity {id}").format(id=cmd.activity_id)
    kind = term("activity kind", cmd.kind) if isinstance(cmd, c.DeleteActivity) and cmd.kind else _("activity")
    return (_("your last {kind} with {customer}") if _has_customer(cmd) else _("your last {kind}")).format(
        kind=kind, customer=who)

def _outreach_plan(cmd: c.SendOutreach) -> str:
    """The count and the message as its first recipient gets it (the dialogue refuses one that can't go)."""
    try:
        with database.connection_context():
            return outreach.plan_line(cmd)
    except CrmError as exc:
        return f"Send outreach to {cmd.segment or '?'}: {exc.message}"


def _merge_plan(cmd: c.MergeCustomers, who: str) -> str:
    """What the merge moves, counted now ("Merge X into Y: will move 3 deals, 2 tickets; X is deleted")."""
    from crm_core.context import Context
    from crm_core.services import customer_merge, lookup
    try:
        with database.connection_context():
            ctx = Context(user=User(name="", role="admin"))
            dup = lookup.customer(ctx, cmd.customer, cmd.customer_id)
            kept = lookup.customer(ctx, cmd.into, cmd.into_id)
            deleted = _("; {customer} is deleted").format(customer=dup.name)
            return customer_merge.describe(customer_merge.plan(dup, kept), done=False)[:-1] + deleted
    except CrmError:
        return _("Merge {customer} into {other} (its records move over; {customer} is deleted)").format(
            customer=who, other=cmd.into or "?")


def _customer_name(cmd: c.Command) -> str:
    customer_id = getattr(cmd, "customer_id", None)
    if customer_id is not None:
        with database.connection_context():
            found = Customer.get_or_none(Customer.id == customer_id)
        if found is not None:
            return found.name
    return getattr(cmd, "customer", None) or "?"


def _day(value: str | None) -> str:
    if not value:
        return "?"
    try:
        day = date.fromisoformat(value[:10])
        moment = datetime.combine(day, time.fromisoformat(value[11:16]) if len(value) > 10 else time())
        return _("on {day}").format(day=short_date(moment, with_time=len(value) > 10))
    except ValueError:
        return value
