"""A customer with something to say on every line of its card: an at-risk segment, three orders 30 days apart (the
last 40 days ago), a 35% churn risk and one ticket rated 4/5 (the Chinese card tests of Slack and Telegram)."""
from __future__ import annotations

from datetime import timedelta

from crm_core import clock
from crm_core.models import Customer, Order, Ticket
from tests.integration.analytics_seed import set_scores


def give_a_history(customer: Customer) -> None:
    Customer.update(segment="at_risk").where(Customer.id == customer.id).execute()
    orders = [clock.today() - timedelta(days=d) for d in (40, 70, 100)]
    Order.insert_many([{"customer": customer.id, "date": day, "amount": 100} for day in orders]).execute()
    set_scores(customer.id, churn_risk=0.35, p_alive=0.9)
    Ticket.create(number=7, customer=customer.id, subject="Invoice missing", status="resolved", csat_score=4)
