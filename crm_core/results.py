"""What a command returns: plain dataclasses that every front-end renders in its own medium."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from crm_core.errors import Option
from crm_core.i18n import _, pgettext, term


@dataclass(frozen=True)
class Result:
    kind: ClassVar[str] = ""
    undoable: ClassVar[bool] = False


@dataclass(frozen=True)
class Written(Result):
    """A write: `message` says what was done; front-ends offer Undo."""
    undoable: ClassVar[bool] = True
    message: str


@dataclass(frozen=True)
class CustomerAdded(Written):
    kind: ClassVar[str] = "customer_added"
    customer_id: int = 0
    name: str = ""


@dataclass(frozen=True)
class ActivityLogged(Written):
    kind: ClassVar[str] = "activity_logged"
    activity_id: int = 0
    customer_id: int = 0
    follow_up: str | None = None
    offers: tuple[Choice, ...] = ()  # next steps as buttons: the value is what pressing it says


@dataclass(frozen=True)
class DealCreated(Written):
    kind: ClassVar[str] = "deal_created"
    deal_id: int = 0
    customer_id: int = 0


@dataclass(frozen=True)
class DealMoved(Written):
    kind: ClassVar[str] = "deal_moved"
    deal_id: int = 0
    from_stage: str = ""
    to_stage: str = ""


@dataclass(frozen=True)
class TicketOpened(Written):
    kind: ClassVar[str] = "ticket_opened"
    ticket: int = 0
    customer_id: int = 0


@dataclass(frozen=True)
class TicketUpdated(Written):
    kind: ClassVar[str] = "ticket_updated"
    ticket: int = 0
    status: str = ""


@dataclass(frozen=True)
class TicketReplied(Result):
    kind: ClassVar[str] = "ticket_replied"
    message: str
    ticket: int = 0
    delivered_via: str | None = None


@dataclass(frozen=True)
class ReminderSet(Written):
    kind: ClassVar[str] = "reminder_set"
    reminder_id: int = 0
    due_at: str = ""


@dataclass(frozen=True)
class RoleChanged(Written):
    kind: ClassVar[str] = "role_changed"
    user_id: int = 0
    role: str = ""


@dataclass(frozen=True)
class RateSet(Written):
    """An exchange rate set (services/rates.py): 1 `currency` = `rate` of the base currency."""
    kind: ClassVar[str] = "rate_set"
    currency: str = ""
    rate: str = ""


@dataclass(frozen=True)
class TeamChanged(Written):
    """A teammate added, put on a team, deactivated, or their work given to another (services/team_admin.py);
    `moved` counts what changed hands per kind (customers, deals, tickets, reminders)."""
    kind: ClassVar[str] = "team_changed"
    user_id: int = 0
    moved: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Undone(Result):
    kind: ClassVar[str] = "undone"
    message: str


@dataclass(frozen=True)
class Rejected(Result):
    """A refusal (a CrmError): `message` and `hint` are shown as they are; `options` become buttons."""
    kind: ClassVar[str] = "rejected"
    message: str
    hint: str | None = None
    code: str = "invalid"
    slot: str | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class CustomerRow:
    customer_id: int
    name: str
    value: float  # revenue: in the base currency where a rate converts it
    city: str | None = None
    segment: str | None = None
    apart: tuple[tuple[str, float], ...] = ()  # (currency, amount) of revenue in a currency without a rate


@dataclass(frozen=True)
class TopCustomers(Result):
    kind: ClassVar[str] = "top_customers"
    metric: str
    rows: tuple[CustomerRow, ...]
    since: str | None = None
    until: str | None = None
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    rates_note: str | None = None  # "converted to USD at rates of 2026-11-30" when revenue was converted


@dataclass(frozen=True)
class SegmentMembers(Result):
    kind: ClassVar[str] = "segment_members"
    segment: str
    total: int
    rows: tuple[CustomerRow, ...]
    as_of: str | None = None
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)


@dataclass(frozen=True)
class DealLine:
    deal_id: int
    customer: str
    title: str
    amount: float
    currency: str
    stage: str
    owner: str | None
    expected_close: str | None = None
    win_probability: float | None = None


@dataclass(frozen=True)
class StageTotal:
    stage: str
    count: int
    amount: float
    currency: str | None = None  # set when totals are kept per currency (a list's deals in several currencies)


@dataclass(frozen=True)
class CurrencyTotal:
    """How many deals in one currency and their sum: amounts in different currencies are never added up."""
    currency: str
    count: int
    amount: float


@dataclass(frozen=True)
class Pipeline(Result):
    kind: ClassVar[str] = "pipeline"
    owner: str | None
    stages: tuple[StageTotal, ...]
    deals: tuple[DealLine, ...]
    weighted_amount: float = 0.0
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    filters: tuple[str, ...] = ()  # what the list was asked for, as said back ("closing 1–30 Nov", "over 50,000")
    totals: tuple[CurrencyTotal, ...] = ()  # every matching deal (not only the listed ones), per currency
    total: int = 0  # how many deals match (the list holds at most paging.MOST)
    closed: bool = False  # won or lost deals were asked for
    rates_note: str | None = None  # "converted to USD at rates of 2026-11-30" when totals were converted


@dataclass(frozen=True)
class TicketLine:
    number: int
    customer: str
    subject: str
    status: str
    priority: str
    assignee: str | None
    updated_at: str
    csat: int | None = None  # the customer's 1-5 rating, once given


@dataclass(frozen=True)
class AgentSatisfaction:
    """One assignee's ratings over the last `days` days."""
    agent: str
    rated: int
    average: float
    days: int = 30


