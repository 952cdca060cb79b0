"""Outreach to a segment: one Telegram message per opted-in customer, paced, with progress.

`send_outreach` writes the campaign and one outbox row per recipient (key `outreach:{campaign}:{customer}`)
in a few INSERTs, each due at its turn in a schedule of PLANNED_PER_SECOND after any outreach already
waiting, and publishes one `outreach.dispatch` row: a worker then queues the rows on the low-priority
"outreach" queue (workers/actors/outreach.py), so the chat that asked is answered at once and answers
to customers never wait behind thousands of check-ins.
"""
from __future__ import annotations

import math
import string
from datetime import datetime, timedelta

from peewee import JOIN, fn

from crm_core import clock, outbox, permissions
from crm_core import commands as c
from crm_core.audit import AuditTrail
from crm_core.context import Context
from crm_core.errors import NotFound, ValidationError
from crm_core.i18n import ENGLISH, _, current, ngettext, pgettext, term
from crm_core.models import SEGMENTS, Customer, CustomerScore, Order, Outbox, OutreachCampaign
from crm_core.results import FailureCount, OutreachProgress, OutreachQueued

OUTREACH_PER_SECOND = 25  # at most, in any second: of Telegram's 30/s, the other 5 stay free for answers
PLANNED_PER_SECOND = 20  # the schedule's pace: below the cap, so late arrivals never make a second hold 26
PLACEHOLDERS = ("first_name", "name")
MESSAGE_LENGTH = 3500  # Telegram takes 4096 characters; names are filled in
KIND = "telegram.outreach"
DISPATCH_KIND = "outreach.dispatch"
FAILURE_REASONS = (("opted out", "opted out"), ("blocked", "bot blocked"), ("chat not found", "chat not found"),
                   ("deactivated", "account deleted"))
OTHER_FAILURES = "other errors"


def row_key(campaign_id: int, customer_id: int) -> str:
    return f"outreach:{campaign_id}:{customer_id}"


# -- what would be sent ---------------------------------------------------------------------------------
def segment_of(value: str | None) -> str:
    cleaned = "_".join((value or "").strip().lower().replace("-", " ").split())
    if not cleaned:
        raise ValidationError(_("Which segment should get the message?"), hint=_segments())
    if cleaned not in SEGMENTS:
        raise ValidationError(_("There is no segment “{value}”.").format(value=value), hint=_segments())
    return cleaned


def _segments() -> str:
    return _("Segments: {names}.").format(names=", ".join(SEGMENTS))


def _segment_said(segment: str) -> str:
    """The segment as typed in English ("at_risk"), by its name in a language with a catalog."""
    return segment if current() == ENGLISH else term("segment", segment)


def checked_template(message: str | None) -> str:
    """The message with its placeholders checked: only {first_name} and {name}; {{ and }} for braces."""
    text = (message or "").strip()
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    if not text:
        raise ValidationError(_("What should the message say?"),
                              hint=_("Write it out; {allowed} are filled in.").format(allowed=allowed))
    if len(text) > MESSAGE_LENGTH:
        raise ValidationError(_("That message is too long ({length} characters).").format(length=len(text)),
                              hint=_("Keep it under {most}.").format(most=MESSAGE_LENGTH))
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValidationError(_("The message has a lone {{ or }}.").format(),
                              hint=_("Use {allowed}, or {{{{ and }}}} for braces.").format(allowed=allowed)) from None
    unknown = sorted({name or "{}" for name, spec, conv in fields if name not in PLACEHOLDERS or spec or conv})
    if unknown:
        raise ValidationError(_("I can't fill in {fields}.").format(
                                  fields=", ".join("{" + u.strip("{}") + "}" for u in unknown)),
                              hint=_("Only {allowed} are filled in.").format(allowed=allowed))
    return text


def personal(template: str, customer_name: str) -> str:
    first = (customer_name or "").split()
    return template.format(first_name=first[0] if first else "there", name=customer_name or "there")


