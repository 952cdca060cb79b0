"""What a deal's card says beyond its row: the stages it went through, what its win probability rests on (the
facts the scoring model reads: stage, age, activity; crm_core/analytics/scoring.py), and the next step planned."""
from __future__ import annotations

import statistics
from datetime import datetime

from peewee import fn

from crm_core import i18n
from crm_core.i18n import _, ngettext, pgettext, term
from crm_core.models import CLOSED_STAGES, OPEN_STAGES, Activity, Deal, DealStageChange, Reminder
from crm_core.results import StageChangeLine

SAMPLE = 1000  # the most recent won deals a typical sales cycle is measured on, and closed deals a stage rate


def history(deal: Deal) -> tuple[StageChangeLine, ...]:
    changes = deal.stage_changes.order_by(DealStageChange.changed_at, DealStageChange.id)
    return tuple(StageChangeLine(h.from_stage, h.to_stage, f"{h.changed_at:%Y-%m-%d}",
                                 h.changed_by.name if h.changed_by_id else None) for h in changes)


def reasons(deal: Deal, now: datetime) -> tuple[str, ...]:
    """Plain facts behind the win probability, most telling first; none for a closed deal."""
    if deal.stage not in OPEN_STAGES:
        return ()
    return tuple(r for r in (_stage_rate(deal), _activity(deal, now), _age(deal, now)) if r)


def _stage_rate(deal: Deal) -> str | None:
    """How the closed deals that reached the deal's stage ended: all of them, or the SAMPLE most recently closed
    once there are more (counting every closed deal was a tenth of a second at 200,000 deals)."""
    closed, cut = _recent_closed()
    outcome = dict(closed)
    reached = [i for (i,) in DealStageChange.select(DealStageChange.deal).distinct()
               .where(DealStageChange.deal.in_(list(outcome)) & (DealStageChange.to_stage == deal.stage)).tuples()]
    total, won = len(reached), sum(outcome[i] == "won" for i in reached)
    stage = term("stage", deal.stage)
    if not total:
        return _("no closed deal has reached {stage} yet").format(stage=stage)
    if cut:
        said = _("{won} of {total} deals that reached {stage}, among the last {sample} closed, were won ({rate})")
        return said.format(won=won, total=total, stage=stage, sample=len(closed), rate=f"{won / total:.0%}")
    return _("{won} of {total} closed deals that reached {stage} were won ({rate})").format(
        won=won, total=total, stage=stage, rate=f"{won / total:.0%}")


def _recent_closed() -> tuple[list[tuple[int, str]], bool]:
    """(id, stage) of every closed deal, or of the SAMPLE most recently closed when there are more (True)."""
    if Deal.select().where(Deal.stage.in_(CLOSED_STAGES)).limit(SAMPLE + 1).count() <= SAMPLE:
        return list(Deal.select(Deal.id, Deal.stage).where(Deal.stage.in_(CLOSED_STAGES)).tuples()), False
    latest: list[tuple] = []  # per stage, so that each reads its (stage, closed_at) index backwards
    for stage in CLOSED_STAGES:
        query = (Deal.select(Deal.closed_at, Deal.id, Deal.stage)
                 .where((Deal.stage == stage) & Deal.closed_at.is_null(False))
                 .order_by(Deal.closed_at.desc(), Deal.id.desc()).limit(SAMPLE))
        latest.extend(query.tuples())
    return [(i, stage) for _at, i, stage in sorted(latest, reverse=True)[:SAMPLE]], True


def _activity(deal: Deal, now: datetime) -> str:
    mine = Activity.select().where(Activity.customer == deal.customer_id)
    last = mine.select(fn.MAX(Activity.occurred_at)).scalar()
    counted = {row["kind"]: row["n"] for row in mine.select(Activity.kind, fn.COUNT(Activity.id).alias("n"))
               .where(Activity.occurred_at >= deal.created_at).group_by(Activity.kind).dicts()}
    if last is None:
        return _("no activity with the customer logged yet")
    kinds = pgettext("list separator", ", ").join(_counted(kind, n) for kind, n in sorted(counted.items()))
    ago = max(0, (now - last).days)
    return ngettext("last activity {n} day ago", "last activity {n} days ago", ago).format(n=ago) \
        + (_("; {kinds} since the deal opened").format(kinds=kinds) if kinds else "")


def _counted(kind: str, n: int) -> str:
    """ "3 calls"; in Chinese "电话 3 次"."""
    return _("{n} {kind}").format(n=n, kind=term("activity kind", kind)) if i18n.current() != i18n.ENGLISH \
        else f"{n} {kind}{'s' if n != 1 else ''}"


def _age(deal: Deal, now: datetime) -> str:
    age = max(0, (now - deal.created_at).days)
    won = (Deal.select(Deal.created_at, Deal.closed_at).where((Deal.stage == "won") & Deal.closed_at.is_null(False))
           .order_by(Deal.closed_at.desc()).limit(SAMPLE))
    cycles = [(d.closed_at - d.created_at).days for d in won]
    typical = _(" (won deals took {days} days, median)").format(days=f"{statistics.median(cycles):.0f}") \
        if cycles else ""
    return ngettext("open {n} day", "open {n} days", age).format(n=age) + typical


def next_step(deal: Deal, now: datetime) -> str | None:
    """The next pending reminder about the customer, else the latest follow-up date still ahead."""
    reminder = (Reminder.select().where((Reminder.customer == deal.customer_id) & (Reminder.status == "pending"))
                .order_by(Reminder.due_at).first())
    if reminder is not None:
        return f"{reminder.due_at:%Y-%m-%d}: {reminder.text}" if reminder.text else f"{reminder.due_at:%Y-%m-%d}"
    follow = (Activity.select().where((Activity.customer == deal.customer_id) & (Activity.follow_up >= now.date()))
              .order_by(Activity.follow_up).first())
    return f"{follow.follow_up:%Y-%m-%d}: " + _("follow up on “{summary}”").format(summary=follow.summary[:80]) \
        if follow is not None else None
