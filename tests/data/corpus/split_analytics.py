"""Splits, once, the labelled analytics phrasings (issue 15 item 9: "rescore now", "resegment", 重新评分; issue 14
item 5: "segment sizes", "how have segments moved this month", "who moved from champions to at risk") and their near
misses into train and a frozen test split.

The utterances were written in `analytics.jsonl` beside this file after the first rules (crm_core/nlp/
analytics_requests.py, crm_core/nlp/segment_reports.py) and before any rule was tuned on them. 25% of each intent go
to `test_analytics.jsonl`, by sentence, fixed seed; the rest are appended to train.jsonl (see freeze.py).

    python tests/data/corpus/split_analytics.py

Run once: it refuses to run when test_analytics.jsonl exists (test_analytics.sha256 freezes it; a test checks it).
"""
from __future__ import annotations

import sys

from freeze import freeze_split

if __name__ == "__main__":
    sys.exit(freeze_split("analytics.jsonl", "test_analytics", seed=20261204_9,
                          earlier=("all.jsonl", "train.jsonl", "test.jsonl", "test_new.jsonl",
                                   "test_deal_ticket_questions.jsonl", "test_edits.jsonl", "test_admin.jsonl",
                                   "test_day_reports.jsonl", "test_reminders.jsonl", "test_money.jsonl"),
                          what="analytics requests and segment reports"))
