"""Pruning processed_events: seconds to delete the ids older than 7 days among N rows (half of them old).

    python bench/prune_events.py [--rows 200000] [--only sqlite|postgres]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import scratch_database  # noqa: E402

from crm_core.models import ProcessedEvent, utcnow  # noqa: E402
from workers.actors.maintenance import prune_events  # noqa: E402

CHUNK = 5_000


def fill(rows: int) -> None:
    now = utcnow()
    for start in range(0, rows, CHUNK):
        batch = [{"source": "telegram", "event_id": str(n),
                  "received_at": now - timedelta(days=14 * (n % 2), minutes=n % 1000)}  # every other one is old
                 for n in range(start, min(rows, start + CHUNK))]
        with ProcessedEvent._meta.database.atomic():
            ProcessedEvent.insert_many(batch).execute()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    for kind in [args.only] if args.only else ["sqlite", "postgres"]:
        with scratch_database(kind):
            fill(args.rows)
            began = time.perf_counter()
            removed = prune_events(utcnow())
            seconds = time.perf_counter() - began
            began = time.perf_counter()
            again = prune_events(utcnow())
            idle = time.perf_counter() - began
            print(f"{kind}: pruned {removed:,} of {args.rows:,} rows in {seconds:.2f} s "
                  f"({removed / seconds:,.0f} rows/s); a second run found {again} in {idle * 1000:.1f} ms")


if __name__ == "__main__":
    main()
