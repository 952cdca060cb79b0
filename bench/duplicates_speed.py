"""`crm duplicates` on a large book: N synthetic customers (made-up words of 2-3 syllables and a trade word:
"Kalomi Labs", "Venri Dobel Foods") with K planted near-duplicates (a typo, a dropped
word, another legal suffix, the same phone). Prints the time, the pairs listed and how many planted ones were found.

    python bench/duplicates_speed.py --db sqlite [--customers 50000] [--planted 200]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import scratch_database

from crm_core.db import database
from crm_core.models import Customer
from crm_core.names import normalize_name
from crm_core.services.duplicates import find_duplicates

SYLLABLES = "ka lo mi ra ten vor bel dun si qua zen tor pex lin mar co ni sa ber tho gal ven ri do us an el".split()
KINDS = "Labs Foods Logistics Analytics Robotics Media Health Systems Traders Partners Studio Works".split()


def planted_copy(name: str, rng: random.Random) -> str:
    words = name.split()
    how = rng.randrange(3)
    if how == 0:  # a typo in the first word
        w = words[0]
        k = rng.randrange(1, len(w))
        words[0] = w[:k - 1] + w[k] + w[k - 1] + w[k + 1:]
    elif how == 1:  # singular / plural of the last word
        words[-1] = words[-1][:-1] if words[-1].endswith("s") else words[-1] + "s"
    else:  # a word dropped
        words = words[:-1] if len(words) > 2 else words + ["Group"]
    return " ".join(words)


def seed(n: int, planted: int, rng: random.Random) -> set[frozenset[str]]:
    names: set[str] = set()
    while len(names) < n:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                 for _ in range(rng.randint(1, 2))]
        names.add(" ".join(words + [rng.choice(KINDS)]))
    rows = [{"name": nm, "name_norm": normalize_name(nm), "phone": f"+1555{i:07d}"} for i, nm in enumerate(names)]
    pairs = set()
    for original in rng.sample(rows, planted):
        copy = planted_copy(original["name"], rng)
        if normalize_name(copy) in {r["name_norm"] for r in rows[-planted:]} or copy in names:
            continue
        names.add(copy)
        rows.append({"name": copy, "name_norm": normalize_name(copy), "phone": None})
        pairs.add(frozenset((original["name"], copy)))
    unique = {r["name_norm"]: r for r in rows}.values()
    for start in range(0, len(unique), 1000):
        Customer.insert_many(list(unique)[start:start + 1000]).execute()
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--planted", type=int, default=200)
    args = parser.parse_args()
    with scratch_database(args.db), database.connection_context():
        planted = seed(args.customers, args.planted, random.Random(7))
        started = time.perf_counter()
        pairs = find_duplicates(min_score=0.8, limit=10_000)
        seconds = time.perf_counter() - started
        listed = {frozenset((p.first.name, p.second.name)) for p in pairs}
        total = Customer.select().count()
    found = len(planted & listed)
    print(f"{args.db}: {total} customers, {len(planted)} planted duplicates: crm duplicates took {seconds:.2f} s, "
          f"listed {len(pairs)} pairs (score >= 0.80), found {found}/{len(planted)} planted "
          f"({found / max(len(planted), 1):.0%}); {len(listed - planted)} other pairs")


if __name__ == "__main__":
    main()
