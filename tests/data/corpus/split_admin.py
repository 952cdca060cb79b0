"""Splits, once, the labelled team-admin commands (issue 15 item 7: add a teammate, change a role, teams and
territories, deactivate a user with their work reassigned, "give all of Bob's accounts to Maria") into train and a
frozen test split.

The utterances were written first, in `admin.jsonl` beside this file, as admins type them, before any rule was
written for them. 25% of each intent go to `test_admin.jsonl`, by sentence (customer names and numbers masked, as split_new.py
does), fixed seed; the rest are appended to train.jsonl. Lines whose text the corpus already has are dropped first.
The input file is removed afterwards, so the test lines live only in the frozen split.

    python tests/data/corpus/split_admin.py

Run once: it refuses to run when test_admin.jsonl exists (test_admin.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from split import split, write  # noqa: E402
from split_new import read, sentence_of  # noqa: E402

from crm_core.resolve import CustomerIndex, CustomerResolver  # noqa: E402

SOURCE, TEST = "admin.jsonl", "test_admin"
SEED = 20261204_7


def main() -> int:
    if (HERE / f"{TEST}.jsonl").exists():
        print(f"{TEST}.jsonl exists: the admin commands were split already (it is frozen)", file=sys.stderr)
        return 1
    known = {row["text"].strip().lower() for name in ("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl")
             for row in read(name)}
    fresh, seen = [], set()
    for row in read(SOURCE):
        key = row["text"].strip().lower()
        if key not in known and key not in seen:
            seen.add(key)
            fresh.append(row)
    with (HERE / "customers.csv").open(encoding="utf-8") as fh:
        resolver = CustomerResolver(CustomerIndex.from_names([row["name"] for row in csv.DictReader(fh)]))
    train, test = split([{**row, "template": sentence_of(row["text"], resolver)} for row in fresh], seed=SEED)
    write(HERE / f"{TEST}.jsonl", test)
    with (HERE / "train.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in train))
    digest = hashlib.sha256((HERE / f"{TEST}.jsonl").read_bytes()).hexdigest()
    (HERE / f"{TEST}.sha256").write_text(f"{digest}  {TEST}.jsonl\n", encoding="utf-8")
    (HERE / SOURCE).unlink()
    print(f"{len(fresh)} new admin commands: train +{len(train)}, "
          f"{TEST} {len(test)}; sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
