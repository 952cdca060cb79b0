"""Who is acting, from where, and when: passed to every service with its command."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from crm_core.events import Event, WorkChanged
from crm_core.models import User, utcnow


@dataclass
class Context:
    user: User
    channel: str = "console"
    now: datetime = field(default_factory=utcnow)  # naive UTC
    published: list[int] = field(default_factory=list)  # outbox rows to enqueue after commit
    touched: set[int] = field(default_factory=set)  # users whose deals, tickets or reminders the writes changed

    def events(self) -> list[Event]:
        """What to tell once the transaction has committed."""
        return [WorkChanged(self.user.id, frozenset(self.touched))] if self.touched else []

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone or "UTC")
