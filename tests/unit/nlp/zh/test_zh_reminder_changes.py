"""A reminder already set is done, cancelled, moved or snoozed in Chinese (issue 15 item 5 for issue 17's team);
"提醒我 …" still sets a new one, and "我的提醒" still lists them."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from tests.bots.test_console import chat
from tests.unit.nlp.zh.test_zh_parse import resolver, said  # noqa: F401  (resolver is a fixture)


@pytest.mark.parametrize("text, intent, slots", [
    ("Acme的提醒完成了", "complete_reminder", {"reminder": "Acme"}),
    ("把发票那个提醒标记完成", "complete_reminder", {"reminder": "发票"}),
    ("取消Globex的提醒", "cancel_reminder", {"reminder": "Globex"}),
    ("删掉12号提醒", "cancel_reminder", {"reminder_id": 12}),
    ("把Acme的提醒推迟到周一", "move_reminder", {"reminder": "Acme", "when": "2026-11-30"}),
    ("Initech的跟进改到明天下午3点", "move_reminder", {"reminder": "Initech", "when": "2026-11-26T15:00"}),
    ("提醒往后推一小时", "snooze_reminder", {"hours": 1}),
    ("稍后再提醒我 半小时", "snooze_reminder", {"minutes": 30}),
    ("Acme的提醒推迟两天", "snooze_reminder", {"reminder": "Acme", "days": 2}),
    ("提醒我明天取消Acme的合同", "remind", {"customer": "Acme Corporation", "when": "2026-11-26"}),
    ("我的提醒", "show_reminders", {}),
])
def test_reminder_changes_in_chinese(resolver, text, intent, slots):  # noqa: F811
    assert said(text, resolver) == (intent, slots)


def test_in_the_console_a_chinese_speaker_moves_snoozes_and_cancels_by_name(tmp_path):
    result = chat(tmp_path, ["add customer Acme Corporation", "add customer Globex Ltd", "说中文",
                             "提醒我下周一给Acme打电话", "提醒我后天寄发票给Globex",
                             "发票那个提醒稍后再提醒 半小时", "取消Acme的提醒"])
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        rows = dict(db.execute("SELECT text, status FROM reminders").fetchall())
        snoozed = db.execute("SELECT due_at, created_at FROM reminders WHERE text LIKE '%发票%'").fetchone()
    assert sorted(rows.values()) == ["cancelled", "pending"] and rows[next(t for t in rows if "Acme" in t)] == "cancelled"
    due, created = (datetime.fromisoformat(value) for value in snoozed)
    assert timedelta(minutes=29) <= due - created <= timedelta(minutes=31)  # half an hour from when it was said
