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


CHOICES = {"stage": STAGES, "segment": SEGMENTS}  # the vocabularies a question offers as buttons


def missing_slot(cmd: c.Command) -> Slot | None:
    """The first thing `cmd` needs and lacks (its class's `needs`), as a question, with choices when they are few."""
    for need in type(cmd).needs:
        if need.question and not any(_filled(getattr(cmd, name)) for name in need.fields):
            return Slot(need.field, _(need.question).format_map(_Fields(cmd)), CHOICES.get(need.choices, ()))
    return None


def _filled(value: object) -> bool:
    return value is not None and value is not False and not (isinstance(value, str) and not value.strip())


class _Fields(dict):
    """A command's fields for a question's placeholders; any other {name} stays as written ({first_name})."""
    def __init__(self, cmd: c.Command) -> None:
        super().__init__(vars(cmd))

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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
        return _("Change the {customer} deal: ").format(customer=who) + _listed(_deal_changes(cmd))
    if isinstance(cmd, c.OpenTicket):
        return _("Open a {priority} ticket for {customer}: {subject}").format(
            priority=term("priority", cmd.priority), customer=who, subject=cmd.subject)
    if isinstance(cmd, c.UpdateTicket):
        changes = [_("status {status}").format(status=term("ticket status", cmd.status)) if cmd.status else "",
                   _("assign to {name}").format(name=cmd.assignee) if cmd.assignee else "",
                   _("priority {priority}").format(priority=term("priority", cmd.priority)) if cmd.priority else "",
                   _("subject “{subject}”").format(subject=cmd.subject) if cmd.subject else "",
                   _("move to customer {customer}").format(customer=who) if _has_customer(cmd) else ""]
        return _("Ticket #{number}: ").format(number=cmd.ticket) + _listed(changes)
    if isinstance(cmd, c.Remind):
        repeats = _(" and {every} after").format(every=recurrence.describe(cmd.recurrence)) if cmd.recurrence else ""
        about = _(" about {customer}").format(customer=who) if _has_customer(cmd) else ""
        return _("Remind you {day}").format(day=_day(cmd.when)) + repeats + about + (f": {cmd.text}" if cmd.text else "")
    if isinstance(cmd, c.AddCustomer):
        return _("Add customer {customer}").format(customer=cmd.customer)
    if isinstance(cmd, c.SetRole):
        return _("Make {user} a {role}").format(user=cmd.user, role=term("role", cmd.role))
    if isinstance(cmd, (c.AddTeammate, c.SetTeam, c.DeactivateUser, c.ReassignWork)):
        return _team_plan(cmd)
    if isinstance(cmd, c.MergeCustomers):
        return _merge_plan(cmd, who)
    if isinstance(cmd, c.SubscribeDigest):
        return _digest_plan(cmd)
    if isinstance(cmd, c.UnsubscribeDigest):
        return _("Stop your digest")
    if isinstance(cmd, c.SendOutreach):
        return _outreach_plan(cmd)
    if isinstance(cmd, (c.AddContact, c.UpdateContact, c.DeleteContact)):
        return _contact_plan(cmd, who)
    if isinstance(cmd, (c.DeleteDeal, c.UpdateActivity, c.DeleteActivity, c.MergeTickets, c.AddTicketNote)):
        return _edit_plan(cmd, who)
    said = term("write", cmd.name)
    return said[:1].upper() + said[1:] + (_(" for {customer}").format(customer=who) if _has_customer(cmd) else "")


def _listed(changes: list[str]) -> str:
    return pgettext("list separator", ", ").join(x for x in changes if x)


def _deal_changes(cmd: c.UpdateDeal) -> list[str]:
    amount = f"{cmd.amount:,.0f}{' ' + cmd.currency if cmd.currency else ''}" \
        if isinstance(cmd.amount, (int, float)) else ""  # no currency: the deal's own
    return [_("amount {amount}").format(amount=amount) if amount else "",
            _("expected close {day}").format(day=_day(cmd.expected_close)) if cmd.expected_close else "",
            _("title “{title}”").format(title=cmd.title) if cmd.title else "",
            _("owner {name}").format(name=cmd.owner) if cmd.owner else "",
            _("next step “{step}”").format(step=cmd.next_step) if cmd.next_step else ""]


def _digest_plan(cmd: c.SubscribeDigest) -> str:
    from crm_core.services.digests import DAY_NAMES, WEEKDAYS
    via = _(" on {channel}").format(channel=cmd.via.capitalize()) if cmd.via else ""
    if cmd.frequency == "weekly" and cmd.weekday in WEEKDAYS:
        day = pgettext("weekday", DAY_NAMES[WEEKDAYS.index(cmd.weekday)])
        return _("Send you a weekly digest on {weekday} at {at}").format(weekday=day, at=cmd.at) + via
    said = _("Send you a weekly digest at {at}") if cmd.frequency == "weekly" else _("Send you a daily digest at {at}")
    return said.format(at=cmd.at) + via


def _team_plan(cmd: c.AddTeammate | c.SetTeam | c.DeactivateUser | c.ReassignWork) -> str:
    """Team admin (services/team_admin.py): a deactivation or a bulk move says what moves, counted now."""
    from crm_core.services import team_admin
    if isinstance(cmd, c.AddTeammate):
        return _("Add {user} as a {role}").format(user=cmd.user, role=term("role", cmd.role or "rep")) \
            + (_(" on the {team} team").format(team=cmd.team) if cmd.team else "")
    if isinstance(cmd, c.SetTeam):
        return f"{cmd.user}: " + _listed([pgettext("field", k) + " " + (v or _("none"))
                                          for k, v in (("team", cmd.team), ("territory", cmd.territory))
                                          if v is not None])
    with database.connection_context():
        line = team_admin.plan_line(cmd)
    if line is not None:
        return line
    if isinstance(cmd, c.DeactivateUser):
        return _("Deactivate {user}").format(user=cmd.user) \
            + (_("; their open work goes to {other}").format(other=cmd.reassign_to) if cmd.reassign_to else "")
    return _("Give {user}'s {what} to {other}").format(user=cmd.from_user, what=term("records", cmd.what),
                                                       other=cmd.to_user)


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
        return _("Send outreach to {segment}: {reason}").format(
            segment=term("segment", cmd.segment) or "?", reason=exc.message)


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
