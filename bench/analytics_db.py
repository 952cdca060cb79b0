"""Bench: segmentation and scoring end to end on 1,000,000 customers and 10,000,000 orders, on
PostgreSQL and SQLite, reading from and writing back to the database.

    python bench/analytics_db.py [--customers N] [--orders N] [--deals N] [--only sqlite|postgres]
                                 [--postgres URL]

For each database: load the data (COPY / one executemany transaction, then ANALYZE), then run in
order segmentation (first run: every customer is assigned), segmentation again (steady state: the
same as-of date, so nobody moves), and scoring. Each step runs in a child process of its own and
prints read / compute / write seconds and the child's peak resident memory (ru_maxrss); the parent
imports neither pandas nor the CRM, so the children start small (Linux carries ru_maxrss over fork).
Goal: <= 60 s per job, peak memory <= 2 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
STEPS = ("segment", "segment", "score")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_load(url: str, n_customers: int, n_orders: int, n_deals: int) -> dict:
    from crm_core import db as crm_db
    from crm_core import migrate
    from crm_core.db import is_postgres

    import analytics_db_data as data

    db = crm_db.init(url)
    migrate.upgrade(db)
    figures: dict[str, float] = {}
    start = time.perf_counter()
    data.load("customers", data.customers(n_customers))
    figures["customers_s"] = time.perf_counter() - start
    start = time.perf_counter()
    rows = data.load("orders", data.orders(n_customers, n_orders))
    figures["orders_s"] = time.perf_counter() - start
    start = time.perf_counter()
    if n_deals:
        deals, history, activities = data.deals(n_deals, n_customers)
        data.load("deals", [deals])
        data.load("deal_stage_changes", [history])
        data.load("activities", [activities])
    figures["deals_s"] = time.perf_counter() - start
    start = time.perf_counter()
    db.execute_sql("VACUUM ANALYZE" if is_postgres() else "ANALYZE")
    figures["analyze_s"] = time.perf_counter() - start
    db.close()
    return {**figures, "orders": rows, "as_of": data.AS_OF.isoformat(), "peak_mb": peak_mb()}


def child_job(url: str, job: str, as_of: str) -> dict:
    from crm_core import db as crm_db
    from crm_core.analytics.jobs import run_scoring, run_segmentation

    db = crm_db.init(url)
    baseline = peak_mb()
    start = time.perf_counter()
    with db.connection_context():
        report = run_segmentation(as_of) if job == "segment" else run_scoring(as_of)
    wall = time.perf_counter() - start
    body = report.to_dict()
    summary = ({"k": body["k"], "counts": body["counts"], "n_moved": body["n_moved"],
                "first_assignments": sum(m["customers"] for m in body["moves"] if m["from_segment"] is None)}
               if job == "segment" else
               {"bgnbd": {k: round(v, 4) if isinstance(v, float) else v for k, v in body["bgnbd"].items()},
                "deal_model": {k: body["deal_model"][k] for k in ("method", "cv_auc", "n_closed_deals",
                                                                   "n_open_scored")},
                "customers_scored": body["counts"]["customers_scored"]})
    return {"job": job, "wall_s": wall, "timings": body["timings"], "baseline_mb": baseline,
            "peak_mb": peak_mb(), **summary}


@contextmanager
def scratch(kind: str, postgres_url: str) -> Iterator[str]:
    """A database URL: a temporary SQLite file, or a throwaway PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    import psycopg2

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(postgres_url)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres_url}?options=-csearch_path%3D{schema}"
    finally:
        admin.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def run_child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"child {args[:2]} failed")
    return json.loads(result.stdout.splitlines()[-1])


def report_job(kind: str, label: str, r: dict) -> None:
    t = r["timings"]
    print(f"{kind:<8} {label:<16} total {t['total']:6.1f} s = read {t['read']:5.1f} + compute "
          f"{t['compute']:5.1f} + write {t['write']:5.1f} | peak RSS {r['peak_mb']:,.0f} MB "
          f"(after imports {r['baseline_mb']:,.0f} MB) | load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs", flush=True)
    if r["job"] == "segment":
        print(f"{'':<26}k={r['k']} {r['counts']}; first assignments {r['first_assignments']:,}, "
              f"moved {r['n_moved']:,}", flush=True)
    else:
        print(f"{'':<26}BG/NBD {r['bgnbd']}; deals {r['deal_model']}; "
              f"{r['customers_scored']:,} customers scored", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--deals", type=int, default=20_000)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, url, *rest = args.child
        out = (child_load(url, args.customers, args.orders, args.deals) if step == "load"
               else child_job(url, step, rest[0]))
        print(json.dumps(out))
        return 0
    print(f"{args.customers:,} customers, {args.orders:,} orders, {args.deals:,} deals", flush=True)
    for kind in (args.only,) if args.only else ("postgres", "sqlite"):
        with scratch(kind, args.postgres) as url:
            size = ["--customers", str(args.customers), "--orders", str(args.orders),
                    "--deals", str(args.deals)]
            load = run_child("load", url, *size)
            print(f"{kind:<8} load: customers {load['customers_s']:.1f} s, {load['orders']:,} orders "
                  f"{load['orders_s']:.1f} s, deals {load['deals_s']:.1f} s, analyze "
                  f"{load['analyze_s']:.1f} s (peak RSS {load['peak_mb']:,.0f} MB)", flush=True)
            for i, job in enumerate(STEPS):
                label = {0: "segment (first)", 1: "segment (again)", 2: "score"}[i]
                report_job(kind, label, run_child(job, url, load["as_of"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
