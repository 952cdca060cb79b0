"""`crm segment` and `crm score`: run the analytics jobs now, or enqueue them for a worker."""
from __future__ import annotations

import argparse
import importlib
import json
import math
from typing import TYPE_CHECKING

from crm_core import migrate
from crm_core.analytics.jobs_common import resolve_as_of
from crm_core.cli.common import open_configured_database
from crm_core.errors import ConfigError, ValidationError
from crm_core.i18n import _
from crm_core.settings import get_settings

if TYPE_CHECKING:  # the jobs load pandas and scikit-learn: imported when a command runs
    from crm_core.analytics.jobs import ScoringReport, SegmentationReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("segment", help="RFM segments for every customer")
    parser.add_argument("--method", choices=("rfm", "kmeans"), default=None,
                        help="rfm: the classic RFM map on quintile scores (default); kmeans: clusters")
    parser.add_argument("--k", type=int, default=None, metavar="N",
                        help="k-means with N clusters (default: chosen by silhouette, 3 to 7)")
    _common_options(parser)
    parser.set_defaults(run=segment)
    parser = subparsers.add_parser("score", help="churn, 90-day value and deal win probability")
    _common_options(parser)
    parser.set_defaults(run=score)
    register_validate(subparsers)


def register_validate(subparsers: argparse._SubParsersAction) -> None:
    from crm_core.cli.validate import validate

    parser = subparsers.add_parser(
        "validate", help="check churn and purchase predictions against what happened after a date")
    parser.add_argument("--as-of", metavar="DATE", required=True,
                        help="fit on orders up to DATE (YYYY-MM-DD), compare with those after")
    parser.add_argument("--horizon", default=None, metavar="90d",
                        help="churn horizon in days (90d) or weeks (13w); default CRM_CHURN_HORIZON_DAYS")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--out", metavar="DIR", default=None, help="write tracking and calibration PNGs")
    parser.add_argument("--deals", action="store_true",
                        help="check deal win probability instead, on deals closed after DATE")
    parser.set_defaults(run=validate)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", metavar="DATE", default=None,
                        help="cut-off date YYYY-MM-DD: only orders up to it count (default today)")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--enqueue", action="store_true",
                        help="send the job to the workers (needs BROKER_URL) instead of running it")


def segment(args: argparse.Namespace) -> int:
    as_of = resolve_as_of(args.as_of)
    if args.k is not None and args.k < 1:
        raise ValidationError(_("--k must be at least 1, not {k}.").format(k=args.k))
    if args.enqueue:
        return _enqueue("segment_customers", args.json, as_of_iso=as_of.isoformat(), k=args.k)
    with _database().connection_context():
        from crm_core.analytics.jobs import run_segmentation

        report = run_segmentation(as_of, k=args.k, method=args.method)
    _print(report.to_dict() if args.json else segmentation_text(report), args.json)
    return 0


def score(args: argparse.Namespace) -> int:
    as_of = resolve_as_of(args.as_of)
    if args.enqueue:
        return _enqueue("score_customers", args.json, as_of_iso=as_of.isoformat())
    with _database().connection_context():
        from crm_core.analytics.jobs import run_scoring

        report = run_scoring(as_of)
    _print(report.to_dict() if args.json else scoring_text(report), args.json)
    return 0


def _database():
    db = open_configured_database()
    migrate.upgrade(db)
    return db


def _enqueue(actor_name: str, as_json: bool, **kwargs: object) -> int:
    """Send the actor's message through the broker of BROKER_URL (configured by workers.broker)."""
    if not get_settings().broker_url:
        raise ConfigError("--enqueue needs a broker: BROKER_URL is not set.",
                          "Set BROKER_URL=redis://... or amqp://..., or run without --enqueue.")
    try:
        broker = importlib.import_module("workers.broker")
    except ImportError as exc:
        raise ConfigError(f"The worker broker module could not be loaded ({exc}).") from None
    broker.setup(get_settings(), in_process_threads=0)  # the BROKER_URL broker, actors bound to it
    actors = importlib.import_module("workers.actors.analytics")
    message = getattr(actors, actor_name).send(**{k: v for k, v in kwargs.items() if v is not None})
    details = {"enqueued": actor_name, "queue": message.queue_name,
               "message_id": message.message_id, **kwargs}
    _print(details if as_json else f"Enqueued {actor_name} ({message.message_id}) on queue "
           f"{message.queue_name!r} for {kwargs.get('as_of_iso')}.", as_json)
    return 0


def _print(content: dict | str, as_json: bool) -> None:
    print(json.dumps(_finite(content), default=str, allow_nan=False) if as_json else content)


def _finite(value: object) -> object:
    """JSON has no NaN or infinity: such numbers become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def segmentation_text(report: SegmentationReport) -> str:
    quality = "" if report.silhouette is None else f", silhouette {report.silhouette:.2f}"
    how = "k-means clusters" if report.method == "kmeans" else "segments of the RFM map"
    lines = [f"Segmented {report.n_customers:,} customers as of {report.as_of} into {report.k} "
             f"{how}{quality}:"]
    lines += [f"  {name:<19} {count:>10,}" for name, count in report.counts.items()]
    moved = report.moved_to()
    if moved:
        lines.append("Moves since the last run: " + ", ".join(
            f"{n:,} to {name}" for name, n in sorted(moved.items(), key=lambda kv: -kv[1])) + ".")
    else:
        lines.append("No customer changed segment since the last run.")
    first = sum(m.customers for m in report.moves if m.from_segment is None)
    if first:
        lines.append(f"{first:,} customers were segmented for the first time.")
    if report.n_cleared:
        lines.append(f"{report.n_cleared:,} customers have no purchase up to {report.as_of} "
                     "and lost their segment.")
    if left_out := report.amounts.excluded_note("the segments"):
        lines.append(left_out)
    lines.append(_timings(report.timings))
    return "\n".join(lines)


def scoring_text(report: ScoringReport) -> str:
    bg, gg, deals = report.bgnbd, report.gamma_gamma, report.deals.metrics()
    lines = [
        f"Scored {report.n_customers_scored:,} customers on orders up to {report.as_of} "
        f"({report.score_version}).",
        f"  BG/NBD ({bg.time_unit}): r={bg.r:.3f} alpha={bg.alpha:.3f} a={bg.a:.3f} b={bg.b:.3f}, "
        f"log-likelihood {bg.log_likelihood:,.1f}",
        f"  Gamma-Gamma: p={gg.p:.3f} q={gg.q:.3f} v={gg.v:.3f} on {gg.n_customers:,} repeat buyers",
        f"  Next 90 days: {report.expected_purchases_90d:,.0f} purchases expected, "
        f"value {report.lifetime_value_90d:,.2f} {report.amounts.base}",
    ]
    if report.amounts.excluded_note():
        lines.append(f"  {report.amounts.excluded_note()}")
    auc = deals["cv_auc"]
    auc_text = "" if auc is None or math.isnan(auc) else f", cross-validated AUC {auc:.3f}"
    lines.append(f"  Deals: {deals['method']}{auc_text} on {deals['n_closed_deals']} closed deals; "
                 f"{report.n_deals_scored} open deals scored. {deals['note']}".rstrip())
    if report.n_customers_cleared:
        lines.append(f"  {report.n_customers_cleared:,} customers without orders up to "
                     f"{report.as_of} had their scores cleared.")
    lines.append(_timings(report.timings))
    return "\n".join(lines)


def _timings(timings: dict[str, float]) -> str:
    return ("Time: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in timings.items())
            + f" (total {sum(timings.values()):.2f} s).")
