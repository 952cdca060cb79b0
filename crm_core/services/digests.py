"""Digest subscriptions: managers choose when (daily or weekly, local HH:MM) and where their digest arrives."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from crm_core import commands as c
from crm_core import paging, permissions
from crm_core.audit import AuditTrail, snapshot
from crm_core.context import Context
from crm_core.digest import address
from crm_core.digest.content import build_digest, most_at_risk
from crm_core.digest.schedule import FREQUENCIES, WEEKDAYS, Schedule
from crm_core.errors import NotFound, PermissionDenied, ValidationError
from crm_core.models import DigestSubscription, Outbox, User
from crm_core.i18n import _, pgettext, short_date, term
from crm_core.results import Digest, DigestSubscribed, DigestUnsubscribed, Table
from crm_core.settings import get_settings

TIME_OF_DAY = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # WEEKDAYS, said


def _channel_words(channel: str) -> str:
    if channel == "slack":
        return _("on Slack")
    return _("on Telegram") if channel == "telegram" else _("in the console")


def _link_hint(channel: str) -> str:
    if channel == "slack":
        return _("Write to the CRM bot in Slack once (it links you by your email), then subscribe again.")
    return _("Say “link my telegram” for a link that connects your Telegram, then subscribe again.")


def subscribe_digest(cmd: c.SubscribeDigest, ctx: Context) -> DigestSubscribed:
    require_manager(ctx.user)
    frequency = _frequency(cmd.frequency)
    at = local_time(cmd.at)
    weekday = _weekday(cmd.weekday) if frequency == "weekly" else None
    via = _via(ctx.user, cmd.via)
    subscription = DigestSubscription.get_or_none(DigestSubscription.user == ctx.user.id)
    trail = AuditTrail(ctx, "subscribe_digest")
    what = f"{frequency} digest at {at}" + (f" on {WEEKDAYS[weekday]}" if weekday is not None else "")
    if subscription is None:
        subscription = DigestSubscription.create(user=ctx.user.id, frequency=frequency, local_time=at,
                                                 weekday=weekday, via=via, created_at=ctx.now)
        trail.created(subscription, f"subscribed to a {what}")
    else:
        before = snapshot(subscription)
        subscription.frequency, subscription.local_time, subscription.weekday, subscription.via = \
            frequency, at, weekday, via
        subscription.save()
        trail.updated(subscription, before, f"changed the digest to a {what}")
    return _subscribed(subscription, ctx)


def unsubscribe_digest(cmd: c.UnsubscribeDigest, ctx: Context) -> DigestUnsubscribed:
    subscription = DigestSubscription.get_or_none(DigestSubscription.user == ctx.user.id)
    if subscription is None:
        raise NotFound(_("You have no digest to stop."), hint=_("Say “send me a daily digest at 8am” to get one."))
    before = snapshot(subscription)
    subscription.delete_instance()
    AuditTrail(ctx, "unsubscribe_digest").deleted(before, subscription, "stopped the digest")
    return DigestUnsubscribed(message=_("Your digest is stopped. “send me a daily digest at 8am” starts it again."))


def show_digest(cmd: c.ShowDigest, ctx: Context) -> Digest:
    """The digest as it would be sent now: since the last one, or over the last period."""
    require_manager(ctx.user)
    return build_digest(ctx.user, digest_since(ctx.user, ctx.now), ctx.now)


def show_at_risk(cmd: c.ShowAtRisk, ctx: Context) -> Table:
    """The digest's "most at risk", every customer of it (up to paging.MOST), in the digest's order."""
    require_manager(ctx.user)
    rows = tuple((x.name, x.churn_probability, x.spent_last_year, x.lifetime_value, term("segment", x.segment) or None,
                  x.owner) for x in most_at_risk(ctx.now, paging.MOST))
    return Table("at_risk", _("Most at risk"), (_("Customer"), _("Churn risk"), _("Spent last year"),
                                                _("Lifetime value"), _("Segment"), _("Owner")), rows,
                 empty=_("Nobody is at risk."))


def digest_since(user: User, now: datetime) -> datetime:
    """Where the user's next digest starts: their last one, else one period (a day by default) ago."""
    subscription = DigestSubscription.get_or_none(DigestSubscription.user == user.id)
    schedule = schedule_of(subscription, user) if subscription else daily_schedule(user)
    return (subscription.last_sent_at if subscription else None) or now - schedule.step


def require_manager(user: User) -> None:
    try:
        permissions.require(user, "digest.subscribe")
    except PermissionDenied as refused:
        if not user.is_active:
            raise
        raise PermissionDenied(_("Digests are for managers and admins; your role is {role}.").format(
                                   role=term("role", user.role)),
                               hint=_("Ask your manager to share theirs, or say “how's my pipeline” or "
                                      "“show my reminders” for your own numbers.")) from refused