@dataclass(frozen=True)
class TicketList(Result):
    """`csat_average`/`csat_count`: over the listed tickets that were rated; `by_agent`: resolved lists only."""
    kind: ClassVar[str] = "ticket_list"
    description: str
    tickets: tuple[TicketLine, ...]
    total: int = 0
    csat_average: float | None = None
    csat_count: int = 0
    by_agent: tuple[AgentSatisfaction, ...] = ()
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)


@dataclass(frozen=True)
class ActivityLine:
    kind_: str
    summary: str
    who: str | None
    when: str
    follow_up: str | None = None
    contact: str | None = None  # the customer's contact it was with


@dataclass(frozen=True)
class ContactLine:
    contact_id: int
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None  # the username, without @


@dataclass(frozen=True)
class CustomerCard(Result):
    kind: ClassVar[str] = "customer_card"
    customer_id: int
    name: str
    email: str | None
    phone: str | None
    city: str | None
    owner: str | None
    segment: str | None
    lifetime_value: float | None
    p_alive: float | None
    revenue: float  # orders and won deals, in the base currency where a rate converts them
    open_deals: tuple[DealLine, ...] = ()
    activities: tuple[ActivityLine, ...] = ()
    open_tickets: tuple[TicketLine, ...] = ()
    csat_average: float | None = None  # over all their rated tickets
    csat_count: int = 0
    outlook: str | None = None  # "7 orders, last 40 days ago, ...: 35% chance of no order in the next 90 days"
    contacts: tuple[ContactLine, ...] = ()
    revenue_apart: tuple[tuple[str, float], ...] = ()  # (currency, amount) of those without a rate
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    # how many there are of each list the card cuts (paging.rests: "showing 10 of 37" and More)
    open_deal_count: int = 0
    activity_count: int = 0
    open_ticket_count: int = 0


@dataclass(frozen=True)
class HelpText(Result):
    kind: ClassVar[str] = "help"
    examples: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Choice:
    """An answer to a question: `value` is what the user types or the button sends back."""
    value: str
    label: str


@dataclass(frozen=True)
class Question(Result):
    """The bot needs an answer before it acts: buttons in Slack and Telegram, a numbered list in the console."""
    kind: ClassVar[str] = "question"
    text: str
    choices: tuple[Choice, ...] = ()
    summary: tuple[str, ...] = ()  # what will be done, for confirmations


@dataclass(frozen=True)
class Notice(Result):
    kind: ClassVar[str] = "notice"
    message: str


@dataclass(frozen=True)
class NotUnderstood(Result):
    kind: ClassVar[str] = "not_understood"
    message: str
    examples: tuple[str, ...] = ()


# Customers on Telegram.
@dataclass(frozen=True)
class CustomerInvited(Written):
    """A one-time deep link for the customer: opening it in Telegram links their account."""
    kind: ClassVar[str] = "customer_invited"
    customer_id: int = 0
    name: str = ""
    link: str = ""
    expires_at: str = ""  # ISO, UTC


@dataclass(frozen=True)
class TelegramLinked(Result):
    """`how`: invite, phone (matched a customer record), new_lead (made from the profile), already."""
    kind: ClassVar[str] = "telegram_linked"
    customer_id: int
    name: str
    how: str


@dataclass(frozen=True)
class SupportReceived(Result):
    """A customer's message is on a ticket. `event`: opened, added or reopened. Outside business hours
    `answer_from` is when they open next (ISO, local time) and `hours` says what they are."""
    kind: ClassVar[str] = "support_received"
    ticket: int
    subject: str
    event: str
    ticket_message_id: int = 0
    answer_from: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class NewTicketNext(Result):
    kind: ClassVar[str] = "new_ticket_next"


