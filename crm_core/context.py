"""Who is acting, from where, and when: passed to every service with its command."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from crm_core.models import User, utcnow


@dataclass
class Context:
    user: User
    channel: str = "console"
    now: datetime = field(default_factory=utcnow)  # naive UTC
    published: list[int] = field(default_factory=list)  # outbox rows to enqueue after commit

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.user.timezone or "UTC")
