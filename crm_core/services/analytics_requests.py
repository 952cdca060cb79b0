"""Analytics on demand (issue 15 item 9): "rescore now" / "resegment" from chat, for managers and admins.

The request is an `analytics_requests` row and an `analytics.run` outbox row, written together: the worker
(workers/actors/analytics.py) runs the job on its "analytics" queue, sends a progress note on a long run and
answers the asker where they asked (Slack, Telegram, the console). At most one request of a job is pending or
running (a partial unique index, migration 0026), so a second "rescore now" is told the first one is running.
A request whose worker died (no heartbeat for longer than the job may take) no longer blocks a new one.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from peewee import IntegrityError

from crm_core import i18n, outbox, permissions
from crm_core.commands import RunAnalytics
from crm_core.context import Context
from crm_core.db import database
from crm_core.i18n import _, ngettext, term
from crm_core.models import AnalyticsRequest, ModelRun, User
from crm_core.results import Notice
from crm_core.services import validate

JOBS = ("score", "segment")
ACTIVE = ("pending", "running")
RUN_KIND = "analytics.run"  # the outbox row the worker turns into the job's message
DEAD_AFTER = timedelta(minutes=35)  # no heartbeat this long: the worker died (the job's time limit is 30 min)


def request_analytics(cmd: RunAnalytics, ctx: Context) -> Notice:
    permissions.require(ctx.user, "analytics.run")
    job = validate.choice(cmd.job, JOBS, "job (score or segment)")
    give_up_dead(job, ctx.now)
    if (active := active_request(job)) is not None:
        return Notice(message=already_running(active))
    try:
        with database.atomic():
            request = AnalyticsRequest.create(kind=job, requested_by=ctx.user.id, channel=ctx.channel,
                                              created_at=ctx.now, heartbeat_at=ctx.now)
    except IntegrityError:  # another request of this job was written a moment ago
        return Notice(message=already_running(active_request(job)))
    # the language this answer is in, so the worker's answers are in it too ("重新评分" is answered in Chinese)
    outbox.add(ctx, RUN_KIND, f"analytics:{request.id}", {"request_id": request.id, "language": i18n.current()})
    return Notice(message=_("Rescoring every customer on the worker; I'll answer here when it's done.") if job == "score"
                  else _("Resegmenting every customer on the worker; I'll answer here when it's done."))


def active_request(job: str) -> AnalyticsRequest | None:
    return AnalyticsRequest.get_or_none((AnalyticsRequest.kind == job) & AnalyticsRequest.status.in_(ACTIVE))


def give_up_dead(job: str, now: datetime) -> None:
    """A request whose worker stopped beating is failed, so it blocks no new one (its job's writes are atomic)."""
    AnalyticsRequest.update(status="failed", finished_at=now, answer="the worker stopped").where(
        (AnalyticsRequest.kind == job) & AnalyticsRequest.status.in_(ACTIVE)
        & (AnalyticsRequest.heartbeat_at < now - DEAD_AFTER)).execute()


def already_running(request: AnalyticsRequest | None) -> str:
    if request is None:  # it finished between the two looks
        return _("That job has just finished; ask again to run it once more.")
    asker = User.get_by_id(request.requested_by_id).name
    doing = _("Rescoring") if request.kind == "score" else _("Resegmenting")
    if request.status == "running" and request.progress > 0:
        return _("{doing} is already running (asked by {asker}, about {percent}% done); "
                 "{asker} gets the answer when it's done.").format(doing=doing, asker=asker,
                                                                   percent=round(100 * request.progress))
    return _("{doing} is already running (asked by {asker}); {asker} gets the answer when it's done.").format(
        doing=doing, asker=asker)


# -- what the worker says ------------------------------------------------------------------------------
def usual_seconds(job: str) -> float | None:
    """How long the last successful run of this job took, for the progress estimate; None before the first."""
    last = (ModelRun.select(ModelRun.started_at, ModelRun.finished_at)
            .where((ModelRun.kind == job) & (ModelRun.status == "succeeded"))
            .order_by(ModelRun.finished_at.desc()).first())
    return max(0.1, (last.finished_at - last.started_at).total_seconds()) if last else None


def progress_note(job: str, elapsed: float, fraction: float | None) -> str:
    doing = _("scoring") if job == "score" else _("segmenting")
    if fraction is None:
        return _("Still {doing} ({seconds:.0f} s so far) …").format(doing=doing, seconds=elapsed)
    return _("{doing} {percent}% … ({seconds:.0f} s so far)").format(
        doing=doing.capitalize(), percent=round(100 * fraction), seconds=elapsed)


def scored_answer(report: dict, seconds: float) -> str:
    counts = report.get("counts") or {}
    customers, deals = int(counts.get("customers_scored", 0)), int(counts.get("deals_scored", 0))
    text = ngettext("Rescored {n:,} customer", "Rescored {n:,} customers", customers).format(n=customers)
    text += ngettext(" and {d:,} open deal", " and {d:,} open deals", deals).format(d=deals) if deals else ""
    return text + _(" in {seconds:.1f} s.").format(seconds=seconds) + _left_out(report.get("currency") or {})


def _left_out(currency: dict) -> str:
    """ " 3 orders in THB have no rate to USD and were left out." when some were (issue 16 item 2), and the same of
    won deals for a segmentation."""
    orders, deals = currency.get("orders_excluded") or {}, currency.get("won_deals_excluded") or {}
    n, d = sum(orders.values()), sum(deals.values())
    base = currency.get("base", "")
    text = ngettext(" {n:,} order in {codes} has no rate to {base} and was left out.",
                    " {n:,} orders in {codes} have no rate to {base} and were left out.", n).format(
        n=n, codes=", ".join(sorted(orders)), base=base) if n else ""
    return text + (ngettext(" {n:,} won deal in {codes} has no rate to {base} and was left out.",
                            " {n:,} won deals in {codes} have no rate to {base} and were left out.", d).format(
        n=d, codes=", ".join(sorted(deals)), base=base) if d else "")


def segmented_answer(report: dict, seconds: float) -> str:
    customers, moved = int(report.get("n_customers", 0)), int(report.get("n_moved", 0))
    text = ngettext("Resegmented {n:,} customer in {seconds:.1f} s", "Resegmented {n:,} customers in {seconds:.1f} s",
                    customers).format(n=customers, seconds=seconds)
    text += ngettext(" ({m:,} moved).", " ({m:,} moved).", moved).format(m=moved)
    text += _left_out(report.get("currency") or {})
    sizes = "\n".join(f"{term('segment', segment)}: {count:,}" for segment, count in (report.get("counts") or {}).items())
    return f"{text}\n{sizes}" if sizes else text


def failed_answer(job: str, reason: str) -> str:
    doing = _("Rescoring") if job == "score" else _("Resegmenting")
    return _("{doing} didn't finish: {reason} The previous values are kept.").format(doing=doing, reason=reason)
