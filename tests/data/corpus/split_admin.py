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

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("admin.jsonl", "test_admin", seed=20261204_7,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl", "test_deal_ticket_questions.jsonl", "test_edits.jsonl"),
                          what="admin commands"))
