"""First-response targets of tickets, counted in business hours (CRM_BUSINESS_HOURS; unset: always open).

A ticket breaches its target while it is open or pending, nobody of the team has answered the customer yet, and
more business time than its priority allows (a teammate's message that opened the ticket is no answer) has passed since it was opened: urgent 1 h, high 4 h, normal 8 h,
low 24 h of opening hours ("tickets breaching sla").
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from peewee import fn

from crm_core.models import Ticket, TicketMessage
from crm_core.services import business_hours
from crm_core.settings import get_settings

FIRST_RESPONSE_HOURS = {"urgent": 1, "high": 4, "normal": 8, "low": 24}
WAITING = ("open", "pending")


def breaching(now: datetime, statuses: tuple[str, ...] = WAITING) -> list[int]:
    """Ids of the tickets in `statuses` (open and pending only) past their first-response target at `now` (UTC)."""
    settings = get_settings()
    hours = business_hours.parse(settings.business_hours, settings.timezone)
    first = TicketMessage.alias()
    opening = first.select(fn.MIN(first.id)).where(first.ticket == TicketMessage.ticket)
    answered = TicketMessage.select(TicketMessage.ticket).where(  # a teammate's message after the one that opened it
        (TicketMessage.from_customer == False) & TicketMessage.author_user.is_null(False)  # noqa: E712
        & (TicketMessage.internal == False) & (TicketMessage.id > opening))  # noqa: E712  an internal note answers nobody
    waiting = [s for s in statuses if s in WAITING]
    out = []
    for priority, target in FIRST_RESPONSE_HOURS.items():  # wall time is at least business time: a first cut in SQL
        late = (Ticket.select(Ticket.id, Ticket.created_at)
                .where(Ticket.status.in_(waiting) & (Ticket.priority == priority)
                       & (Ticket.created_at <= now - timedelta(hours=target)) & Ticket.id.not_in(answered)))
        out += [t.id for t in late if business_time(hours, t.created_at, now) > timedelta(hours=target)]
    return out


def business_time(hours: business_hours.BusinessHours | None, start: datetime, end: datetime) -> timedelta:
    """Opening hours between `start` and `end` (naive UTC); all of it when always open."""
    if hours is None or end <= start:
        return max(end - start, timedelta(0))
    local_start = start.replace(tzinfo=timezone.utc).astimezone(hours.tz)
    local_end = end.replace(tzinfo=timezone.utc).astimezone(hours.tz)
    total, day = timedelta(0), local_start.date()
    while day <= local_end.date():
        for window in hours.windows:
            if day.weekday() not in window.days:
                continue
            opens = datetime.combine(day, window.start, hours.tz)
            closes = datetime.combine(day, window.end, hours.tz) if window.end else \
                datetime.combine(day + timedelta(days=1), window.start.replace(hour=0, minute=0), hours.tz)
            overlap = min(closes, local_end) - max(opens, local_start)
            total += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return total
