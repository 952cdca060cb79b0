"""Splits, once, issue 12's fourth batch of phrasings, weighted to where the frozen splits scored lowest: team admin
(add, roles, teams, deactivations, bulk moves and questions about teammates), chatter that names a customer or a CRM
word and must write nothing, customers named by everyday words (Target, Apple, Summit, Beacon), my-day and report
questions, narratives ("they signed off on pricing, legal next"), plus moves, edits, tickets and reminders on them.

The utterances were written in `words.jsonl` beside this file before the parser was run on them. 25% of each intent
go to `test_words.jsonl`, by sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_words.py

Run once: it refuses to run when test_words.jsonl exists (test_words.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("words.jsonl", "test_words", seed=20261205_07,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl", "test_money.jsonl",
                                   "test_analytics.jsonl", "test_understanding.jsonl", "test_frames.jsonl"),
                          what="phrasings (team admin, chatter naming customers, everyday-word customers, my day, reports)"))
