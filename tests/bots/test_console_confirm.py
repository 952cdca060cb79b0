"""A confirmation is answered by the number the console shows beside it: 2 cancels, 1 confirms."""
from __future__ import annotations

import sqlite3

from tests.bots.test_console import chat


def test_a_confirmation_is_answered_by_its_number(tmp_path):
    result = chat(tmp_path, ["add customer Acme", "new deal with acme 5k", "move the acme deal to won", "2",
                             "move the acme deal to won", "1"])
    out = result.stdout
    assert "1) Confirm   2) Cancel" in out
    assert "Cancelled; nothing was changed." in out
    assert out.rstrip().endswith("Moved “Acme deal” (Acme) from lead to won.")
    with sqlite3.connect(tmp_path / "crm.db") as db:
        assert db.execute("SELECT stage FROM deals").fetchall() == [("won",)]
