"""`crm chat` as a user scripts it: one message a line on stdin, answers on stdout, exit 0 at the end."""
from __future__ import annotations

import os
import subprocess

from bots.console import table


def chat(tmp_path, lines, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}", "HOME": str(tmp_path)}
    return subprocess.run(["crm", "chat", *args], input="\n".join(lines) + "\n", env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_scripted_session_adds_logs_asks_and_undoes(tmp_path):
    result = chat(tmp_path, [
        "add customer Pied Piper, email richard@piedpiper.com",
        "log a call with pied piper, they want a demo, follow up friday",
        "open a ticket for pied piper: can't log in, urgent",
        "what do we know about pied piper?",
        "undo",
        "show open tickets",
        "hello there, how is the weather?",
    ])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Added customer Pied Piper." in out
    assert "Logged a call with Pied Piper." in out and "remind you" in out
    assert "Opened ticket #1001 for Pied Piper" in out
    assert "Pied Piper\n  richard@piedpiper.com" in out and "Open tickets:" in out
    assert "Undone: opened ticket #1001" in out
    assert "No open tickets." in out
    assert "I didn't get that" in out


def test_questions_are_numbered_and_answered_by_number(tmp_path):
    result = chat(tmp_path, ["add customer Acme Corporation", "add customer Acme Labs",
                             "open a ticket for acme: broken", "2"])
    assert result.returncode == 0, result.stderr
    assert "1) Acme" in result.stdout and "2) Acme" in result.stdout
    assert "Opened ticket #1001 for Acme" in result.stdout


def test_acting_as_an_unknown_teammate_is_a_clear_error(tmp_path):
    result = chat(tmp_path, ["help"], "--as", "nobody")
    assert result.returncode != 0 and "don't know a teammate" in result.stderr


def test_tables_align_columns_and_right_align_numbers():
    text = table(["Customer", "Revenue"], [("Acme", 1200.0), ("Globex Ltd", 35.5)])
    assert text.splitlines() == ["Customer    Revenue", "----------  -------", "Acme          1,200",
                                 "Globex Ltd    35.50"]
