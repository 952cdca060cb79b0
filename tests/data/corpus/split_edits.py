"""Splits, once, the labelled edits of deals, activities and tickets (issue 15 items 1, 4, 6: deal owner, next step,
currency and delete; an activity changed or deleted; ticket subject, customer, merge and internal notes) into train and
a fourth frozen test split.

The utterances were written first, in `edits.jsonl` beside this file, as reps type them, before any rule was tuned on
them. 25% of each intent go to `test_edits.jsonl`, by sentence (customer names and numbers masked, as split_new.py
does), fixed seed; the rest are appended to train.jsonl. Lines whose text the corpus already has are dropped first.
The input file is removed afterwards, so the test lines live only in the frozen split.

    python tests/data/corpus/split_edits.py

Run once: it refuses to run when test_edits.jsonl exists (test_edits.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("edits.jsonl", "test_edits", seed=20261215,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl", "test_deal_ticket_questions.jsonl"),
                          what="edits"))
