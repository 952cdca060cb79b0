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

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("day_report_questions.jsonl", "test_day_reports", seed=20261204,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl", "test_deal_ticket_questions.jsonl"),
                          what="questions"))
