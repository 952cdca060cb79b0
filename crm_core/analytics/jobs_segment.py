"""The segmentation job: RFM from orders and won deals (aggregated in SQL), k-means, bulk write-back.

Each customer with a purchase on or before `as_of` gets a `segment`; customers whose purchases all
fall after `as_of` lose theirs. Only customers whose segment changes are written: their
`segment_at` becomes the run's time (so it reads "in this segment since"), and the change is a
`segment_changes` row of the run, so a digest can say "12 customers moved to at_risk". The run
itself, with its time and as-of date, is a `model_runs` row. Re-running for the same data writes
nothing: at a million customers a rewrite of every row would cost more than the whole computation.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from crm_core.analytics.errors import AnalyticsError
from crm_core.i18n import _, long_date
from crm_core.analytics.jobs_common import Timings, failures_recorded, resolve_as_of, today
from crm_core.analytics.jobs_currency import BaseAmounts, base_amounts
from crm_core.analytics.jobs_read import check_dates, read_order_aggregates, read_won_deal_days, rfm_inputs
from crm_core.analytics.jobs_sql import (
    drop_temp_table, execute, load_temp_table, lock_job, query_frame, raise_work_mem, sql,
)
from crm_core.analytics.jobs_tables import finish_run, record_run
from crm_core.analytics.rfm import SegmentationResult, segment
from crm_core.analytics.rfm_map import RFM_SEGMENTS as SEGMENTS, map_result
from crm_core.db import database
from crm_core.models import utcnow

TEMP = "analytics_segments"
METHODS = ("rfm", "kmeans")  # the quantile RFM map (default), or k-means clusters with their silhouette
NONE = "none"  # how "no segment" is shown in reports


@dataclass(frozen=True)
class SegmentMove:
    from_segment: str | None
    to_segment: str | None
    customers: int


@dataclass
class SegmentationReport:
    run_id: int
    as_of: dt.date
    finished_at: dt.datetime
    method: str
    k: int
    silhouette: float | None
    n_customers: int  # customers segmented
    counts: dict[str, int]  # customers per segment, canonical order
    moves: list[SegmentMove]  # segment changes of this run, first assignments included
    n_cleared: int  # customers who lost their segment (no purchase on or before as_of)
    centroids: list[dict]
    amounts: BaseAmounts  # the currency conversion, and the orders and won deals left out for want of a rate
    timings: Timings = field(default_factory=Timings)

    @property
    def n_moved(self) -> int:
        """Customers who moved from one segment to another (first assignments not counted)."""
        return sum(m.customers for m in self.moves if m.from_segment and m.to_segment)

    def moved_to(self) -> dict[str, int]:
        """Customers who moved into each segment from another one."""
        totals: dict[str, int] = {}
        for m in self.moves:
            if m.from_segment and m.to_segment:
                totals[m.to_segment] = totals.get(m.to_segment, 0) + m.customers
        return totals

    def to_dict(self) -> dict:
        return {
            "kind": "segment", "run_id": self.run_id, "as_of": self.as_of.isoformat(),
            "finished_at": self.finished_at.isoformat(timespec="seconds"), "method": self.method, "k": self.k,
            "silhouette": self.silhouette, "n_customers": self.n_customers, "counts": self.counts,
            "n_moved": self.n_moved, "moved_to": self.moved_to(),
            "moves": [asdict(m) for m in self.moves], "n_cleared": self.n_cleared,
            "centroids": self.centroids, "currency": self.amounts.to_dict(),
            "timings": {**self.timings, "total": self.timings.total},
        }


def run_segmentation(as_of: dt.date | str | None = None, k: int | None = None,
                     method: str | None = None) -> SegmentationReport:
    """Segment every customer with purchases on or before `as_of` (default today) and store it:
    by the RFM map on quantile scores, or by k-means when asked for (`method="kmeans"` or a `k`).

    Raises AnalyticsError (and writes nothing but a failed-run row) when the data cannot be
    segmented: no purchases, too few customers, customers all alike, bad amounts or dates.
    """
    as_of = resolve_as_of(as_of)
    method = method or ("kmeans" if k is not None else "rfm")
    if method not in METHODS:
        raise AnalyticsError(_("Unknown segmentation method {method!r}.").format(method=method),
                             _("Use rfm or kmeans."))
    params = {"as_of": as_of.isoformat(), "k": k, "method": method}
    timings = Timings()
    with failures_recorded("segment", as_of, params):
        started = utcnow()
        with timings.step("read"):
            check_dates(as_of, today())
            amounts = base_amounts(as_of).with_won_deals(as_of)
            orders = read_order_aggregates(as_of, first_day_total=False, amounts=amounts)
            features = rfm_inputs(as_of, orders, read_won_deal_days(as_of, amounts))
        with timings.step("compute"):
            check_segmentable(features, as_of)
            result = segment(features, k=k) if method == "kmeans" else map_result(features)
        with timings.step("write"):
            report = _write(result, as_of, started, params, timings, method, amounts)
    finish_run(report.run_id, report.to_dict())
    return report


def check_segmentable(features: pd.DataFrame, as_of: dt.date) -> None:
    if features.empty:
        raise AnalyticsError(_("No orders or won deals on or before {day}: nothing to segment.").format(
            day=long_date(as_of)), _("Import orders (crm import orders FILE) or pick a later date."))
    values = features.to_numpy(np.float64)
    if len(features) > 1 and (values == values[0]).all():
        raise AnalyticsError(
            _("All {n} customers have the same recency, frequency and spend, so there is nothing to tell "
              "segments apart.").format(n=len(features)),
            _("Segment again once purchase histories differ; the previous segments are kept."))


def _write(result: SegmentationResult, as_of: dt.date, started: dt.datetime, params: dict,
           timings: Timings, method: str, amounts: BaseAmounts) -> SegmentationReport:
    now = utcnow()
    with database.atomic():
        lock_job("segment")
        raise_work_mem()
        run_id = record_run("segment", as_of, started, now, "succeeded", params)
        moves, cleared = write_segments(result.labels, as_of, now, run_id)
    counts = result.labels.value_counts()
    return SegmentationReport(
        run_id=run_id, as_of=as_of, finished_at=now, method=method, k=result.k,
        silhouette=None if math.isnan(result.silhouette) else round(result.silhouette, 4),
        n_customers=len(result.labels),
        counts={s: int(counts[s]) for s in SEGMENTS if s in counts.index},
        moves=moves, n_cleared=cleared, centroids=_centroids(result), amounts=amounts, timings=timings,
    )


def write_segments(labels: pd.Series, as_of: dt.date, now: dt.datetime, run_id: int
                   ) -> tuple[list[SegmentMove], int]:
    """Store `labels` (segment by customer id), clear the segment of customers not in it, and
    record the changes; inside the caller's transaction. Returns the moves and the cleared count."""
    frame = pd.DataFrame({"customer_id": labels.index.to_numpy(np.int64), "segment": labels.to_numpy()})
    load_temp_table(TEMP, {"customer_id": "integer", "segment": "varchar(32)"}, frame)
    cleared = execute(
        f"INSERT INTO {TEMP} (customer_id, segment) SELECT c.id, NULL FROM customers c "
        f"WHERE c.segment IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {TEMP} t WHERE t.customer_id = c.id)")
    changed = sql("c.segment IS DISTINCT FROM t.segment", "c.segment IS NOT t.segment")
    execute(sql(
        "INSERT INTO segment_changes (customer_id, run_id, from_segment, to_segment, as_of, changed_at) "
        f"SELECT c.id, %s, c.segment, t.segment, %s, %s FROM {TEMP} t "
        f"JOIN customers c ON c.id = t.customer_id WHERE {changed}"), (run_id, as_of, now))
    execute(sql(f"UPDATE customers SET segment = t.segment, segment_at = %s FROM {TEMP} t "
                "WHERE customers.id = t.customer_id AND customers.segment IS DISTINCT FROM t.segment",
                f"UPDATE customers SET segment = t.segment, segment_at = ? FROM {TEMP} t "
                "WHERE customers.id = t.customer_id AND customers.segment IS NOT t.segment"), (now,))
    drop_temp_table(TEMP)
    return read_moves(run_id), max(cleared, 0)


def read_moves(run_id: int) -> list[SegmentMove]:
    rows = query_frame(sql("SELECT from_segment, to_segment, COUNT(*) FROM segment_changes "
                           "WHERE run_id = %s GROUP BY from_segment, to_segment"),
                       (run_id,), ("from_segment", "to_segment", "customers"))
    order = {s: i for i, s in enumerate(SEGMENTS)}
    moves = [SegmentMove(_name(f), _name(t), int(n)) for f, t, n in rows.itertuples(index=False)]
    return sorted(moves, key=lambda m: (order.get(m.to_segment, 99), -m.customers))


def _name(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _centroids(result: SegmentationResult) -> list[dict]:
    table = result.centroids[["segment", "n_customers", "recency_days", "frequency", "monetary"]]
    return [{"segment": str(r.segment), "n_customers": int(r.n_customers),
             "recency_days": round(float(r.recency_days), 1), "frequency": round(float(r.frequency), 2),
             "monetary": round(float(r.monetary), 2)} for r in table.itertuples(index=False)]
