"""The Chinese corpus (tests/data/corpus/zh): at least 800 labelled lines, every intent, and a frozen test split."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ZH = Path(__file__).resolve().parents[3] / "data" / "corpus" / "zh"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (ZH / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("split", ["test", "test_admin"])
def test_the_test_splits_are_frozen(split):
    digest = (ZH / f"{split}.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256((ZH / f"{split}.jsonl").read_bytes()).hexdigest() == digest


def test_team_admin_has_its_own_frozen_quarter():
    train, test = _rows("train"), _rows("test_admin")
    admin = ("set_role", "set_team", "deactivate_user", "reassign_work", "add_teammate")
    assert {row["intent"] for row in test} >= set(admin)
    assert not {row["text"] for row in train if str(row["template"]).startswith("admin-")} & {row["text"] for row in test}
    for intent in admin:
        tested = sum(row["intent"] == intent for row in test)
        assert 0.15 <= tested / (tested + sum(row["intent"] == intent for row in train)) <= 0.35


def test_800_utterances_cover_every_intent_and_no_sentence_is_on_both_sides():
    train, test = _rows("train"), _rows("test")
    assert len(train) + len(test) >= 800
    intents = {row["intent"] for row in train + test}
    assert {"log_activity", "create_deal", "move_deal", "update_deal", "show_deal", "open_ticket", "update_ticket",
            "show_ticket", "show_tickets", "show_customer", "show_top_customers", "show_pipeline", "show_segment",
            "add_customer", "remind", "show_reminders", "help", "undo", "cancel", "correct", "invite_customer",
            "invite_rep", "set_notify_via", "subscribe_digest", "unsubscribe_digest", "show_digest", "send_outreach",
            "show_outreach", "update_customer", "merge_customers", "add_contact", "update_contact", "delete_contact",
            "show_contacts", "unknown"} <= intents
    assert not {row["template"] for row in train} & {row["template"] for row in test}
    assert not {row["text"] for row in train} & {row["text"] for row in test}
