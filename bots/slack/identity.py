"""Who is talking: a Slack member becomes a CRM user on first contact (users.info: name, email, time zone).

The `users` row is the cache of members (users.info is called once per member); refusals (guests,
bots, deactivated accounts) are cached in memory for a while. Roles come from the CRM.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from crm_core.db import database
from crm_core.models import User
from crm_core.services.chat_users import SlackProfile, slack_user

GUEST = ("Sorry, the CRM is for full members of this workspace; Slack guests can't use it. "
         "Ask a teammate to look it up for you.")
DEACTIVATED = "Your CRM account is deactivated. Ask a CRM admin to reactivate it."
NOT_A_PERSON = "Only people can use the CRM."
REFUSAL_TTL_SECONDS = 600.0
# What a refusal says when the member was mentioned rather than talking ({who}: the mention).
MENTIONED = {GUEST: "{who} is a Slack guest, so they can't be in the CRM.",
             DEACTIVATED: "{who}'s CRM account is deactivated; a CRM admin can reactivate it.",
             NOT_A_PERSON: "{who} is a bot or an app, not a teammate in the CRM."}


class Refused(Exception):
    """This Slack account may not use the CRM; the message says so politely."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Identity:
    """One per app: keeps the refusals it has seen (slack id -> (expires, message))."""
    refusal_ttl: float = REFUSAL_TTL_SECONDS
    _refused: dict[str, tuple[float, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def user(self, client: WebClient, slack_user_id: str) -> User:
        """The CRM user for `slack_user_id`, or raise Refused."""
        with self._lock:
            refused = self._refused.get(slack_user_id)
        if refused is not None and refused[0] > time.monotonic():
            raise Refused(refused[1])
        with database.connection_context():
            user = User.get_or_none(User.slack_user_id == slack_user_id)
        if user is None:
            user = self._first_contact(client, slack_user_id)
        if not user.is_active:
            raise Refused(DEACTIVATED)
        return user

    def mentioned(self, client: WebClient, slack_user_id: str) -> User:
        """A member named by a mention, as a CRM user (made on first mention as on first contact); Refused
        says who can't be used and why."""
        who = f"<@{slack_user_id}>"
        try:
            return self.user(client, slack_user_id)
        except Refused as refused:
            raise Refused(MENTIONED.get(refused.message, "{who} can't be used in the CRM.").format(who=who)) from None
        except SlackApiError as error:
            if (error.response.data or {}).get("error") != "user_not_found":
                raise
            raise Refused(f"I can't find {who} in this workspace.") from None

    def _first_contact(self, client: WebClient, slack_user_id: str) -> User:
        member = client.users_info(user=slack_user_id, include_locale=True)["user"]
        refusal = refusal_for(member)
        if refusal is not None:
            with self._lock:
                self._refused[slack_user_id] = (time.monotonic() + self.refusal_ttl, refusal)
            raise Refused(refusal)
        profile = member.get("profile") or {}
        name = profile.get("real_name") or member.get("real_name") or profile.get("display_name") or member.get("name")
        return slack_user(SlackProfile(slack_user_id=slack_user_id, name=name or slack_user_id,
                                       email=profile.get("email"), timezone=member.get("tz"),
                                       locale=member.get("locale")))


def refusal_for(member: dict) -> str | None:
    if member.get("is_restricted") or member.get("is_ultra_restricted"):
        return GUEST
    if member.get("is_bot") or member.get("is_app_user"):
        return NOT_A_PERSON
    if member.get("deleted"):
        return DEACTIVATED
    return None
