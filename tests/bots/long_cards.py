"""A customer with more deals, activities and tickets than the card lists, for the card's "showing 10 of 37"."""
from __future__ import annotations

from datetime import timedelta

from crm_core.clock import utcnow
from crm_core.models import Activity, Customer, Deal, Ticket, User
from crm_core.names import normalize_name

DEALS, ACTIVITIES, TICKETS = 37, 8, 12


def busy_customer(owner: User, name: str = "Acme Corp") -> Customer:
    customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin", owner=owner)
    now = utcnow()
    for n in range(DEALS):
        Deal.create(customer=customer, title=f"Deal {n:02d}", amount=1000 + n, stage="qualified", owner=owner,
                    created_at=now, updated_at=now)
    Deal.create(customer=customer, title="Deal won", amount=5, stage="won", owner=owner, created_at=now,
                updated_at=now, closed_at=now)  # not open: never on the card nor in its More
    for n in range(ACTIVITIES):
        Activity.create(customer=customer, user=owner, kind="call", summary=f"call {n}",
                        occurred_at=now - timedelta(hours=n))
    for n in range(TICKETS):
        Ticket.create(customer=customer, number=2000 + n, subject=f"Ticket {n:02d}", status="open",
                      priority="normal", created_at=now, updated_at=now - timedelta(minutes=n))
    return customer


def open_deal_titles(customer: Customer) -> set[str]:
    """Independently of the code under test: the customer's open deals."""
    return {d.title for d in Deal.select().where((Deal.customer == customer.id) & (Deal.stage != "won")
                                                 & (Deal.stage != "lost"))}
