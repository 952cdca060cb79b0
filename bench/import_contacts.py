"""Bench: `crm import contacts` of N contacts at 2,000 customers, then the same file again (it adds nothing).

    python bench/import_contacts.py [--rows 20000] [--db sqlite|postgres|both]

Prints rows/s of the first import, the time of the re-import and the row counts before and after it."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database

from crm_core.db import database
from crm_core.imports import import_contacts
from crm_core.models import Contact, Customer
from crm_core.names import normalize_name

CUSTOMERS = 2_000


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("name,customer,title,email,phone\n")
        for n in range(rows):
            bad = n % 100 == 99  # 1% of the rows name a customer nobody knows
            customer = "Nobody Known" if bad else f"Company {n % CUSTOMERS:05d}"
            out.write(f"Person {n:06d},{customer},Buyer,person{n}@example.com,+1 555 {n % 10000:04d}\n")


def run(kind: str, rows: int) -> None:
    with scratch_database(kind), tempfile.TemporaryDirectory() as folder:
        with database.connection_context():
            Customer.insert_many([{"name": f"Company {n:05d}", "name_norm": normalize_name(f"Company {n:05d}")}
                                  for n in range(CUSTOMERS)]).execute()
        path = Path(folder) / "contacts.csv"
        write_csv(path, rows)
        start = time.perf_counter()
        first = import_contacts(path)
        took = time.perf_counter() - start
        with database.connection_context():
            before = Contact.select().count()
        start = time.perf_counter()
        again = import_contacts(path)
        took_again = time.perf_counter() - start
        with database.connection_context():
            after = Contact.select().count()
        print(f"{kind}: {rows:,} rows in {took:.2f} s ({rows / took:,.0f} rows/s): {first.summary()}; "
              f"re-import {took_again:.2f} s: {again.summary()}; contacts {before:,} -> {after:,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    for kind in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        run(kind, args.rows)


if __name__ == "__main__":
    main()
