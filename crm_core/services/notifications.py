"""How the CRM reaches a teammate: where reminders and digests go ("send my reminders on telegram",
users.notify_via) and the language it answers in ("speak chinese", users.language).

workers/actors/reminders.py `notification_address` honours the choice; a channel the user has no
account on is refused here, with how to link one, so a reminder never goes nowhere.
"""
from __future__ import annotations

from crm_core import permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core import i18n
from crm_core.commands import SetLanguage, SetNotifyVia
from crm_core.context import Context
from crm_core.errors import ValidationError
from crm_core.models import User
from crm_core.results import LanguageSet, Notice, NotifyViaSet
from crm_core.services import validate

CHANNELS = ("slack", "telegram", "console")
LABELS = {"slack": "Slack", "telegram": "Telegram", "console": "the console"}


def _label(via: str) -> str:
    return i18n._("the console") if via == "console" else LABELS[via]


def _how_to_link(via: str) -> str:
    if via == "slack":
        return i18n._("Write to the CRM bot in Slack once (e.g. “/crm help”); your Slack account is linked by your "
                      "email.")
    return i18n._("Say “link my telegram” to get a link that connects your Telegram account.")


def set_notify_via(cmd: SetNotifyVia, ctx: Context) -> NotifyViaSet | Notice:
    permissions.require(ctx.user, "reminder.set")  # any active teammate, for themselves
    via = validate.choice(cmd.via, CHANNELS, "channel for your reminders")
    user = User.get_by_id(ctx.user.id)
    if not has_channel(user, via):
        raise ValidationError(i18n._("Your {channel} account isn't linked to the CRM yet, so I can't send your "
                                     "reminders there.").format(channel=_label(via)), hint=_how_to_link(via))
    if user.notify_via == via:
        return Notice(message=i18n._("Your reminders and digests go to {channel} already.").format(channel=_label(via)))
    before = snapshot(user)
    user.notify_via = via
    user.save(only=[User.notify_via])
    AuditTrail(ctx, "set_notify_via").updated(user, before, f"{user.name}'s reminders go to {LABELS[via]}")
    return NotifyViaSet(message=i18n._("OK: your reminders and digests go to {channel} from now on.").format(
        channel=_label(via)), via=via)


def has_channel(user: User, via: str) -> bool:
    return {"slack": bool(user.slack_user_id), "telegram": bool(user.telegram_user_id), "console": True}[via]


def set_language(cmd: SetLanguage, ctx: Context) -> LanguageSet:
    """Remembered per user; the answer is already in the new language."""
    permissions.require(ctx.user, "reminder.set")  # any active teammate, for themselves
    language = validate.choice(cmd.language, i18n.LANGUAGES, "language")  # "en" or "zh"
    user = User.get_by_id(ctx.user.id)
    before = snapshot(user)
    user.language = ctx.user.language = language
    user.save(only=[User.language])
    AuditTrail(ctx, "set_language").updated(user, before, f"{user.name} is answered in {i18n.NAMES[language]}")
    with i18n.speaking(language):
        return LanguageSet(message=i18n._("OK: I'll answer you in English from now on."), language=language)