def recipients(segment: str):
    """Reachable customers of the segment, most revenue at stake first (churn risk x the last year's
    spend), so a paced campaign reaches the customers it matters most for before the rest."""
    since = clock.today() - timedelta(days=365)
    recent = (Order.select(Order.customer.alias("customer_id"), fn.SUM(Order.amount).alias("spent"))
              .where(Order.date > since).group_by(Order.customer).alias("recent"))
    churn = fn.COALESCE(CustomerScore.churn_risk, 1 - CustomerScore.p_alive, 0.5)
    return (Customer.select(Customer.id, Customer.name, Customer.telegram_chat_id)
            .join(CustomerScore, JOIN.LEFT_OUTER)
            .join(recent, JOIN.LEFT_OUTER, on=(recent.c.customer_id == Customer.id))
            .where((Customer.segment == segment) & Customer.telegram_chat_id.is_null(False)
                   & (Customer.outreach_opt_in == True) & Customer.archived_at.is_null())  # noqa: E712
            .order_by((churn * fn.COALESCE(recent.c.spent, 0)).desc(), Customer.id))


def unreachable(segment: str, in_segment: int) -> ValidationError:
    on_telegram = Customer.select().where((Customer.segment == segment) & Customer.telegram_chat_id.is_null(False))
    opted_out = on_telegram.where(Customer.outreach_opt_in == False).count()  # noqa: E712
    not_on_telegram = in_segment - on_telegram.count()
    name = term("segment", segment)
    if not in_segment:
        return ValidationError(_("Nobody is in {segment} right now.").format(segment=name),
                               hint=_("Segments are made by `crm segment`."))
    why = [_("{n} not on Telegram").format(n=f"{not_on_telegram:,}") if not_on_telegram else "",
           _("{n} opted out").format(n=f"{opted_out:,}") if opted_out else ""]
    return ValidationError(_("None of the {n} customers in {segment} can get it: {why}.").format(
                               n=f"{in_segment:,}", segment=name,
                               why=pgettext("list", " and ").join(w for w in why if w)),
                           hint=_("Only customers who linked Telegram and didn't send /stop get outreach."))


def plan_line(cmd: c.SendOutreach) -> str:
    """The confirmation: “Send to 312 opted-in customers of 340 in at_risk: “Hi Ana, …””; or what is wrong."""
    segment = segment_of(cmd.segment)
    template = checked_template(cmd.message)
    in_segment = Customer.select().where(Customer.segment == segment).count()
    first = recipients(segment).first()
    if first is None:
        raise unreachable(segment, in_segment)
    count = recipients(segment).count()
    return ngettext("Send to {n} opted-in customer of {total} in {segment}: “{preview}”",
                    "Send to {n} opted-in customers of {total} in {segment}: “{preview}”", count).format(
        n=f"{count:,}", total=f"{in_segment:,}", segment=_segment_said(segment),
        preview=_clip(personal(template, first.name), 160))


