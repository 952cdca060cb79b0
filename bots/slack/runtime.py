"""What the listeners share, put into each request's context by a global middleware (`context["crm"]`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bots.slack.home_refresh import HomeRefresher
from bots.slack.identity import Identity, Refused
from bots.slack.replies import Origin, deliver, say_privately
from bots.slack.text import mentioned_users, plain
from crm_core import i18n
from crm_core.dialogue import converse
from crm_core.models import User


@dataclass
class Crm:
    homes: HomeRefresher
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

    def words(self, client: WebClient, origin: Origin, text: str, bot_user_id: str | None) -> str | None:
        """What the parser reads: each mentioned teammate as their first name. None after telling the asker
        which mention can't be used (nothing runs then)."""
        names = {}
        for slack_id in mentioned_users(text, bot_user_id):
            try:
                names[slack_id] = self.identity.mentioned(client, slack_id).name.split()[0]
            except Refused as refused:
                say_privately(client, origin, f"{refused.message} Nothing was done.")
                return None
        return plain(text, bot_user_id, names=names)

    def talk(self, client: WebClient, origin: Origin, user: User, said: str, bot_user_id: str | None) -> None:
        """What `user` said, through the dialogue; the answers go back to `origin`."""
        text = self.words(client, origin, said, bot_user_id)
        if text is None:
            return
        with i18n.speaking(i18n.language_for(user.language, text)):
            deliver(client, origin, converse(user, origin.key, text or "help", channel="slack"))


def crm(context: BoltContext | dict[str, Any]) -> Crm:
    return context["crm"]

