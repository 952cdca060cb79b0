"""Commands: frozen dataclasses of primitives, each also a valid JSON message (DESIGN.md rule 2).

Every field has a default so that a half-understood message is still a command: the dialogue asks
for what is missing and the services refuse what is still missing. A customer is named either by `customer_id` (a button press, a resolved choice) or by `customer`,
the mention as typed, which the service resolves. Dates are ISO strings (`YYYY-MM-DD`), datetimes
ISO strings in UTC or with an offset.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from crm_core.i18n import N_


@dataclass(frozen=True)
class Need:
    """Something a command can't go without, said once for the parser and the dialogue.

    `field`: the command field the dialogue fills with the answer; `any_of`: the fields of which one filled will do
    (default: `field`); `said`: the frame slots the parser looks for ("stage|reopen": either), None when the words
    never carry it; `question` (catalog text, formatted with the command's fields) and `choices` (a stored
    vocabulary offered as buttons: "stage", "segment"): what the dialogue asks, nothing when empty (the service
    refuses it instead); `doubt`: the parser trusts a frame less when its words lack it, else the frame is only
    asked about.
    """
    field: str
    question: str = ""
    choices: str = ""
    any_of: tuple[str, ...] = ()
    said: str | None = ""
    doubt: bool = True

    @property
    def fields(self) -> tuple[str, ...]:
        return self.any_of or (self.field,)

    @property
    def slots(self) -> str | None:
        return self.field if self.said == "" else self.said


def _customer(question: str = N_("Which customer?"), *, or_deal: bool = False) -> Need:
    return Need("customer", question, any_of=("customer", "customer_id", *(("deal_id",) if or_deal else ())))


_THE_DEAL: dict[str, str | None] = {"deal": "title"}  # a deal is named by its title, stage or amount as said
_WHICH_CONTACT = Need("contact", N_("Which contact? (their name)"), any_of=("contact", "contact_id"))


@dataclass(frozen=True)
class Command:
    name: ClassVar[str] = ""
    writes: ClassVar[bool] = True
    needs: ClassVar[tuple[Need, ...]] = ()  # in the order the dialogue asks for them
    slot_names: ClassVar[dict[str, str | None]] = {}  # field -> the frame slot it is read from, when not its own name
    examples: ClassVar[tuple[str, ...]] = ()  # what a rep types for it: the help shows them, a test parses each
    examples_zh: ClassVar[tuple[str, ...]] = ()  # the same in Chinese (crm_core/nlp/zh reads them)

    def to_json(self) -> dict[str, Any]:
        return {"command": self.name, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class AddCustomer(Command):
    name: ClassVar[str] = "add_customer"
    examples: ClassVar[tuple[str, ...]] = ('add customer Pied Piper, email richard@piedpiper.com',)
    needs: ClassVar[tuple[Need, ...]] = (Need("customer", N_("What is the new customer's name?")),)
    customer: str = ""
    email: str | None = None
    phone: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class LogActivity(Command):
    name: ClassVar[str] = "log_activity"
    examples: ClassVar[tuple[str, ...]] = (
        'log a call with Acme, they want a demo, follow up friday',
        'met Dana from Initech, sent the proposal',
    )
    examples_zh: ClassVar[tuple[str, ...]] = ('记录一下和Acme的电话，他们要演示，周五跟进',)
    needs: ClassVar[tuple[Need, ...]] = (_customer(),)
    kind: str = "note"
    customer: str | None = None
    customer_id: int | None = None
    summary: str = ""
    follow_up: str | None = None
    deal_id: int | None = None
    contact: str | None = None  # the person it was with, as said ("Dana"): one of the customer's contacts
    contact_id: int | None = None


@dataclass(frozen=True)
class CreateDeal(Command):
    name: ClassVar[str] = "create_deal"
    examples: ClassVar[tuple[str, ...]] = (
        'new deal for Initech, 12k, proposal stage',
        'new deal w/ Umbrella, €20k, closing end of march',
    )
    examples_zh: ClassVar[tuple[str, ...]] = ('给Initech建个单子 1.2万 方案阶段',)
    needs: ClassVar[tuple[Need, ...]] = (_customer(),)
    customer: str | None = None
    customer_id: int | None = None
    amount: float | None = None
    stage: str = "lead"
    title: str | None = None
    currency: str | None = None
    expected_close: str | None = None
    follow_up: str | None = None  # ISO date: remind the owner then


@dataclass(frozen=True)
class MoveDeal(Command):
    """Move the customer's open deal (or `deal_id`) to `stage`; a closed deal needs `reopen`
    (without a stage, reopening returns the deal to the open stage it was last in)."""
    name: ClassVar[str] = "move_deal"
    examples: ClassVar[tuple[str, ...]] = (
        'move the Acme deal to negotiation',
        'move Acme to proposal and Globex to negotiation',
    )
    examples_zh: ClassVar[tuple[str, ...]] = ('把Acme的单子推进到谈判',)
    slot_names: ClassVar[dict[str, str | None]] = _THE_DEAL
    needs: ClassVar[tuple[Need, ...]] = (
        _customer(or_deal=True),
        Need("stage", N_("To which stage?"), "stage", ("stage", "reopen"), "stage|reopen", doubt=False))
    stage: str | None = None
    customer: str | None = None
    customer_id: int | None = None
    deal_id: int | None = None
    reopen: bool = False
    deal: str | None = None  # which of the customer's deals: words of its title, its stage or its amount


_CHANGES = ("amount", "expected_close", "title", "owner", "next_step", "currency")  # what "change the deal" can mean


@dataclass(frozen=True)
class UpdateDeal(Command):
    """Change the amount, currency, expected close or title of the customer's open deal (or `deal_id`);
    `deal` (a title, stage or amount as said) picks one when the customer has several."""
    name: ClassVar[str] = "update_deal"
    examples: ClassVar[tuple[str, ...]] = ('bump the Acme deal to 15k', 'Initech deal closes next friday')
    slot_names: ClassVar[dict[str, str | None]] = {"deal": "title", "title": None}  # the said title names the deal
    needs: ClassVar[tuple[Need, ...]] = (
        _customer(or_deal=True),
        Need("amount", N_("What should change: the amount, the close date or the title?"), any_of=_CHANGES,
             said="|".join(_CHANGES), doubt=False))
    customer: str | None = None
    customer_id: int | None = None
    deal_id: int | None = None
    deal: str | None = None
    amount: float | None = None
    currency: str | None = None
    expected_close: str | None = None
    title: str | None = None
    owner: str | None = None  # a teammate's name or "me"
    next_step: str | None = None  # "" clears it


@dataclass(frozen=True)
class DeleteDeal(Command):
    """ "delete the acme renewal deal" (confirmed: policy confirms every Delete*); open or closed deals."""
    name: ClassVar[str] = "delete_deal"
    examples: ClassVar[tuple[str, ...]] = ('delete the Globex deal (asks first)',)
    slot_names: ClassVar[dict[str, str | None]] = _THE_DEAL
    needs: ClassVar[tuple[Need, ...]] = (Need("customer"),)
    customer: str | None = None
    customer_id: int | None = None
    deal_id: int | None = None
    deal: str | None = None


# Activities (crm_core/services/activity_edits.py): `activity_id` None means the acting user's last one.
@dataclass(frozen=True)
class UpdateActivity(Command):
    """ "make that a meeting", "change activity 42 to: ...": the kind or the summary of a logged activity."""
    name: ClassVar[str] = "update_activity"
    examples: ClassVar[tuple[str, ...]] = ('change my last call with Acme to a meeting',)
    needs: ClassVar[tuple[Need, ...]] = (Need("kind", said="kind|summary", doubt=False),)
    activity_id: int | None = None
    kind: str | None = None
    summary: str | None = None
    customer: str | None = None  # one of the user's activities with this customer: buttons when several
    customer_id: int | None = None


@dataclass(frozen=True)
class DeleteActivity(Command):
    """ "delete the note i just logged" (confirmed)."""
    name: ClassVar[str] = "delete_activity"
    examples: ClassVar[tuple[str, ...]] = ('delete the note I just logged',)
    activity_id: int | None = None
    kind: str | None = None  # "the note": the last one of that kind
    customer: str | None = None  # one of the user's activities with this customer (of `kind`): buttons when several
    customer_id: int | None = None


@dataclass(frozen=True)
class UpdateCustomer(Command):
    """Rename a customer, change its email, phone, city, owner (a teammate's name or "me") or tags
    ("partner, eu"; an empty string clears them), or archive it (False: unarchive)."""
    name: ClassVar[str] = "update_customer"
    examples: ClassVar[tuple[str, ...]] = (
        'rename Globex to Globex Corp',
        "change Initech's email to info@initech.com",
        'give Initech to maria',
        'archive Hooli',
    )
    needs: ClassVar[tuple[Need, ...]] = (Need("customer"),)
    customer: str | None = None
    customer_id: int | None = None
    new_name: str | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    owner: str | None = None
    tags: str | None = None  # replaces them all
    add_tags: str | None = None  # "partner, eu": added to the ones it has
    remove_tags: str | None = None
    archive: bool | None = None


@dataclass(frozen=True)
class MergeCustomers(Command):
    """Merge the duplicate `customer` into `into`: its deals, activities, tickets, orders, reminders, contacts
    and Telegram link move to `into`, then `customer` is deleted (undoable). Always confirmed."""
    name: ClassVar[str] = "merge_customers"
    examples: ClassVar[tuple[str, ...]] = ('merge Acme Ltd into Acme Limited (asks first, says what moves)',)
    needs: ClassVar[tuple[Need, ...]] = (Need("customer"), Need("into"))
    customer: str | None = None  # the duplicate, which goes
    customer_id: int | None = None
    into: str | None = None  # the customer that stays
    into_id: int | None = None


@dataclass(frozen=True)
class ShowDeal(Command):
    """The card of the customer's deal (or `deal_id`): stage, amount, win probability, owner, close, last activity."""
    name: ClassVar[str] = "show_deal"
    examples: ClassVar[tuple[str, ...]] = ('show the Acme deal',)
    slot_names: ClassVar[dict[str, str | None]] = _THE_DEAL
    needs: ClassVar[tuple[Need, ...]] = (_customer(or_deal=True),)
    writes: ClassVar[bool] = False
    customer: str | None = None
    customer_id: int | None = None
    deal_id: int | None = None
    deal: str | None = None


@dataclass(frozen=True)
class ShowTicket(Command):
    name: ClassVar[str] = "show_ticket"
    examples: ClassVar[tuple[str, ...]] = ('ticket 42?',)
    needs: ClassVar[tuple[Need, ...]] = (Need("ticket", N_("Which ticket number?")),)
    writes: ClassVar[bool] = False
    ticket: int | None = None


@dataclass(frozen=True)
class ShowTicketMessages(Command):
    """A ticket's whole conversation (messages and internal notes), newest first: what its card's More lists."""
    name: ClassVar[str] = "show_ticket_messages"
    writes: ClassVar[bool] = False
    ticket: int | None = None


@dataclass(frozen=True)
class OpenTicket(Command):
    name: ClassVar[str] = "open_ticket"
    examples: ClassVar[tuple[str, ...]] = ('open a ticket for Globex: invoices missing, urgent',)
    examples_zh: ClassVar[tuple[str, ...]] = ('给Globex开个工单：发票缺失，紧急',)
    needs: ClassVar[tuple[Need, ...]] = (
        _customer(), Need("subject", N_("What is the problem? (It becomes the ticket's subject.)"), doubt=False))
    subject: str = ""
    customer: str | None = None
    customer_id: int | None = None
    priority: str = "normal"
    body: str | None = None


@dataclass(frozen=True)
class UpdateTicket(Command):
    name: ClassVar[str] = "update_ticket"
    examples: ClassVar[tuple[str, ...]] = ('close ticket 42', 'assign #17 to maria')
    needs: ClassVar[tuple[Need, ...]] = (Need("ticket", N_("Which ticket number?")),)
    ticket: int | None = None
    status: str | None = None
    assignee: str | None = None
    priority: str | None = None
    subject: str | None = None
    customer: str | None = None  # move the ticket to this customer
    customer_id: int | None = None


@dataclass(frozen=True)
class MergeTickets(Command):
    """ "merge #1043 into #1042": the duplicate's messages move to `into` and the duplicate is closed (confirmed)."""
    name: ClassVar[str] = "merge_tickets"
    examples: ClassVar[tuple[str, ...]] = ('merge ticket 18 into 17',)
    needs: ClassVar[tuple[Need, ...]] = (
        Need("ticket"), Need("into", N_("Merge ticket #{ticket} into which ticket? (its number)"), said="into_ticket"))
    ticket: int | None = None  # the duplicate
    into: int | None = None


@dataclass(frozen=True)
class AddTicketNote(Command):
    """ "internal note on #1042: ...": for teammates, never sent to the customer."""
    name: ClassVar[str] = "add_ticket_note"
    examples: ClassVar[tuple[str, ...]] = ('internal note on ticket 42: waiting on finance',)
    needs: ClassVar[tuple[Need, ...]] = (
        Need("ticket"),
        Need("body", N_("What should the internal note say? (The customer never sees it.)"), doubt=False))
    ticket: int | None = None
    body: str = ""


@dataclass(frozen=True)
class ReplyToTicket(Command):
    """An agent's answer to the customer; it reaches them through the outbox. `attachments` are the agent's
    files, dicts of name, size, kind (photo or document), mimetype, url (where the sender fetches it)."""
    name: ClassVar[str] = "reply_to_ticket"
    ticket: int | None = None
    body: str = ""
    attachments: tuple = ()


@dataclass(frozen=True)
class Remind(Command):
    name: ClassVar[str] = "remind"
    examples: ClassVar[tuple[str, ...]] = (
        'remind me tomorrow to send Acme the contract',
        'remind me every monday 9am to check the pipeline',
    )
    examples_zh: ClassVar[tuple[str, ...]] = ('提醒我明天给Acme发合同',)
    needs: ClassVar[tuple[Need, ...]] = (Need("when", N_("When should I remind you?")),)
    when: str | None = None
    text: str = ""
    customer: str | None = None
    customer_id: int | None = None
    recurrence: str | None = None  # an RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=MO"); `when` is the first time


# A reminder is named by its id (buttons) or, from chat, by words of its text or its customer's name
# (`reminder`: "the acme reminder"); neither: the one that just fired, or the rep's only open one.
@dataclass(frozen=True)
class CompleteReminder(Command):
    """Done (the button, or "mark the acme reminder done"); on a repeating one, stop repeating."""
    name: ClassVar[str] = "complete_reminder"
    examples: ClassVar[tuple[str, ...]] = ('mark the Acme reminder done',)
    reminder_id: int | None = None
    following: bool | None = None  # of a repeating one: also the later occurrences; None: not asked (buttons)
    reminder: str = ""


@dataclass(frozen=True)
class SnoozeReminder(Command):
    """Remind again `days` later at the same hour, or `hours` and `minutes` from now ("snooze it an hour")."""
    name: ClassVar[str] = "snooze_reminder"
    examples: ClassVar[tuple[str, ...]] = ('snooze the Acme reminder for 2 hours',)
    reminder_id: int | None = None
    following: bool | None = None  # of a repeating one: also the later occurrences; None: not asked (buttons)
    days: int = 1
    hours: int = 0
    minutes: int = 0
    reminder: str = ""


@dataclass(frozen=True)
class MoveReminder(Command):
    """ "push the acme reminder to monday", "move my 9am reminder to 3pm": `when` as Remind's."""
    name: ClassVar[str] = "move_reminder"
    examples: ClassVar[tuple[str, ...]] = ('push the Acme reminder to monday',)
    needs: ClassVar[tuple[Need, ...]] = (Need("when"),)
    reminder_id: int | None = None
    following: bool | None = None  # of a repeating one: also the later occurrences; None: not asked (buttons)
    when: str | None = None
    reminder: str = ""


@dataclass(frozen=True)
class CancelReminder(Command):
    """ "cancel the acme reminder": it will not fire; a repeating one stops for good."""
    name: ClassVar[str] = "cancel_reminder"
    examples: ClassVar[tuple[str, ...]] = ('cancel the Acme reminder',)
    reminder_id: int | None = None
    following: bool | None = None  # of a repeating one: also the later occurrences; None: not asked (buttons)
    reminder: str = ""


# Contacts: the people at a customer (crm_core/services/contacts.py).
@dataclass(frozen=True)
class AddContact(Command):
    """ "add Dana Ruiz, CFO at Initech, dana@initech.com": `telegram` is a username or a t.me link."""
    name: ClassVar[str] = "add_contact"
    examples: ClassVar[tuple[str, ...]] = ('add Dana Ruiz, CFO at Initech, dana@initech.com',)
    needs: ClassVar[tuple[Need, ...]] = (_customer(N_("At which customer?")), replace(_WHICH_CONTACT, any_of=()))
    contact: str = ""  # the person's name
    customer: str | None = None
    customer_id: int | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None


@dataclass(frozen=True)
class UpdateContact(Command):
    """ "change Dana's email to ...", "Dana is now VP Finance": the fields given change, the others stay."""
    name: ClassVar[str] = "update_contact"
    examples: ClassVar[tuple[str, ...]] = ('Dana is now VP Finance',)
    needs: ClassVar[tuple[Need, ...]] = (_WHICH_CONTACT,)
    contact: str | None = None  # who, as said ("Dana", "dana ruiz")
    contact_id: int | None = None
    customer: str | None = None  # narrows `contact` when said ("Dana at Initech")
    customer_id: int | None = None
    new_name: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None


@dataclass(frozen=True)
class DeleteContact(Command):
    """ "remove Dana from Initech's contacts" (confirmed: policy confirms every Delete*)."""
    name: ClassVar[str] = "delete_contact"
    examples: ClassVar[tuple[str, ...]] = ("delete Dana from Initech's contacts",)
    needs: ClassVar[tuple[Need, ...]] = (_WHICH_CONTACT,)
    contact: str | None = None
    contact_id: int | None = None
    customer: str | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class ShowContacts(Command):
    """ "contacts at Initech", "who do we know at initech"."""
    name: ClassVar[str] = "show_contacts"
    examples: ClassVar[tuple[str, ...]] = ('contacts at Initech',)
    needs: ClassVar[tuple[Need, ...]] = (_customer(N_("At which customer?")),)
    writes: ClassVar[bool] = False
    customer: str | None = None
    customer_id: int | None = None
    csv: bool = False  # "as csv": the whole list as a CSV file too (paging.wants_csv)


@dataclass(frozen=True)
class SetRole(Command):
    name: ClassVar[str] = "set_role"
    examples: ClassVar[tuple[str, ...]] = ('make Sam a manager',)
    needs: ClassVar[tuple[Need, ...]] = (Need("user"), Need("role"))
    user: str = ""
    role: str = ""


@dataclass(frozen=True)
class SetRate(Command):
    """1 `currency` = `rate` `base` (the base currency, CRM_CURRENCY, when not said) from `day` (today when not
    said); admins only. `rate` is the number as said, a string, so it stays exact."""
    name: ClassVar[str] = "set_rate"
    examples: ClassVar[tuple[str, ...]] = ('set the EUR rate to 1.08',)
    currency: str = ""
    rate: str = ""
    base: str | None = None
    day: str | None = None


@dataclass(frozen=True)
class ShowRates(Command):
    name: ClassVar[str] = "show_rates"
    examples: ClassVar[tuple[str, ...]] = ('show exchange rates',)
    writes: ClassVar[bool] = False


# Team admin (crm_core/services/team_admin.py): admins, and managers for their own team. A teammate is named by
# first name, full name or email, as `lookup.user` finds them.
@dataclass(frozen=True)
class AddTeammate(Command):
    """ "add Dana Ruiz as a rep, dana@example.com", "add sam to the west team as a manager"."""
    name: ClassVar[str] = "add_teammate"
    examples: ClassVar[tuple[str, ...]] = ('add Sam Lee as a rep, sam@example.com',)
    needs: ClassVar[tuple[Need, ...]] = (Need("user"),)
    user: str = ""  # the new teammate's name
    email: str | None = None
    role: str = "rep"
    team: str | None = None


@dataclass(frozen=True)
class ShowTeam(Command):
    """ "who's on the team", "who's on the west team", "my team": the active teammates, with role, team, territory."""
    name: ClassVar[str] = "show_team"
    writes: ClassVar[bool] = False
    examples: ClassVar[tuple[str, ...]] = ("who's on the team", "who's on the west team as csv")
    examples_zh: ClassVar[tuple[str, ...]] = ("我们团队有谁", "west团队都有谁")
    team: str | None = None  # "me": the asker's own team
    csv: bool = False


@dataclass(frozen=True)
class SetTeam(Command):
    """ "put maria on the west team", "maria's territory is emea" ("" clears one)."""
    name: ClassVar[str] = "set_team"
    examples: ClassVar[tuple[str, ...]] = ('put Sam on the west team',)
    needs: ClassVar[tuple[Need, ...]] = (Need("user"),)
    user: str = ""
    team: str | None = None
    territory: str | None = None


@dataclass(frozen=True)
class DeactivateUser(Command):
    """ "deactivate bob, his work goes to maria": open deals, owned customers, open tickets and pending reminders
    move to `reassign_to` (needed when there is any); always confirmed with what moves."""
    name: ClassVar[str] = "deactivate_user"
    examples: ClassVar[tuple[str, ...]] = ('deactivate Bob (his open work is reassigned, asks first)',)
    needs: ClassVar[tuple[Need, ...]] = (Need("user"),)
    user: str = ""
    reassign_to: str | None = None


@dataclass(frozen=True)
class ReassignWork(Command):
    """ "give all of bob's accounts to maria": `what` is customers, deals (open), tickets (open), reminders
    (pending) or all of them; always confirmed with counts and the first few names."""
    name: ClassVar[str] = "reassign_work"
    examples: ClassVar[tuple[str, ...]] = ("give all of Bob's accounts to Maria",)
    needs: ClassVar[tuple[Need, ...]] = (Need("from_user"), Need("to_user"))
    from_user: str = ""
    to_user: str = ""
    what: str = "customers"


@dataclass(frozen=True)
class Undo(Command):
    name: ClassVar[str] = "undo"
    examples: ClassVar[tuple[str, ...]] = ('undo',)
    examples_zh: ClassVar[tuple[str, ...]] = ('撤销',)


@dataclass(frozen=True)
class ShowTopCustomers(Command):
    name: ClassVar[str] = "show_top_customers"
    examples: ClassVar[tuple[str, ...]] = ('show top 5 customers', 'top customers this quarter')
    examples_zh: ClassVar[tuple[str, ...]] = ('显示前五个客户',)
    writes: ClassVar[bool] = False
    limit: int = 10
    metric: str = "revenue"
    since: str | None = None
    until: str | None = None
    csv: bool = False


@dataclass(frozen=True)
class ShowCustomer(Command):
    name: ClassVar[str] = "show_customer"
    examples: ClassVar[tuple[str, ...]] = ('what do we know about Hooli?', "what's our history with Hooli")
    examples_zh: ClassVar[tuple[str, ...]] = ('Acme的情况怎么样',)
    needs: ClassVar[tuple[Need, ...]] = (_customer(),)
    writes: ClassVar[bool] = False
    customer: str | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class ShowPipeline(Command):
    """Deals, filtered (crm_core/services/deal_lists.py): open ones unless `stage` says won or lost. `close_*` is the
    expected close of open deals and the day won/lost ones closed; amounts are in each deal's own currency."""
    name: ClassVar[str] = "show_pipeline"
    examples: ClassVar[tuple[str, ...]] = ("how's my pipeline looking", 'deals closing this month over 50k')
    examples_zh: ClassVar[tuple[str, ...]] = ('这个月要成交的单子',)
    writes: ClassVar[bool] = False
    owner: str | None = None  # "me", a person's name, or None for everyone
    stage: str | None = None
    customer: str | None = None
    customer_id: int | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    close_from: str | None = None  # ISO dates, both ends included
    close_to: str | None = None
    created_from: str | None = None
    created_to: str | None = None
    idle_days: int | None = None  # no activity with the customer for this many days
    stage_days: int | None = None  # in its stage for at least this many days
    older_days: int | None = None  # created at least this many days ago
    sort: str | None = None  # amount (biggest first) or close (soonest first); None: by stage, then amount
    csv: bool = False


@dataclass(frozen=True)
class ShowTickets(Command):
    name: ClassVar[str] = "show_tickets"
    examples: ClassVar[tuple[str, ...]] = ('open tickets for Acme', 'urgent tickets assigned to me')
    writes: ClassVar[bool] = False
    status: str | None = None
    customer: str | None = None
    customer_id: int | None = None
    assignee: str | None = None
    priority: str | None = None
    unassigned: bool = False
    older_days: int | None = None  # opened at least this many days ago
    breaching: bool = False  # past its first-response target in business hours (services/ticket_targets.py)
    csv: bool = False


@dataclass(frozen=True)
class ShowSegment(Command):
    name: ClassVar[str] = "show_segment"
    examples: ClassVar[tuple[str, ...]] = ('who is at risk of churning?',)
    needs: ClassVar[tuple[Need, ...]] = (Need("segment", N_("Which segment?"), "segment"),)
    writes: ClassVar[bool] = False
    segment: str | None = None
    limit: int = 20
    csv: bool = False


@dataclass(frozen=True)
class ShowReminders(Command):
    """The acting user's open reminders due within `days` (overdue ones included); no `days`: all of them."""
    name: ClassVar[str] = "show_reminders"
    examples: ClassVar[tuple[str, ...]] = ("what's due today", 'show my reminders this week')
    writes: ClassVar[bool] = False
    days: int | None = None
    csv: bool = False


@dataclass(frozen=True)
class FindCustomers(Command):
    """Customers whose name matches `query` best first (a type-ahead select menu)."""
    name: ClassVar[str] = "find_customers"
    writes: ClassVar[bool] = False
    query: str = ""
    limit: int = 20


@dataclass(frozen=True)
class Help(Command):
    name: ClassVar[str] = "help"
    writes: ClassVar[bool] = False


# Customers on Telegram (the front-end acts as the gateway user; services check whose ticket it is).
@dataclass(frozen=True)
class InviteCustomer(Command):
    """A rep's "invite <customer>": a one-time t.me deep link that links the customer's Telegram."""
    name: ClassVar[str] = "invite_customer"
    examples: ClassVar[tuple[str, ...]] = ('invite Acme (a Telegram link for the customer)',)
    needs: ClassVar[tuple[Need, ...]] = (Need("customer"),)
    customer: str | None = None
    customer_id: int | None = None


@dataclass(frozen=True)
class TelegramProfile(Command):
    """Who wrote, as Telegram says: every customer-side command carries it (and the update to dedupe)."""
    telegram_user_id: int = 0
    chat_id: int = 0
    first_name: str = ""
    last_name: str | None = None
    username: str | None = None
    update_id: int | None = None
    language_code: str | None = None  # the client's language ("zh-hans"): customers are answered in it


@dataclass(frozen=True)
class LinkTelegram(TelegramProfile):
    """`/start CODE` from an invite link."""
    name: ClassVar[str] = "link_telegram"
    code: str = ""


@dataclass(frozen=True)
class ShareContact(TelegramProfile):
    """The customer shared their phone number (the contact button): matched to customer records."""
    name: ClassVar[str] = "share_contact"
    phone: str = ""
    contact_user_id: int | None = None


@dataclass(frozen=True)
class CustomerMessage(TelegramProfile):
    """A customer's message: it opens, continues or reopens their ticket. `attachments` are dicts of
    file_id, name, size, kind (photo or document)."""
    name: ClassVar[str] = "customer_message"
    text: str = ""
    attachments: tuple = ()
    message_id: int | None = None
    new_ticket: bool = False


@dataclass(frozen=True)
class RequestNewTicket(TelegramProfile):
    """`/new` without text: the customer's next message opens a new ticket."""
    name: ClassVar[str] = "request_new_ticket"


@dataclass(frozen=True)
class ListCustomerTickets(TelegramProfile):
    """`/status`: the customer's own tickets and their states."""
    name: ClassVar[str] = "list_customer_tickets"


@dataclass(frozen=True)
class ShowOwnTickets(TelegramProfile):
    """The customer's own tickets again, read-only (the More under `/status`): the button carries no identity,
    the press's Telegram profile says whose they are."""
    name: ClassVar[str] = "show_own_tickets"
    writes: ClassVar[bool] = False


@dataclass(frozen=True)
class RateTicket(TelegramProfile):
    """A customer's 1-5 rating of a resolved ticket (a button press)."""
    name: ClassVar[str] = "rate_ticket"
    ticket: int | None = None
    score: int | None = None


# Notifications, digests and outreach (managers and reps, any front-end).
@dataclass(frozen=True)
class SetNotifyVia(Command):
    """ "send my reminders on telegram": where reminders and digests reach the acting user."""
    name: ClassVar[str] = "set_notify_via"
    examples: ClassVar[tuple[str, ...]] = ('send my reminders on telegram', 'notify me on slack')
    needs: ClassVar[tuple[Need, ...]] = (Need("via"),)
    via: str = ""  # slack, telegram or console


@dataclass(frozen=True)
class SetLanguage(Command):
    """ "speak chinese", "说中文": the language the acting user is answered in (crm_core/i18n.py)."""
    name: ClassVar[str] = "set_language"
    examples: ClassVar[tuple[str, ...]] = ('speak english / 说中文',)
    examples_zh: ClassVar[tuple[str, ...]] = ('speak english / 说英文',)
    language: str = ""  # en or zh


@dataclass(frozen=True)
class InviteRep(Command):
    """ "link my telegram": a one-time t.me deep link that links the acting user's own Telegram."""
    name: ClassVar[str] = "invite_rep"
    examples: ClassVar[tuple[str, ...]] = ('link my telegram',)


@dataclass(frozen=True)
class SubscribeDigest(Command):
    """ "send me a daily digest at 8am": `at` is local HH:MM in the user's time zone; `weekday`
    (mon..sun) only for weekly; `via` None means the user's notify_via."""
    name: ClassVar[str] = "subscribe_digest"
    examples: ClassVar[tuple[str, ...]] = (
        'send me a daily digest at 8am',
        'weekly digest on mondays at 9 (24-hour unless you say am or pm: “at 5” is 05:00)',
    )
    frequency: str = "daily"  # daily or weekly
    at: str = "08:00"
    weekday: str | None = None
    via: str | None = None


@dataclass(frozen=True)
class UnsubscribeDigest(Command):
    name: ClassVar[str] = "unsubscribe_digest"
    examples: ClassVar[tuple[str, ...]] = ('stop my digest',)


@dataclass(frozen=True)
class ShowDigest(Command):
    """The acting manager's digest as it would be sent now (covering the time since the last one)."""
    name: ClassVar[str] = "show_digest"
    examples: ClassVar[tuple[str, ...]] = ('show me the digest',)
    writes: ClassVar[bool] = False


@dataclass(frozen=True)
class ShowAtRisk(Command):
    """Every customer the digest counts as most at risk, in its order (its More and CSV list them)."""
    name: ClassVar[str] = "show_at_risk"
    writes: ClassVar[bool] = False


CHECK_IN_MESSAGE = ("Hi {first_name}, just checking in: is everything going well on your side? "
                    "If there is anything we can help with, reply here.")


@dataclass(frozen=True)
class SendOutreach(Command):
    """ "send the at_risk segment a check-in message": one message per opted-in customer of `segment`."""
    name: ClassVar[str] = "send_outreach"
    examples: ClassVar[tuple[str, ...]] = (
        'send the at risk customers a check-in',
        'message the champions: Hi {first_name}, our new pricing is out',
    )
    needs: ClassVar[tuple[Need, ...]] = (
        Need("segment", N_("Which segment should get it?"), "segment"),
        Need("message", N_("What should the message say? ({first_name} and {name} are filled in.)"), said=None))
    segment: str | None = None
    message: str = ""


@dataclass(frozen=True)
class ShowOutreach(Command):
    """Progress of an outreach campaign (the acting user's latest when `campaign_id` is None)."""
    name: ClassVar[str] = "show_outreach"
    examples: ClassVar[tuple[str, ...]] = ('how is the outreach going',)
    writes: ClassVar[bool] = False
    campaign_id: int | None = None


@dataclass(frozen=True)
class SetOutreachOptIn(TelegramProfile):
    """A customer's `/stop` (opt_in False) or `/subscribe` (True) on Telegram."""
    name: ClassVar[str] = "set_outreach_opt_in"
    opt_in: bool = False


@dataclass(frozen=True)
class ShowReport(Command):
    """A sales or support report (issue 14): leaderboard, win_rate, deal_size, sales_cycle, funnel, forecast,
    activity, tickets or revenue, over [since, until] (ISO dates), for one rep (`owner`) or everyone allowed."""
    name: ClassVar[str] = "show_report"
    examples: ClassVar[tuple[str, ...]] = (
        'leaderboard this quarter',
        'win rate last month',
        'forecast by month as csv',
    )
    writes: ClassVar[bool] = False
    report: str = "leaderboard"
    owner: str | None = None
    since: str | None = None
    until: str | None = None
    chart: bool = False  # a PNG beside the table ("leaderboard chart")
    csv: bool = False  # "as csv": the whole table as a CSV file too
    from_segment: str | None = None  # segment_moves: "who moved from champions to at risk"
    to_segment: str | None = None


@dataclass(frozen=True)
class ShowMyDay(Command):
    """What's on my plate: reminders due, overdue follow-ups, open tickets, deals to touch (`part` one of them)."""
    name: ClassVar[str] = "show_my_day"
    examples: ClassVar[tuple[str, ...]] = ("what's on my plate today",)
    writes: ClassVar[bool] = False
    part: str | None = None
    csv: bool = False


@dataclass(frozen=True)
class ListCustomers(Command):
    """Customers by city, segment, owner, days without contact or no order since a date."""
    name: ClassVar[str] = "list_customers"
    examples: ClassVar[tuple[str, ...]] = ('customers in Boston', 'customers with no contact in 60 days')
    writes: ClassVar[bool] = False
    city: str | None = None
    segment: str | None = None
    owner: str | None = None
    idle_days: int | None = None
    no_order_since: str | None = None
    csv: bool = False


@dataclass(frozen=True)
class ShowTimeline(Command):
    """A customer's history in order: activities, deals and their moves, tickets, orders."""
    name: ClassVar[str] = "show_timeline"
    writes: ClassVar[bool] = False
    customer: str | None = None
    customer_id: int | None = None
    csv: bool = False


@dataclass(frozen=True)
class RunAnalytics(Command):
    """ "rescore now" / "resegment": the scoring or segmentation job on the worker, answered when it is done."""
    name: ClassVar[str] = "run_analytics"
    examples: ClassVar[tuple[str, ...]] = ('rescore now', 'resegment')
    job: str = "score"  # "score" or "segment"


COMMANDS: dict[str, type[Command]] = {  # in the order the help lists them
    cls.name: cls for cls in (
        LogActivity, CreateDeal, MoveDeal, OpenTicket, UpdateTicket, ShowTopCustomers, ShowCustomer, AddCustomer,
        ShowPipeline, ShowTickets, ShowDeal, ShowTicket, UpdateDeal, DeleteDeal, ShowMyDay, ShowReminders, Remind,
        SnoozeReminder, MoveReminder, CompleteReminder, CancelReminder, ShowReport, ListCustomers, ShowSegment,
        InviteCustomer, SetNotifyVia, SubscribeDigest, UnsubscribeDigest, ShowDigest, SendOutreach, ShowOutreach,
        UpdateCustomer, MergeCustomers, AddContact, ShowContacts, UpdateContact, DeleteContact, UpdateActivity,
        DeleteActivity,
        MergeTickets, AddTicketNote, AddTeammate, SetRole, SetTeam, ShowTeam, DeactivateUser, ReassignWork, SetRate, ShowRates,
        RunAnalytics, SetLanguage, InviteRep, Undo, ReplyToTicket, FindCustomers, Help, LinkTelegram, ShareContact,
        CustomerMessage, RequestNewTicket, ListCustomerTickets, ShowOwnTickets, RateTicket, ShowAtRisk,
        SetOutreachOptIn, ShowTicketMessages, ShowTimeline,
    )
}


def from_json(message: dict[str, Any]) -> Command:
    """The command a JSON message describes; raises ValueError on an unknown name or field."""
    fields = dict(message)
    cls = COMMANDS.get(fields.pop("command", ""))
    if cls is None:
        raise ValueError(f"unknown command {message.get('command')!r}")
    return cls(**fields)
