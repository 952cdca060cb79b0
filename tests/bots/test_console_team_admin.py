"""`crm chat`: the local admin adds a teammate, puts them on a team, makes them a manager (confirmed), deactivates
and reactivates them with undo; that manager is refused someone outside their team (issue 15 item 7)."""
from __future__ import annotations

import sqlite3

from tests.bots.test_console import chat


def test_the_local_admin_runs_the_team_and_a_manager_is_refused_outside_theirs(tmp_path):
    result = chat(tmp_path, ["add Dana Ruiz as a rep, dana@ourco.io", "put dana on the west team",
                             "make dana a manager", "yes", "deactivate dana", "yes", "undo"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Added Dana Ruiz as a rep." in out and "Dana Ruiz: team west." in out
    assert "Make dana a manager" in out and "Dana Ruiz is now a manager." in out
    assert "Deactivate Dana Ruiz (they can no longer use the CRM); no open work to move" in out
    assert "Dana Ruiz is deactivated" in out and "Undone: deactivated Dana Ruiz" in out
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        row = connection.execute("SELECT email, role, team, is_active FROM users WHERE name = 'Dana Ruiz'").fetchone()
    assert row == ("dana@ourco.io", "manager", "west", 1)
    refused = chat(tmp_path, ["deactivate Local Operator"], "--as", "dana")
    assert "Local Operator is not on your team (west)." in refused.stdout
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        assert connection.execute("SELECT is_active FROM users WHERE name = 'Local Operator'").fetchone() == (1,)
