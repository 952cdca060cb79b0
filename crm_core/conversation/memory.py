"""What a conversation remembers between messages, in its `conversations` row (one read, one write a message).

    about      the customer, deal and ticket it is about: "move it to negotiation", "log a call with them", and
               which of them was named last (`subject`): "close it" after a ticket is the ticket
    last write the audit batch of this user's last successful write here, for "actually make it 15k"
    failed     what the last write command tried when it was refused: "undo" then has nothing to take back

Memory lasts `CRM_MEMORY_MINUTES` (30) after the last message; the pending question keeps its own expiry.
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from crm_core import commands as c
from crm_core.db import database
from crm_core.models import AuditLog, Conversation, User
from crm_core.results import Rejected, Result, Undone, Written
from crm_core.settings import get_settings

# Commands that can't go without a customer: the conversation's customer fills them in.
NEED_A_CUSTOMER = (c.LogActivity, c.CreateDeal, c.OpenTicket, c.ShowCustomer, c.InviteCustomer,
                   c.MoveDeal, c.UpdateDeal, c.ShowDeal)
ABOUT_A_DEAL = (c.MoveDeal, c.UpdateDeal, c.ShowDeal)
ABOUT_A_TICKET = (c.UpdateTicket, c.ShowTicket)
# "with bob's plumbing", "for john": someone the parser did not take for a customer; the conversation's customer
# must not stand in for them ("with them", "for the deal", "on friday", "for 20k" name nobody new).
_NAMES_SOMEONE = re.compile(
    r"\b(?:with|for|at|from)\s+(?!(?:them|they|him|her|it|its|their|us|me|my|our|this|that|these|those|a|an|the|next"
    r"|tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|end|eod|eow|noon)\b)[^\W\d_]",
    re.IGNORECASE)


@dataclass
class Memory:
    customer_id: int | None = None
    deal_id: int | None = None
    ticket: int | None = None
    subject: str | None = None  # "customer", "deal" or "ticket": the one named last
    last_batch: str | None = None
    last_command: dict | None = None
    failed: str | None = None

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> Memory:
        if not text:
            return cls()
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


@dataclass
class Row:
    """The conversation row as read: the pending question (JSON, None when expired) and the memory."""
    pending: str | None
    memory: Memory


def load(user: User, key: str, now: datetime, pending_expires: timedelta) -> Row:
    with database.connection_context():
        row = Conversation.get_or_none((Conversation.user == user.id) & (Conversation.key == key))
    if row is None:
        return Row(None, Memory())
    memory_expires = timedelta(minutes=get_settings().memory_minutes)
    pending = row.pending if row.updated_at >= now - pending_expires else None
    memory = Memory.from_json(row.memory) if row.updated_at >= now - memory_expires else Memory()
    return Row(pending, memory)


def save(user: User, key: str, row: Row, now: datetime) -> None:
    """One statement: the row is inserted, or updated when the conversation has one (its unique user and key)."""
    fields = {"pending": row.pending, "memory": row.memory.to_json(), "updated_at": now}
    with database.connection_context():
        (Conversation.insert(user=user.id, key=key, **fields)
         .on_conflict(conflict_target=[Conversation.user, Conversation.key],
                      update={getattr(Conversation, name): value for name, value in fields.items()})
         .execute())


def names_someone(text: str) -> bool:
    """The message names somebody ("with bob's plumbing") whom the conversation's customer must not replace."""
    return bool(_NAMES_SOMEONE.search(text))


def fill(cmd: c.Command, memory: Memory) -> c.Command:
    """`cmd` with what it lacks taken from what the conversation is about (unchanged when nothing fits)."""
    if isinstance(cmd, ABOUT_A_TICKET) and cmd.ticket is None and memory.ticket is not None:
        return dataclasses.replace(cmd, ticket=memory.ticket)
    if not isinstance(cmd, NEED_A_CUSTOMER) or cmd.customer or cmd.customer_id is not None:
        return cmd
    if isinstance(cmd, ABOUT_A_DEAL) and cmd.deal_id is None and memory.deal_id is not None \
            and not getattr(cmd, "deal", None):  # "the hooli deal" names its own: the customer's deals are checked
        return dataclasses.replace(cmd, deal_id=memory.deal_id, customer_id=memory.customer_id)
    if memory.customer_id is not None:
        return dataclasses.replace(cmd, customer_id=memory.customer_id)
    return cmd


def remember(memory: Memory, cmd: c.Command, result: Result, user: User, what: str = "") -> None:
    """What running `cmd` (`what` says it in words) with `result` tells about the conversation."""
    if isinstance(result, Undone):
        memory.last_batch, memory.last_command, memory.failed = None, None, None
        return
    if isinstance(result, Rejected):
        if cmd.writes:
            memory.failed = what or cmd.name.replace("_", " ")
        return
    note_subject(memory, cmd, result)
    if isinstance(result, Written) and cmd.writes:
        memory.last_batch, memory.last_command, memory.failed = _last_batch(user), cmd.to_json(), None


def note_subject(memory: Memory, cmd: c.Command, result: Result | None = None) -> None:
    """The customer, deal or ticket that `cmd` (and its `result`) is about becomes what the conversation is about."""
    customer_id = getattr(result, "customer_id", None) or getattr(cmd, "customer_id", None)
    if customer_id and customer_id != memory.customer_id:
        memory.customer_id, memory.deal_id, memory.ticket = customer_id, None, None
    if customer_id:
        memory.subject = "customer"
    deal_id = getattr(result, "deal_id", None) or getattr(getattr(result, "deal", None), "deal_id", None)
    if deal_id:
        memory.deal_id, memory.subject = deal_id, "deal"
    ticket = getattr(result, "ticket", None)
    ticket = getattr(ticket, "number", ticket)
    if isinstance(ticket, int) and ticket:
        memory.ticket, memory.subject = ticket, "ticket"


# "it", "this one", "the ticket" ("it's urgent": "ticket 1042 is urgent")
_THE_TICKET = re.compile(r"\b(?:it(?P<is>'s|’s| is)?|th(?:is|at) one|th(?:is|at) ticket|the ticket|this|that)\b",
                         re.IGNORECASE)


def ticket_said(text: str, memory: Memory) -> str | None:
    """ "close it" while the conversation is about ticket 1042: "close ticket 1042"; None when the conversation
    is about something else (a customer or a deal named since) or the message says no "it"."""
    if memory.subject != "ticket" or memory.ticket is None:
        return None
    named = f"ticket {memory.ticket}"
    said, count = _THE_TICKET.subn(lambda m: named + (" is" if m.group("is") else ""), text, count=1)
    return said if count else None


def _last_batch(user: User) -> str | None:
    with database.connection_context():
        row = (AuditLog.select(AuditLog.batch).where(AuditLog.actor == user.id)
               .order_by(AuditLog.id.desc()).first())
    return row.batch if row is not None else None
