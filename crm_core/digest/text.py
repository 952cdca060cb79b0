"""A digest as titled sections of plain lines: the console prints them, Slack and Telegram mark them up."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from crm_core import paging
from crm_core.i18n import _, ngettext, short_moment, term
from crm_core.money import money
from crm_core.results import Digest, StageTotal

Section = tuple[str, list[str]]


def local(iso_utc: str, tz: str) -> datetime:
    return datetime.fromisoformat(iso_utc).replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz))


def title(digest: Digest) -> str:
    since, until = local(digest.since, digest.timezone), local(digest.until, digest.timezone)
    return _("Digest for {manager}: {since} to {until} ({zone})").format(
        manager=digest.manager, since=short_moment(since), until=short_moment(until),
        zone=digest.timezone)


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def deal_lines(digest: Digest) -> list[str]:
    d = digest.deals
    lines = [_("{created} created ({created_amount}), {moved} moved forward or back, {won} won ({won_amount}), "
               "{lost} lost ({lost_amount})").format(
        created=d.created, created_amount=_money(d.created_amount), moved=d.moved, won=d.won,
        won_amount=_money(d.won_amount), lost=d.lost, lost_amount=_money(d.lost_amount))]
    lines += [_("and in {currency} (no exchange rate): {created} created, {won} won, {lost} lost").format(
        currency=code, created=money(created, code), won=money(won, code), lost=money(lost, code))
        for code, created, won, lost in d.apart]
    lines += [_("won: {title} ({customer}) {amount} {currency}").format(
        title=deal.title, customer=deal.customer, amount=_money(deal.amount), currency=deal.currency)
        + (f", {deal.owner}" if deal.owner else "") for deal in d.biggest_won]
    return lines


def activity_lines(digest: Digest) -> list[str]:
    if not digest.activity:
        return [_("no calls or meetings logged")]
    return [f"{rep.name}: " + ngettext("{n} call", "{n} calls", rep.calls).format(n=rep.calls) + ", "
            + ngettext("{n} meeting", "{n} meetings", rep.meetings).format(n=rep.meetings) for rep in digest.activity]


def ticket_lines(digest: Digest) -> list[str]:
    t = digest.tickets
    csat = ngettext(", satisfaction {average}/5 from {n} rating", ", satisfaction {average}/5 from {n} ratings",
                    t.rated).format(average=f"{t.csat_average:.1f}", n=t.rated) if t.rated else _(", no ratings")
    return [_("{opened} opened, {resolved} resolved").format(opened=t.opened, resolved=t.resolved) + csat]


def _segment(name: str | None) -> str:
    return term("segment", name) if name else _("unsegmented")


def segment_lines(digest: Digest) -> list[str]:
    if not digest.segments:
        return [_("no segment changes")]
    lines = []
    for shift in digest.segments:
        sources = ", ".join(_("{n} from {segment}").format(n=n, segment=_segment(source))
                            for source, n in shift.came_from)
        lines.append(ngettext("{n} customer moved into {segment}", "{n} customers moved into {segment}",
                              shift.moved_in).format(n=shift.moved_in, segment=_segment(shift.segment))
                     + f" ({sources})")
    return lines


def risk_lines(digest: Digest) -> list[str]:
    if not digest.at_risk:
        return [_("nobody at risk (segments and scores come from `crm segment` and `crm score`)")]
    return [f"{c.name}: " + ", ".join(filter(None, (
        _churn(c.churn_probability), _("spent {amount} in the last year").format(amount=_money(c.spent_last_year)),
        _("value {amount}").format(amount=_money(c.lifetime_value)) if c.lifetime_value is not None else "",
        _segment(c.segment) if c.segment else "", _("owner {name}").format(name=c.owner) if c.owner else "")))
        for c in digest.at_risk] + [rest.status() for rest in paging.rests(digest)]


def pipeline_lines(digest: Digest) -> list[str]:
    """ "lead 2 ($1,000.00), ..."; a stage's deals in a currency without a rate follow in that currency."""
    stages = ", ".join(f"{term('stage', s.stage)} {s.count} ({_in_currency(s)})" for s in digest.pipeline
                       if s.count or s.currency in (None, _base(digest)))
    return [stages, digest.rates_note] if digest.rates_note else [stages]


def _in_currency(stage: StageTotal) -> str:
    return money(stage.amount, stage.currency) if stage.currency else _money(stage.amount)


def _base(digest: Digest) -> str | None:
    return digest.pipeline[0].currency if digest.pipeline else None


def sections(digest: Digest) -> list[Section]:
    return [(_("Deals"), deal_lines(digest)), (_("Calls and meetings"), activity_lines(digest)),
            (_("Tickets"), ticket_lines(digest)), (_("Segments"), segment_lines(digest)),
            (_("Most at risk"), risk_lines(digest)), (_("Open pipeline"), pipeline_lines(digest))]


def as_text(digest: Digest) -> str:
    body = [title(digest)]
    for heading, lines in sections(digest):
        body += ["", f"{heading}:", *(f"  {line}" for line in lines)]
    return "\n".join(body)


def _churn(probability: float | None) -> str:
    if probability is None:
        return ""
    return _("under 1% churn risk") if probability < 0.01 else _("{share} churn risk").format(
        share=f"{probability:.0%}")
