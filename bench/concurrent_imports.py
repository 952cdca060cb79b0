"""Duplicates from concurrent writers: N `import customers` of the same 10,000 names at once (each file in
its own order), then chat "add customer" racing an import of 300 names. Prints the duplicate counts.

    python bench/concurrent_imports.py --db postgres [--rows 10000] [--imports 4] [--racers 300]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database

from crm_core import bus
from crm_core import commands as c
from crm_core.db import database
from crm_core.imports import import_customers
from crm_core.models import Customer, User


def duplicates() -> int:
    """Rows beyond the first of each normalised name."""
    with database.connection_context():
        rows = Customer.select().count()
        distinct = Customer.select(Customer.name_norm).distinct().count()
    return rows - distinct


def in_threads(*targets) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(target):
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - counted and printed
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def write(path: Path, names: list[str]) -> Path:
    path.write_text("name,email\n" + "".join(f"{n},{n.lower().replace(' ', '.')}@example.com\n" for n in names))
    return path


def concurrent_imports(folder: Path, rows: int, imports: int) -> None:
    names = [f"Customer {i:06d}" for i in range(rows)]
    files = [write(folder / f"c{k}.csv", random.Random(k).sample(names, rows)) for k in range(imports)]
    started = time.perf_counter()
    errors = in_threads(*(lambda p=p: import_customers(p) for p in files))
    print(f"{imports} concurrent imports of {rows:,} rows: {duplicates():,} duplicate customers, "
          f"{len(errors)} failed imports, {time.perf_counter() - started:.1f} s")
    for error in errors[:3]:
        print(f"  {type(error).__name__}: {str(error)[:160]}")


def chat_racing_import(folder: Path, racers: int) -> None:
    with database.connection_context():
        Customer.delete().execute()
        rep = User.create(name="Bench Rep", role="rep")
    names = [f"Racer {i:04d}" for i in range(racers)]
    path = write(folder / "racers.csv", names)
    answers: list = []

    def chat():
        for name in names:
            answers.append(bus.handle(c.AddCustomer(customer=name), rep))

    errors = in_threads(chat, lambda: import_customers(path))
    doubled = duplicates()
    print(f"chat add of {racers} customers racing their import: {doubled} of {racers} doubled, "
          f"{len(errors)} failed imports")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--imports", type=int, default=4)
    parser.add_argument("--racers", type=int, default=300)
    args = parser.parse_args()
    with scratch_database(args.db), tempfile.TemporaryDirectory() as folder:
        concurrent_imports(Path(folder), args.rows, args.imports)
        chat_racing_import(Path(folder), args.racers)


if __name__ == "__main__":
    main()
