"""What the listeners share, put into each request's context by a global middleware (`context["crm"]`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bots.slack.identity import Identity, Refused
from bots.slack.replies import Origin, say_privately
from crm_core.models import User


@dataclass
class Crm:
    identity: Identity = field(default_factory=Identity)

    def attach(self, context: BoltContext, next: Callable[[], None]) -> None:
        context["crm"] = self
        next()

    def user_or_refuse(self, client: WebClient, origin: Origin) -> User | None:
        """The asker as a CRM user; None after telling a guest (or a deactivated account) why not."""
        try:
            return self.identity.user(client, origin.user)
        except Refused as refused:
            say_privately(client, origin, refused.message)
            return None


def crm(context: BoltContext | dict[str, Any]) -> Crm:
    return context["crm"]
