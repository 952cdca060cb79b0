"""Bench: the scoring job's read of per-customer order aggregates on PostgreSQL, with every order in the base
currency (amounts summed as they are) and converting by currency (issue 16 item 2), on the covering index of
migration 0031 (customer_id, date, amount, currency).

    python bench/analytics_currency_read.py [CUSTOMERS] [ORDERS]     (default 200,000 and 2,000,000)

Measured 2026-12-05 at 200k customers / 2M orders, load average ~5 on 2 CPUs, second of two runs: base only
2.64 s, converting 3.08 s; with migration 0003's index (no currency) converting took 8.4-13.0 s.
"""
import datetime as dt
import sys
import time
import uuid

import psycopg2

import analytics_db as bench
import analytics_db_data as data


def main() -> None:
    n_customers, n_orders = (int(a) for a in (sys.argv[1:3] or ("200000", "2000000")))
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(bench.POSTGRES_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = f"{bench.POSTGRES_URL}?options=-csearch_path%3D{schema}"
        print(bench.child_load(url, n_customers, n_orders, 0), flush=True)
        measure(url)
    finally:
        admin.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')


def measure(url: str) -> None:
    from crm_core import db as crm_db
    from crm_core.analytics.jobs_currency import BaseAmounts
    from crm_core.analytics.jobs_read import read_order_aggregates

    db = crm_db.init(url)
    then = data.AS_OF - dt.timedelta(days=90)
    runs = (("base only", BaseAmounts("USD", False)), ("converting", BaseAmounts("USD", True, {"EUR": "1.08"})))
    with db.connection_context():
        for label, amounts in runs * 2:
            start = time.perf_counter()
            frame = read_order_aggregates(data.AS_OF, then=then, amounts=amounts)
            print(f"{label:<11} {time.perf_counter() - start:.2f} s, {len(frame):,} customers", flush=True)


if __name__ == "__main__":
    main()
