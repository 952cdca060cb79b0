"""Chat accounts becoming CRM users: a Slack member is linked to the user with the same email, or
made a rep, on first contact. Roles stay the CRM's (an admin changes them with "make X a manager")."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from peewee import IntegrityError, fn

from crm_core import i18n
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.db import database, write_transaction
from crm_core.models import User, utcnow


@dataclass(frozen=True)
class SlackProfile:
    """What Slack's users.info says about a member (primitives only: the core knows no Slack)."""
    slack_user_id: str
    name: str
    email: str | None = None
    timezone: str | None = None
    locale: str | None = None  # the member's Slack language ("zh-CN"): a language with a catalog is kept


def slack_user(profile: SlackProfile) -> User:
    """The CRM user of a Slack member: found, linked by email, or created as a rep (audited)."""
    with database.connection_context():
        for _ in range(2):
            found = User.get_or_none(User.slack_user_id == profile.slack_user_id)
            if found is not None:
                return found
            try:
                with write_transaction():
                    return _link_or_create(profile)
            except IntegrityError:  # a concurrent first message linked them: read it again
                continue
        return User.get(User.slack_user_id == profile.slack_user_id)


def _link_or_create(profile: SlackProfile) -> User:
    zone = _zone(profile.timezone)
    email = (profile.email or "").strip().lower() or None
    user = User.get_or_none(fn.LOWER(User.email) == email) if email else None
    if user is not None and user.slack_user_id is None:
        before = snapshot(user)
        user.slack_user_id = profile.slack_user_id
        if zone and user.timezone in (None, "", "UTC"):
            user.timezone = zone
        user.language = user.language or _language(profile.locale)
        user.save()
        AuditTrail(Context(user=user, channel="slack"), "link_slack_user").updated(
            user, before, f"linked Slack member {profile.slack_user_id} to {user.name}")
        return user
    user = User.create(name=(profile.name or profile.slack_user_id)[:200], role="rep",
                       email=email if user is None else None, slack_user_id=profile.slack_user_id,
                       timezone=zone or "UTC", language=_language(profile.locale), created_at=utcnow())
    AuditTrail(Context(user=user, channel="slack"), "join_from_slack").created(
        user, f"{user.name} joined from Slack")
    return user


def _language(locale: str | None) -> str | None:
    """A Slack language we have replies in, other than English (the default needs no choice, so a member whose
    Slack is in English and who writes Chinese is answered in Chinese)."""
    language = i18n.from_code(locale)
    return language if language != i18n.ENGLISH else None


def _zone(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name
