"""Splits, once, issue 12's fifth batch ("Understanding II"): phrasings written as reps type them (lowercase, typos,
w/ f/u tmr eow, no punctuation, half sentences, long narratives, two commands in one message, questions that name
stages and amounts) across every intent, with chatter that names a customer or a CRM word and must write nothing.

The utterances were written in `varied.jsonl` beside this file before the parser was run on them. 25% of each intent
go to `test_varied.jsonl`, by sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_varied.py

Run once: it refuses to run when test_varied.jsonl exists (test_varied.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("varied.jsonl", "test_varied", seed=20261205_11,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl", "test_money.jsonl",
                                   "test_analytics.jsonl", "test_understanding.jsonl", "test_frames.jsonl",
                                   "test_words.jsonl"),
                          what="phrasings (every intent as reps type them, chatter naming customers)"))