@dataclass(frozen=True)
class CustomerTicketList(Result):
    """A customer's own tickets, newest first (`total`: how many they have; `query`: the More's ShowOwnTickets)."""
    kind: ClassVar[str] = "customer_ticket_list"
    tickets: tuple[TicketLine, ...] = ()
    total: int = 0
    query: str = field(default="", compare=False, repr=False)  # the read-only command that lists them (paging.py)


@dataclass(frozen=True)
class TicketRated(Result):
    """`changed` is False when the ticket was rated before: the first rating stands."""
    kind: ClassVar[str] = "ticket_rated"
    ticket: int
    score: int
    changed: bool = True


@dataclass(frozen=True)
class AlreadyHandled(Result):
    """The same inbound event (a Telegram update_id) came again: nothing was done the second time."""
    kind: ClassVar[str] = "already_handled"
    event_id: str = ""


@dataclass(frozen=True)
class ReminderLine:
    reminder_id: int
    text: str
    customer: str | None
    due: str  # in the user's time zone, e.g. "Fri 27 Nov 09:00"
    overdue: bool


@dataclass(frozen=True)
class ReminderList(Result):
    kind: ClassVar[str] = "reminder_list"
    message: str
    reminders: tuple[ReminderLine, ...] = ()
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    total: int = 0  # how many are due when more than `reminders` could be listed


@dataclass(frozen=True)
class CustomerMatch:
    customer_id: int
    name: str
    city: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name


@dataclass(frozen=True)
class CustomerMatches(Result):
    kind: ClassVar[str] = "customer_matches"
    query: str
    matches: tuple[CustomerMatch, ...] = ()

    @property
    def message(self) -> str:
        return ", ".join(m.label for m in self.matches) or f"No customer matches “{self.query}”."


# Digests for managers (crm_core/digest/).
@dataclass(frozen=True)
class DigestSubscribed(Written):
    """`first_at`: when the first digest arrives, ISO in the user's time zone."""
    kind: ClassVar[str] = "digest_subscribed"
    frequency: str = "daily"
    at: str = "08:00"
    weekday: str | None = None
    via: str | None = None
    first_at: str = ""


@dataclass(frozen=True)
class DigestUnsubscribed(Written):
    kind: ClassVar[str] = "digest_unsubscribed"


@dataclass(frozen=True)
class DigestDeal:
    deal_id: int
    title: str
    customer: str
    amount: float
    currency: str
    owner: str | None


@dataclass(frozen=True)
class DealFlow:
    """Deals over the digest's period: stage changes counted once each, amounts as the deals hold them now."""
    created: int = 0
    created_amount: float = 0.0
    moved: int = 0  # into an open stage from another stage
    won: int = 0
    won_amount: float = 0.0
    lost: int = 0
    lost_amount: float = 0.0
    biggest_won: tuple[DigestDeal, ...] = ()
    apart: tuple[tuple[str, float, float, float], ...] = ()  # currency without a rate: created, won, lost amounts


@dataclass(frozen=True)
class RepActivity:
    name: str
    calls: int
    meetings: int


@dataclass(frozen=True)
class TicketFlow:
    opened: int = 0
    resolved: int = 0
    rated: int = 0
    csat_average: float | None = None  # 1-5 over the ratings given in the period


@dataclass(frozen=True)
class SegmentShift:
    """`moved_in` customers entered `segment`; `came_from` says from which (None: first segmented)."""
    segment: str
    moved_in: int
    came_from: tuple[tuple[str | None, int], ...] = ()


@dataclass(frozen=True)
class AtRiskCustomer:
    customer_id: int
    name: str
    churn_probability: float | None  # churn_risk (1 - p_alive if scored before it existed); None: not scored
    lifetime_value: float | None
    segment: str | None
    owner: str | None
    spent_last_year: float = 0.0  # what the ranking weighs: churn probability times this


@dataclass(frozen=True)
class WeekRevenue:
    week_start: str  # ISO date of the Monday, in the manager's time zone
    amount: float


@dataclass(frozen=True)
class Digest(Result):
    """What happened in [since, until) (naive UTC ISO), for `manager` in `timezone`."""
    kind: ClassVar[str] = "digest"
    manager: str
    since: str
    until: str
    timezone: str
    deals: DealFlow = DealFlow()
    activity: tuple[RepActivity, ...] = ()
    tickets: TicketFlow = TicketFlow()
    segments: tuple[SegmentShift, ...] = ()
    at_risk: tuple[AtRiskCustomer, ...] = ()
    pipeline: tuple[StageTotal, ...] = ()
    won_by_week: tuple[WeekRevenue, ...] = ()
    at_risk_count: int = 0  # how many customers are at risk; `at_risk` lists the first (paging.rests)
    rates_note: str | None = None  # "converted to USD at rates of 2026-11-30" when the pipeline was converted


