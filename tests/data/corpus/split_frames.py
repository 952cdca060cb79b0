"""Splits, once, issue 12's third batch of phrasings: activity narratives (calls, meetings, emails and notes with
follow-ups, typos, "w/", with and without a customer named), tickets opened with subjects and priorities said every
way, deal moves, and questions mixed with updates (deal, customer, ticket, pipeline questions that must never write),
plus edits, reminders, corrections and chatter.

The utterances were written in `frames.jsonl` beside this file before the parser was run on them. 25% of each intent
go to `test_frames.jsonl`, by sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_frames.py

Run once: it refuses to run when test_frames.jsonl exists (test_frames.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("frames.jsonl", "test_frames", seed=20261204_23,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl", "test_money.jsonl",
                                   "test_analytics.jsonl", "test_understanding.jsonl"),
                          what="phrasings (narratives, tickets, deal moves, questions mixed with updates)"))
