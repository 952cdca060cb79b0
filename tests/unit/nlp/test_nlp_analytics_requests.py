"""'rescore now' / 'resegment' (and 重新评分 / 重新分群) ask for the job; a sentence that only mentions scores does not."""
from __future__ import annotations

from datetime import datetime

import pytest

from crm_core.commands import RunAnalytics
from crm_core.nlp_commands import parse

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.mark.parametrize("text, job", [
    ("rescore now", "score"), ("Rescore now!", "score"), ("update the scores", "score"),
    ("please rescore all customers", "score"), ("refresh the churn scores", "score"), ("重新评分", "score"),
    ("resegment", "segment"), ("recompute segments", "segment"), ("can you re-run the segmentation now?", "segment"),
    ("重新分群", "segment"), ("更新一下客户分群吧", "segment"),
])
def test_the_job_asked_for_runs_with_the_words_that_named_it(text, job):
    said = parse(text, NOW, None)
    assert said.to_command() == RunAnalytics(job=job) and said.frame.action == "act"
    start, end = said.frame.evidence["job"].span
    assert text[start:end] == said.frame.evidence["job"].text


@pytest.mark.parametrize("text", ["segment sizes", "show me the scores", "they asked us to rescore their list",
                                  "update scores for acme", "log a call with acme about their churn scores",
                                  "customers in the at risk segment"])
def test_a_message_that_only_mentions_scores_or_segments_runs_nothing(text):
    assert parse(text, NOW, None).intent != "run_analytics"
