"""Splits, once, the labelled reminder changes (issue 15 item 5: done, snooze, move and cancel a reminder already
set, named by its text, its customer or its number) and their near misses into train and a frozen test split.

The utterances were written in `reminders.jsonl` beside this file after the first rules (crm_core/nlp/
reminder_edits.py) and before any rule was tuned on them. 25% of each intent go to `test_reminders.jsonl`, by
sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_reminders.py

Run once: it refuses to run when test_reminders.jsonl exists (test_reminders.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("reminders.jsonl", "test_reminders", seed=20261204_5,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl"),
                          what="reminder changes"))
