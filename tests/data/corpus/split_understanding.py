"""Splits, once, the labelled phrasings of issue 12's second pass on intents: activity narratives with and without a
customer named ("sent them the contract", "called, left a vm, f/u friday"), digest, alert-channel and outreach
phrasings ("digest off", "change my alert channel to email", "reach out to at-risk customers: ..."), pipeline and
deal questions ("what's the weighted pipeline", "is hooli going to sign this month?") and chatter that shares the
CRM's words and must stay unknown ("deals deals deals", "did you see the news about litware?").

The utterances were written in `understanding.jsonl` beside this file before the intent model was retrained on them
and before any rule or threshold was looked at with them. 25% of each intent go to `test_understanding.jsonl`, by
sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_understanding.py

Run once: it refuses to run when test_understanding.jsonl exists (test_understanding.sha256 freezes it; a test checks
it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("understanding.jsonl", "test_understanding", seed=20261204_12,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl", "test_money.jsonl",
                                   "test_analytics.jsonl"),
                          what="intent phrasings (activity narratives, digest, alerts, outreach, chatter)"))
