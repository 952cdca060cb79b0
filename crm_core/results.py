"""What a command returns: plain dataclasses that every front-end renders in its own medium."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from crm_core.errors import Option


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
    value: float
    city: str | None = None
    segment: str | None = None


@dataclass(frozen=True)
class TopCustomers(Result):
    kind: ClassVar[str] = "top_customers"
    metric: str
    rows: tuple[CustomerRow, ...]
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class SegmentMembers(Result):
    kind: ClassVar[str] = "segment_members"
    segment: str
    total: int
    rows: tuple[CustomerRow, ...]
    as_of: str | None = None


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


@dataclass(frozen=True)
class Pipeline(Result):
    kind: ClassVar[str] = "pipeline"
    owner: str | None
    stages: tuple[StageTotal, ...]
    deals: tuple[DealLine, ...]
    weighted_amount: float = 0.0


@dataclass(frozen=True)
class TicketLine:
    number: int
    customer: str
    subject: str
    status: str
    priority: str
    assignee: str | None
    updated_at: str


@dataclass(frozen=True)
class TicketList(Result):
    kind: ClassVar[str] = "ticket_list"
    description: str
    tickets: tuple[TicketLine, ...]
    total: int = 0


@dataclass(frozen=True)
class ActivityLine:
    kind_: str
    summary: str
    who: str | None
    when: str
    follow_up: str | None = None


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
    revenue: float
    open_deals: tuple[DealLine, ...] = ()
    activities: tuple[ActivityLine, ...] = ()
    open_tickets: tuple[TicketLine, ...] = ()


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
