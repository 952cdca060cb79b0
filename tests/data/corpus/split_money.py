"""Splits, once, the labelled money phrasings (issue 15 item 8: deals created or changed in a currency, "€20k",
"20k GBP", "¥3m", "₹5 lakh", "5 crore", "twenty thousand pounds"; exchange rates set or listed, "1 EUR = 1.08 USD",
"set the euro rate to 1.08", "exchange rates") and their near misses into train and a frozen test split.

The utterances were written in `money.jsonl` beside this file before any rule was tuned on them. 25% of each intent
go to `test_money.jsonl`, by sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_money.py

Run once: it refuses to run when test_money.jsonl exists (test_money.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("money.jsonl", "test_money", seed=20261204_8,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl"),
                          what="money phrasings"))
