"""Splits, once, the labelled customer, my-day and report questions of issue 14 (items 3-5: a customer's timeline,
customer lists, top customers over a period, what's on my plate, overdue follow-ups, deals to touch, and the
reports: leaderboard, win rate, deal size, sales cycle, funnel, forecast, activity, tickets, revenue by month) into
train and a fourth frozen test split.

The questions were written first, in `day_report_questions.jsonl` beside this file, before any rule was tuned on
them. 25% of each intent go to `test_day_reports.jsonl`, by sentence (customer names and numbers masked, as
split_new.py does), fixed seed; the rest are appended to train.jsonl. Lines whose text the corpus already has are
dropped first. The input file is removed afterwards, so the test lines live only in the frozen split.

    python tests/data/corpus/split_reports.py

Run once: the test split is frozen afterwards (test_day_reports.sha256; a test checks it).
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

SOURCE, TEST = "day_report_questions.jsonl", "test_day_reports"
SEED = 20261204
EARLIER = ("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl", "test_deal_ticket_questions.jsonl")


def main() -> int:
    if (HERE / f"{TEST}.jsonl").exists() or not (HERE / SOURCE).exists():
        print(f"{TEST}.jsonl exists: the questions were split already (it is frozen)", file=sys.stderr)
        return 1
    known = {row["text"].strip().lower() for name in EARLIER for row in read(name)}
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
    print(f"{len(fresh)} new questions: train +{len(train)}, {TEST} {len(test)}; sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