@dataclass(frozen=True)
class LanguageSet(Written):
    """The acting user is answered in `language` from now on; `message` is said in it."""
    kind: ClassVar[str] = "language_set"
    language: str = ""


@dataclass(frozen=True)
class NotifyViaSet(Written):
    """Reminders and digests reach the acting user on `via` (slack, telegram or console) from now on."""
    kind: ClassVar[str] = "notify_via_set"
    via: str = ""


@dataclass(frozen=True)
class RepInvited(Written):
    """A one-time deep link for the acting teammate: opening it links their own Telegram account."""
    kind: ClassVar[str] = "rep_invited"
    link: str = ""
    expires_at: str = ""  # ISO, UTC


@dataclass(frozen=True)
class RepLinked(Result):
    """A teammate's Telegram account is linked to their CRM user (from a rep invite)."""
    kind: ClassVar[str] = "rep_linked"
    user_id: int
    name: str


# Outreach to a segment (crm_core/services/outreach.py).
@dataclass(frozen=True)
class OutreachQueued(Result):
    """The campaign's messages are queued; not undoable (they go out)."""
    kind: ClassVar[str] = "outreach_queued"
    message: str
    campaign_id: int = 0
    recipients: int = 0
    in_segment: int = 0
    segment: str = ""
    preview: str = ""  # the message as the first recipient gets it


@dataclass(frozen=True)
class FailureCount:
    reason: str  # e.g. "bot blocked", "opted out"
    count: int


@dataclass(frozen=True)
class OutreachProgress(Result):
    """“1,200 / 3,000 sent, 4 failed (bot blocked), 1,796 waiting”."""
    kind: ClassVar[str] = "outreach_progress"
    campaign_id: int
    segment: str
    total: int
    sent: int
    failed: int
    waiting: int
    failures: tuple[FailureCount, ...] = ()
    started_at: str = ""  # ISO, UTC
    finished_at: str | None = None

    @property
    def message(self) -> str:
        reasons = pgettext("list separator", ", ").join(
            failure_count(f) if len(self.failures) > 1 else term("outreach failure", f.reason) for f in self.failures)
        failed = _(", {n:,} failed").format(n=self.failed) + (_(" ({reasons})").format(reasons=reasons) if reasons
                                                                else "") if self.failed else ""
        head = _("Outreach #{id} to {segment}: ").format(id=self.campaign_id, segment=term("segment", self.segment))
        tail = _(" — done.") if self.finished_at or not self.waiting else _(", {n:,} waiting").format(n=self.waiting)
        return head + _("{sent:,} / {total:,} sent").format(sent=self.sent, total=self.total) + failed + tail


def failure_count(failure: FailureCount) -> str:
    """ "4 bot blocked"; in Chinese "已屏蔽机器人 4 个"."""
    return _("{n:,} {reason}").format(n=failure.count, reason=term("outreach failure", failure.reason))


@dataclass(frozen=True)
class OutreachOptIn(Result):
    """A customer's /stop (opt_in False) or /subscribe; `cancelled`: their queued messages dropped."""
    kind: ClassVar[str] = "outreach_opt_in"
    opt_in: bool
    changed: bool = True
    cancelled: int = 0


# Cards of one deal and one ticket, and a deal's edit (the understanding issue)
@dataclass(frozen=True)
class DealUpdated(Written):
    kind: ClassVar[str] = "deal_updated"
    deal_id: int = 0
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) as shown to the user


# A customer's edits and merges (issue 15)
@dataclass(frozen=True)
class CustomerUpdated(Written):
    kind: ClassVar[str] = "customer_updated"
    customer_id: int = 0
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) as shown to the user


@dataclass(frozen=True)
class CustomersMerged(Written):
    kind: ClassVar[str] = "customers_merged"
    customer_id: int = 0  # the kept one
    merged_id: int = 0  # the duplicate, now gone
    moved: tuple[tuple[str, int], ...] = ()  # (table, rows moved)
    filled: tuple[str, ...] = ()  # fields the kept customer took from the duplicate
    dropped: tuple[str, ...] = ()  # the duplicate's values the kept customer had its own of


