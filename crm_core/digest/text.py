"""A digest as titled sections of plain lines: the console prints them, Slack and Telegram mark them up."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from crm_core.results import Digest

Section = tuple[str, list[str]]


def local(iso_utc: str, tz: str) -> datetime:
    return datetime.fromisoformat(iso_utc).replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz))


def title(digest: Digest) -> str:
    since, until = local(digest.since, digest.timezone), local(digest.until, digest.timezone)
    return f"Digest for {digest.manager}: {since:%a %d %b %H:%M} to {until:%a %d %b %H:%M} ({digest.timezone})"


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def deal_lines(digest: Digest) -> list[str]:
    d = digest.deals
    lines = [f"{d.created} created ({_money(d.created_amount)}), {d.moved} moved forward or back, "
             f"{d.won} won ({_money(d.won_amount)}), {d.lost} lost ({_money(d.lost_amount)})"]
    lines += [f"won: {deal.title} ({deal.customer}) {_money(deal.amount)} {deal.currency}"
              + (f", {deal.owner}" if deal.owner else "") for deal in d.biggest_won]
    return lines


def activity_lines(digest: Digest) -> list[str]:
    if not digest.activity:
        return ["no calls or meetings logged"]
    return [f"{rep.name}: {rep.calls} call{'s' * (rep.calls != 1)}, "
            f"{rep.meetings} meeting{'s' * (rep.meetings != 1)}" for rep in digest.activity]


def ticket_lines(digest: Digest) -> list[str]:
    t = digest.tickets
    csat = f", satisfaction {t.csat_average:.1f}/5 from {t.rated} rating{'s' * (t.rated != 1)}" if t.rated \
        else ", no ratings"
    return [f"{t.opened} opened, {t.resolved} resolved{csat}"]


def _segment(name: str | None) -> str:
    return name.replace("_", " ") if name else "unsegmented"


def segment_lines(digest: Digest) -> list[str]:
    if not digest.segments:
        return ["no segment changes"]
    lines = []
    for shift in digest.segments:
        sources = ", ".join(f"{n} from {_segment(source)}" for source, n in shift.came_from)
        lines.append(f"{shift.moved_in} customer{'s' * (shift.moved_in != 1)} moved into {_segment(shift.segment)}"
                     f" ({sources})")
    return lines


def risk_lines(digest: Digest) -> list[str]:
    if not digest.at_risk:
        return ["nobody at risk (segments and scores come from `crm segment` and `crm score`)"]
    return [f"{c.name}: " + ", ".join(filter(None, (
        _churn(c.churn_probability), f"spent {_money(c.spent_last_year)} in the last year",
        f"value {_money(c.lifetime_value)}" if c.lifetime_value is not None else "",
        _segment(c.segment) if c.segment else "", f"owner {c.owner}" if c.owner else "")))
        for c in digest.at_risk]


def pipeline_lines(digest: Digest) -> list[str]:
    return [", ".join(f"{s.stage} {s.count} ({_money(s.amount)})" for s in digest.pipeline)]


def sections(digest: Digest) -> list[Section]:
    return [("Deals", deal_lines(digest)), ("Calls and meetings", activity_lines(digest)),
            ("Tickets", ticket_lines(digest)), ("Segments", segment_lines(digest)),
            ("Most at risk", risk_lines(digest)), ("Open pipeline", pipeline_lines(digest))]


def as_text(digest: Digest) -> str:
    body = [title(digest)]
    for heading, lines in sections(digest):
        body += ["", f"{heading}:", *(f"  {line}" for line in lines)]
    return "\n".join(body)


def _churn(probability: float | None) -> str:
    if probability is None:
        return ""
    return "under 1% churn risk" if probability < 0.01 else f"{probability:.0%} churn risk"
