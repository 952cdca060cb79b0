"""Customer satisfaction in reports: the 1-5 ratings customers gave resolved tickets (services/csat.py)."""
from __future__ import annotations

from datetime import datetime, timedelta

from peewee import Expression, ModelSelect, fn

from crm_core.models import Ticket, User
from crm_core.results import AgentSatisfaction

WINDOW_DAYS = 30


def average(tickets: ModelSelect) -> tuple[float | None, int]:
    """The average rating over the rated ones among `tickets`, and how many were rated."""
    rated = tickets.select(fn.AVG(Ticket.csat_score), fn.COUNT(Ticket.id)).where(
        Ticket.csat_score.is_null(False)).order_by()
    mean, count = rated.tuples().get()
    return (round(float(mean), 2) if count else None), int(count)


def by_agent(now: datetime, *filters: Expression, days: int = WINDOW_DAYS) -> tuple[AgentSatisfaction, ...]:
    """Each assignee's ratings given in the last `days` days (unassigned tickets are left out)."""
    since = now - timedelta(days=days)
    rows = (Ticket.select(User.name, fn.COUNT(Ticket.id), fn.AVG(Ticket.csat_score))
            .join(User, on=(Ticket.assignee == User.id))
            .where(Ticket.csat_score.is_null(False), Ticket.csat_at >= since, *filters)
            .group_by(User.id, User.name).order_by(User.name).tuples())
    return tuple(AgentSatisfaction(name, int(count), round(float(mean), 2), days) for name, count, mean in rows)