@dataclass(frozen=True)
class DealCard(Result):
    kind: ClassVar[str] = "deal_card"
    deal: DealLine
    last_activity: ActivityLine | None = None
    closed_at: str | None = None
    other_open: int = 0  # the customer's other open deals (the card shows the one that was asked about)
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    history: tuple[StageChangeLine, ...] = ()  # every stage it went through, oldest first
    reasons: tuple[str, ...] = ()  # what its win probability rests on ("3 of 5 closed deals that reached ...")
    next_step: str | None = None  # the next reminder or follow-up with the customer ("Fri 27 Nov: send pricing")
    contacts: tuple[ContactLine, ...] = ()  # the people at the customer


@dataclass(frozen=True)
class StageChangeLine:
    from_stage: str | None
    to_stage: str
    when: str  # YYYY-MM-DD
    who: str | None = None


@dataclass(frozen=True)
class TicketMessageLine:
    who: str
    body: str
    when: str


@dataclass(frozen=True)
class TicketCard(Result):
    kind: ClassVar[str] = "ticket_card"
    ticket: TicketLine
    age_days: int
    opened: str
    messages: tuple[TicketMessageLine, ...] = ()
    message_count: int = 0
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
    late: str | None = None  # "past its first-response target (1 business hour for urgent)" while unanswered


@dataclass(frozen=True)
class TicketMessages(Result):
    """A ticket's conversation, newest first (its card shows the latest; More pages through the earlier ones)."""
    kind: ClassVar[str] = "ticket_messages"
    number: int
    subject: str
    messages: tuple[TicketMessageLine, ...] = ()
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)


@dataclass(frozen=True)
class Corrected(Written):
    """A correction of the last write ("actually make it 15k"): the same rows changed, one audited change."""
    kind: ClassVar[str] = "corrected"
    changes: tuple[tuple[str, str, str], ...] = ()  # (what, before, after) as shown to the user


# Contacts: the people at a customer.
@dataclass(frozen=True)
class ContactAdded(Written):
    kind: ClassVar[str] = "contact_added"
    contact_id: int = 0
    customer_id: int = 0


@dataclass(frozen=True)
class ContactUpdated(Written):
    kind: ClassVar[str] = "contact_updated"
    contact_id: int = 0
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) as shown to the user


@dataclass(frozen=True)
class ContactDeleted(Written):
    kind: ClassVar[str] = "contact_deleted"
    contact_id: int = 0


@dataclass(frozen=True)
class ContactList(Result):
    kind: ClassVar[str] = "contact_list"
    customer: str
    customer_id: int
    contacts: tuple[ContactLine, ...] = ()
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)


@dataclass(frozen=True)
class Paged(Result):
    """One page of a list result: `result` holds only the page's rows, from `offset`; `total` is how many
    the whole list has (crm_core/paging.py makes it, every front-end says "showing 21-40 of 213")."""
    kind: ClassVar[str] = "paged"
    result: Result
    offset: int
    total: int
    listed: int  # how many rows the query can give (a report may list fewer than it counts)


# Deal, activity and ticket edits (issue 15 items 1, 4, 6)
@dataclass(frozen=True)
class DealDeleted(Written):
    kind: ClassVar[str] = "deal_deleted"
    deal_id: int = 0


@dataclass(frozen=True)
class ActivityUpdated(Written):
    kind: ClassVar[str] = "activity_updated"
    activity_id: int = 0
    changes: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) as shown to the user


@dataclass(frozen=True)
class ActivityDeleted(Written):
    kind: ClassVar[str] = "activity_deleted"
    activity_id: int = 0


@dataclass(frozen=True)
class TicketsMerged(Written):
    kind: ClassVar[str] = "tickets_merged"
    ticket: int = 0  # the one kept
    merged: int = 0  # the duplicate, now closed


@dataclass(frozen=True)
class TicketNoted(Written):
    kind: ClassVar[str] = "ticket_noted"
    ticket: int = 0


@dataclass(frozen=True)
class Table(Result):
    """One generic report or list (issue 14, 18): a title, column headings, rows of cells (text, numbers or None)
    and notes under it (totals per currency, what was counted). The console, Slack and Telegram render every
    report the same way, page it and write it as CSV (paging.py). `chart`: the bars of a PNG (report_chart.py),
    label and value, when one was asked for and a picture reads better."""
    kind: ClassVar[str] = "table"
    name: str  # the report's name: its CSV file is <name>.csv
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...] = ()
    notes: tuple[str, ...] = ()
    empty: str = "Nothing to show."
    chart: tuple[tuple[str, float], ...] = ()
    csv: bool = False  # "as csv" was said: shown as a page, with its CSV (file, button) however short
    total: int = 0  # how many rows there are when more than `rows` could be listed (paging says so)
    query: str = field(default="", compare=False, repr=False)  # the read-only command that made it (paging.py)
