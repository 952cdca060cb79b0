"""A conversation in Chinese through the console bot logs, moves, opens a ticket, asks and undoes (issue 17)."""
from __future__ import annotations

import sqlite3

from tests.bots.test_console import chat


def test_a_chinese_conversation_writes_what_was_said_and_undoes_it(tmp_path):
    result = chat(tmp_path, [
        "add customer Acme Corporation",
        "记录一下和Acme的电话，他们要演示，周五跟进",
        "给Acme新建一个单子 2万",
        "把Acme的单子推进到谈判",
        "给Acme开个工单：发票缺失，紧急",
        "Acme的情况怎么样",
        "撤销",
    ])
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT kind FROM activities").fetchall() == [("call",)]
        assert db.execute("SELECT amount, stage FROM deals").fetchall() == [(20000, "negotiation")]
        assert db.execute("SELECT COUNT(*) FROM tickets").fetchone() == (0,)  # opened, then undone
        assert db.execute("SELECT COUNT(*) FROM reminders").fetchone() == (1,)  # the follow-up on friday
    assert "我没看懂" not in result.stdout


def test_the_question_wrote_nothing(tmp_path):
    chat(tmp_path, ["add customer Acme Corporation"])
    with sqlite3.connect(tmp_path / "crm.db") as db:
        before = db.execute("SELECT COUNT(*) FROM audit_log").fetchone()
    result = chat(tmp_path, ["Acme的情况怎么样", "这个月要成交的单子", "显示前五个客户"])
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone() == before


def test_it_and_they_mean_the_customer_talked_about(tmp_path):
    result = chat(tmp_path, ["add customer Acme Corporation", "给Acme新建一个单子 2万", "把它推到谈判", "这单金额改成5万",
                             "跟他们通了电话"])
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT amount, stage FROM deals").fetchall() == [(50000, "negotiation")]
        assert db.execute("SELECT kind FROM activities").fetchall() == [("call",)]


def test_two_commands_chained_with_ranhou_both_happen(tmp_path):
    result = chat(tmp_path, ["add customer Acme Corporation", "给Acme新建一个单子 2万",
                             "记录一下和Acme的电话 然后把单子推到谈判", "确认"])  # two writes are confirmed first
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT kind FROM activities").fetchall() == [("call",)]
        assert db.execute("SELECT stage FROM deals").fetchall() == [("negotiation",)]
