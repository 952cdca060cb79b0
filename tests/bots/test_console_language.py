"""A teammate who asks for Chinese is answered in Chinese, remembered across sessions, until they ask for English."""
from __future__ import annotations

import re
import sqlite3

from tests.bots.test_console import chat

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
USER_DATA = ("Pied Piper deal", "Pied Piper", "Local Operator", "they want a demo", "login broken", "US$",
             "speak english", "Acme", "Initech", "Globex")  # names, titles and what the rep wrote are no bot words


def bot_words_in_english(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for data in USER_DATA:
            line = line.replace(data, "")
        found += ENGLISH_WORD.findall(line)
    return found


def test_speak_chinese_then_every_write_and_its_undo_are_answered_in_chinese(tmp_path):
    result = chat(tmp_path, [
        "add customer Pied Piper",
        "speak chinese",
        "log a call with pied piper, they want a demo, follow up friday",
        "new deal with pied piper 20k",
        "move the pied piper deal to negotiation",
        "open a ticket for pied piper: login broken, urgent",
        "undo",
        "what do we know about pied piper?",
        "blah blah",
    ])
    assert result.returncode == 0, result.stderr
    replies = result.stdout.strip().splitlines()
    assert replies[0] == "Added customer Pied Piper."
    chinese = replies[1:]
    assert chinese[0] == "好的，以后我用中文回复你。"
    assert chinese[1].startswith("已记录与Pied Piper的电话。我会在") and "提醒你" in chinese[1]
    assert chinese[2] == "已为Pied Piper新建商机“Pied Piper deal”：US$20,000.00，线索。"
    assert chinese[3] == "已将“Pied Piper deal”（Pied Piper）从线索推进到谈判。"
    assert chinese[4] == "已为Pied Piper开工单 #1001：login broken（紧急）。"
    assert chinese[5] == "已撤销：新开的工单。"
    card = "\n".join(chinese[6:])
    assert "负责人 Local Operator · 分群 - · 营收 0" in card
    assert "进行中的商机：" in card and "谈判" in card and "最近的活动：" in card and "电话" in card
    assert "未结工单" not in card  # the ticket was undone
    assert "我没看懂" in card
    assert bot_words_in_english(chinese) == []
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT language FROM users WHERE role = 'admin'").fetchone() == ("zh",)
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone() == (0,)  # the undo took it back
        assert db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'set_language'").fetchone() == (1,)

    again = chat(tmp_path, ["log a note on pied piper: sent the deck", "speak english", "log a call with pied piper"])
    assert again.stdout.splitlines() == ["已记录与Pied Piper的备注。", "OK: I'll answer you in English from now on.",
                                         "Logged a call with Pied Piper."]
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT language FROM users WHERE role = 'admin'").fetchone() == ("en",)


def test_a_teammate_who_never_chose_is_answered_in_english(tmp_path):
    result = chat(tmp_path, ["add customer Pied Piper", "log a call with pied piper"])
    assert result.stdout.splitlines() == ["Added customer Pied Piper.", "Logged a call with Pied Piper."]


def test_chinese_columns_line_up_in_a_terminal():
    from bots.console import table, width
    lines = table(["商机", "阶段"], [("Pied Piper deal", "谈判"), ("X", "已确认需求")]).splitlines()
    second = ["阶段", "  ----------", "谈判", "已确认需求"]
    assert [width(line[:line.index(value)]) for line, value in zip(lines, second)] == [17, 15, 17, 17]
    assert width("已确认需求") == 10 and width("Acme") == 4


def test_undo_after_a_refused_write_names_that_write_in_chinese(tmp_path):
    result = chat(tmp_path, ["speak chinese", "mark ticket 4242 as pending", "undo"])
    assert result.returncode == 0, result.stderr
    undo = result.stdout.strip().splitlines()[-1]
    assert undo == ("你上一条指令（工单 #4242：状态改为等待回复）没有改动任何东西，所以没有可撤销的。"
                    "再说一次“撤销”可以撤回之前的那次改动。")
