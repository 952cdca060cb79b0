"""Splits, once, the labelled deal and ticket questions (issue 14: deal lists with their filters, the deal card,
ticket lists and the ticket card) into train and a third frozen test split.

The questions were written first, in `deal_ticket_questions.jsonl` beside this file, before any rule was tuned on
them. 25% of each intent go to `test_deal_ticket_questions.jsonl`, by sentence (customer names and numbers masked,
as split_new.py does), fixed seed; the rest are appended to train.jsonl. Lines whose text the corpus already has are
dropped first. The input file is removed afterwards, so the test lines live only in the frozen split.

    python tests/data/corpus/split_questions.py

Run once: the test split is frozen afterwards (test_deal_ticket_questions.sha256; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("deal_ticket_questions.jsonl", "test_deal_ticket_questions", seed=20261214,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl"),
                          what="questions"))