def _clip(text: str, length: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[:length - 1].rstrip() + "…"


# -- sending ----------------------------------------------------------------------------------------
def send_outreach(cmd: c.SendOutreach, ctx: Context) -> OutreachQueued:
    permissions.require(ctx.user, "outreach.send")
    segment = segment_of(cmd.segment)
    template = checked_template(cmd.message)
    in_segment = Customer.select().where(Customer.segment == segment).count()
    people = list(recipients(segment).tuples())
    if not people:
        raise unreachable(segment, in_segment)
    campaign = OutreachCampaign.create(created_by=ctx.user.id, segment=segment, message=template, total=len(people),
                                       in_segment=in_segment, created_at=ctx.now)
    start, step = _first_free_slot(ctx.now), timedelta(seconds=1 / PLANNED_PER_SECOND)
    outbox.add_many(ctx, KIND, [
        (row_key(campaign.id, customer_id), {"chat_id": chat_id, "text": personal(template, name),
                                             "customer_id": customer_id, "campaign_id": campaign.id}, start + i * step)
        for i, (customer_id, name, chat_id) in enumerate(people)], campaign_id=campaign.id)
    outbox.add(ctx, DISPATCH_KIND, f"outreach:{campaign.id}:dispatch", {"campaign_id": campaign.id})
    preview = personal(template, people[0][1])
    AuditTrail(ctx, "send_outreach").created(campaign, f"outreach to {len(people)} customers in {segment}")
    return OutreachQueued(message=_("Sending to {n} customers in {segment} (outreach #{id}); about {duration}. "
                                    "Say “outreach progress” to see how far it is.").format(
                              n=f"{len(people):,}", segment=_segment_said(segment), id=campaign.id,
                              duration=_duration(len(people))),
                          campaign_id=campaign.id, recipients=len(people), in_segment=in_segment, segment=segment,
                          preview=preview)


def _first_free_slot(now: datetime) -> datetime:
    """After the outreach still waiting (another campaign's schedule), so two campaigns don't share one pace."""
    latest = Outbox.select(fn.MAX(Outbox.next_attempt_at)).where(
        Outbox.campaign_id.is_null(False) & (Outbox.status == "pending")).scalar()
    if isinstance(latest, str):  # SQLite hands back an aggregate of datetimes as text
        latest = datetime.fromisoformat(latest)
    return max(now, latest + timedelta(seconds=1 / PLANNED_PER_SECOND)) if latest else now


def _duration(count: int) -> str:
    seconds = count / PLANNED_PER_SECOND
    if seconds < 90:
        return _("{n} seconds").format(n=max(1, math.ceil(seconds)))
    return _("{n} minutes").format(n=math.ceil(seconds / 60))


# -- progress ---------------------------------------------------------------------------------------
def show_outreach(cmd: c.ShowOutreach, ctx: Context) -> OutreachProgress:
    permissions.require(ctx.user, "outreach.send")
    if cmd.campaign_id is not None:
        campaign = OutreachCampaign.get_or_none(OutreachCampaign.id == cmd.campaign_id)
        if campaign is None:
            raise NotFound(_("There is no outreach #{id}.").format(id=cmd.campaign_id),
                           hint=_("Say “outreach progress” for your latest."))
    else:
        campaign = (OutreachCampaign.select().where(OutreachCampaign.created_by == ctx.user.id)
                    .order_by(OutreachCampaign.id.desc()).first())
        if campaign is None:
            raise NotFound(_("You haven't sent any outreach yet."),
                           hint=_("Say e.g. “send the at_risk segment a check-in message”."))
    return progress(campaign)


def progress(campaign: OutreachCampaign) -> OutreachProgress:
    """Counts by status (one indexed GROUP BY), failures by reason."""
    rows = Outbox.select(Outbox.status, fn.COUNT(Outbox.id)).where(Outbox.campaign_id == campaign.id) \
        .group_by(Outbox.status).tuples()
    counts = dict(rows)
    errors = Outbox.select(Outbox.last_error, fn.COUNT(Outbox.id)).where(
        (Outbox.campaign_id == campaign.id) & (Outbox.status == "failed")).group_by(Outbox.last_error).tuples()
    reasons: dict[str, int] = {}
    for error, count in errors:
        reason = failure_reason(error)
        reasons[reason] = reasons.get(reason, 0) + count
    return OutreachProgress(
        campaign_id=campaign.id, segment=campaign.segment, total=campaign.total, sent=counts.get("sent", 0),
        failed=counts.get("failed", 0), waiting=sum(counts.get(s, 0) for s in ("pending", "sending", "delivering")),
        failures=tuple(FailureCount(reason, n) for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])),
        started_at=campaign.created_at.isoformat(timespec="seconds"),
        finished_at=campaign.finished_at.isoformat(timespec="seconds") if campaign.finished_at else None)


def failure_reason(error: str | None) -> str:
    lowered = (error or "").lower()
    return next((reason for mark, reason in FAILURE_REASONS if mark in lowered), OTHER_FAILURES)
