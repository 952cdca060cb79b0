"""Bench: import a 1,000,000-row orders CSV (100,000 customers) into SQLite and PostgreSQL.

    python bench/import_orders.py [--rows N] [--customers N] [--postgres URL] [--skip-postgres]

Prints, per database: rows/s of the first import, the time of a second import of the same file (which
adds nothing), and the peak resident memory of the process that imported. Writing the file and each
import run in child processes of their own: Linux carries ru_maxrss across fork and exec, so the
parent imports neither pandas nor the CRM and stays small."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def write_csv(path: Path, rows: int, customers: int, seed: int = 1) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    names = pd.Series(np.arange(customers)).map("Company {:06d} Ltd".format).to_numpy()
    today = np.datetime64(dt.date.today(), "D")
    days = today - rng.integers(0, 730, rows)
    dates = pd.Series(np.datetime_as_string(days, unit="D"))
    compact = rng.random(rows) < 0.1  # a tenth of the dates as YYYYMMDD
    dates[compact] = dates[compact].str.replace("-", "", regex=False)
    amounts = pd.Series(np.round(rng.lognormal(4, 1, rows), 2)).map("{:.2f}".format)
    bad = rng.random(rows) < 0.001  # a few bad amounts, reported and skipped
    amounts[bad] = "n/a"
    frame = pd.DataFrame({"customer": names[rng.integers(0, customers, rows)], "date": dates, "amount": amounts})
    frame.to_csv(path, index=False)


def run_child(target: str, csv_path: Path, url: str) -> dict:
    """Import the file twice into a scratch database of `target`; figures as a dict."""
    from crm_core import db as crm_db
    from crm_core import migrate
    from crm_core.imports import import_orders

    schema = None
    if target == "sqlite":
        db = crm_db.open_database(f"sqlite:///{csv_path.parent / 'bench.db'}")
    else:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = crm_db.open_database(url)
        admin.execute_sql(f'CREATE SCHEMA "{schema}"')
        db = crm_db.open_database(url)
        db.init(db.database, **{**db.connect_params, "options": f"-csearch_path={schema}"})
    try:
        migrate.upgrade(db)
        crm_db.database.initialize(db)
        baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        first = import_orders(csv_path)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = import_orders(csv_path)
        second_s = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        db.close()
        if schema:
            admin.execute_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.close()
    return {"target": target, "rows": first.rows_read, "created": first.created, "bad": first.bad,
            "customers_created": first.customers_created, "first_s": first_s, "second_s": second_s,
            "second_created": second.created, "baseline_mb": baseline_kb / 1024, "peak_mb": peak_kb / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("TARGET", "CSV"), help=argparse.SUPPRESS)
    parser.add_argument("--write", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_csv(Path(args.write), args.rows, args.customers)
        return 0
    if args.child:
        print(json.dumps(run_child(args.child[0], Path(args.child[1]), args.postgres)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "orders.csv"
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--customers", str(args.customers),
                        "--write", str(csv_path)], check=True)
        print(f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.1f} MB, {args.customers:,} customers) "
              f"in {time.perf_counter() - start:.1f} s")
        for target in ("sqlite",) if args.skip_postgres else ("sqlite", "postgres"):
            out = subprocess.run([sys.executable, __file__, "--postgres", args.postgres, "--child", target,
                                  str(csv_path)], check=True, capture_output=True, text=True).stdout
            r = json.loads(out.splitlines()[-1])
            print(f"{target:<8} first import {r['first_s']:6.1f} s = {r['rows'] / r['first_s']:9,.0f} rows/s "
                  f"({r['created']:,} orders, {r['customers_created']:,} customers, {r['bad']:,} bad rows) | "
                  f"re-import {r['second_s']:5.1f} s, {r['second_created']} added | "
                  f"peak RSS {r['peak_mb']:.0f} MB (after imports of modules: {r['baseline_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