def user_zone(user: User) -> ZoneInfo:
    """The user's time zone at send time; CRM_TIMEZONE when theirs is unset or unknown."""
    try:
        return ZoneInfo(user.timezone) if user.timezone else get_settings().tz
    except (ValueError, KeyError):
        return get_settings().tz


def schedule_of(subscription: DigestSubscription, user: User) -> Schedule:
    return Schedule(subscription.frequency, subscription.local_time, subscription.weekday, user_zone(user))


def daily_schedule(user: User) -> Schedule:
    return Schedule("daily", "08:00", None, user_zone(user))


def digest_key(subscription: DigestSubscription, schedule: Schedule, now: datetime) -> str:
    """The outbox key of the latest digest: one per subscription and local period."""
    return f"digest:{subscription.id}:{schedule.period(now)}"


def is_due(subscription: DigestSubscription, schedule: Schedule, now: datetime) -> bool:
    """The latest digest time has passed since the last digest (or since subscribing), and that period's
    digest was not written yet (a subscription changed after its digest went out waits for the next)."""
    if schedule.latest(now) <= (subscription.last_sent_at or subscription.created_at):
        return False
    return not Outbox.select().where(Outbox.key == digest_key(subscription, schedule, now)).exists()


def local_time(value: object) -> str:
    """HH:MM from "8:05", "08:05", "8am" or "5:30 pm"; anything else is refused."""
    match = TIME_OF_DAY.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    hour, minute = (int(match[1]), int(match[2] or 0)) if match else (99, 0)
    if match and match[3]:
        hour = hour % 12 + (12 if match[3] == "pm" else 0) if 1 <= hour <= 12 else 99
    elif match and match[2] is None:
        hour = 99  # a bare number is not a time
    if hour > 23 or minute > 59:
        raise ValidationError(_("“{value}” is not a time of day.").format(value=value),
                              hint=_("Say a time like 08:00, 8am or 17:30."))
    return f"{hour:02d}:{minute:02d}"


def _frequency(value: object) -> str:
    cleaned = value.strip().lower() if isinstance(value, str) else ""
    if cleaned not in FREQUENCIES:
        raise ValidationError(_("“{value}” is not how often a digest can come.").format(value=value),
                              hint=_("Say daily or weekly."))
    return cleaned


def _weekday(value: object) -> int:
    if value is None:
        return 0  # a weekly digest comes on Mondays unless told otherwise
    cleaned = value.strip().lower()[:3] if isinstance(value, str) else ""
    if cleaned not in WEEKDAYS:
        raise ValidationError(_("“{value}” is not a day of the week.").format(value=value),
                              hint=_("Say e.g. “weekly digest on mondays at 9”."))
    return WEEKDAYS.index(cleaned)


def _via(user: User, value: object) -> str | None:
    if value is None:
        return None
    cleaned = value.strip().lower() if isinstance(value, str) else ""
    if cleaned not in address.CHANNELS:
        raise ValidationError(_("I can't send a digest by “{value}”.").format(value=value),
                              hint=_("Say slack, telegram or console."))
    if cleaned not in address.available(user):
        raise ValidationError(_("Your {channel} account isn't linked to the CRM yet.").format(
                                  channel=cleaned.capitalize()), hint=_link_hint(cleaned))
    return cleaned


def _subscribed(subscription: DigestSubscription, ctx: Context) -> DigestSubscribed:
    schedule = schedule_of(subscription, ctx.user)
    first = ctx.now if is_due(subscription, schedule, ctx.now) else schedule.next(ctx.now)
    local = schedule.local(first)
    channel = address.channel_for(ctx.user, subscription.via)
    when = _("every {weekday}").format(weekday=pgettext("weekday", DAY_NAMES[subscription.weekday])) \
        if subscription.weekday is not None else _("every day")
    first_text = _("within a minute") if first == ctx.now \
        else _("on {moment}").format(moment=short_date(local, with_time=True))
    return DigestSubscribed(
        message=_("I'll send you a digest {when} at {time} ({zone}) {channel}. The first one arrives {first}.").format(
            when=when, time=subscription.local_time, zone=schedule.tz.key, channel=_channel_words(channel),
            first=first_text),
        frequency=subscription.frequency, at=subscription.local_time,
        weekday=WEEKDAYS[subscription.weekday] if subscription.weekday is not None else None,
        via=subscription.via, first_at=local.isoformat(timespec="minutes"))
