"""A ticket with a long conversation (customer messages, replies and internal notes), for its card's More."""
from __future__ import annotations

import re
from datetime import timedelta

from crm_core.clock import utcnow
from crm_core.models import Customer, Ticket, TicketMessage, User
from crm_core.names import normalize_name

MESSAGES, NUMBER = 130, 3000
MESSAGE = re.compile(r"Message \d{3}")


def long_ticket(agent: User) -> Ticket:
    customer = Customer.create(name="Chatty GmbH", name_norm=normalize_name("Chatty GmbH"), owner=agent)
    now = utcnow()
    ticket = Ticket.create(customer=customer, number=NUMBER, subject="Printer on fire", status="open",
                           priority="normal", created_at=now - timedelta(days=3), updated_at=now)
    for n in range(MESSAGES):  # oldest first; bodies long enough that a page of them tests the length limits
        TicketMessage.create(ticket=ticket, body=f"Message {n:03d} " + "the toner & <paper> jam again " * 6,
                             from_customer=n % 3 == 0, author_user=None if n % 3 == 0 else agent,
                             internal=n % 3 == 2, created_at=now - timedelta(minutes=MESSAGES - n))
    return ticket


def message_bodies() -> set[str]:
    """Independently of the code under test: every message of the ticket."""
    return {MESSAGE.match(m.body).group(0) for m in TicketMessage.select()}
