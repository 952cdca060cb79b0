"""`crm chat`: the local admin sets exchange rates in words ("1 EUR = 1.08 USD", "set the pound rate to 1.27"),
lists them and undoes one; a rep is refused and nothing is written (issue 15 item 8)."""
from __future__ import annotations

import sqlite3

from tests.bots.test_console import chat


def rates(tmp_path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        return {cur: str(rate) for cur, rate in connection.execute("SELECT currency, rate FROM exchange_rates")}


def test_the_admin_sets_lists_and_undoes_rates_and_a_rep_is_refused(tmp_path):
    result = chat(tmp_path, ["1 EUR = 1.08 USD", "set the pound rate to 1.27", "undo", "exchange rates",
                             "add Rita Rep as a rep, rita@ourco.io"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 EUR = 1.08 USD from" in out and "1 GBP = 1.27 USD from" in out and "Undone:" in out
    assert "Exchange rates to USD" in out and "EUR" in out.split("Exchange rates to USD")[1]
    assert rates(tmp_path) == {"EUR": "1.08"}
    refused = chat(tmp_path, ["1 EUR = 1.5 USD"], "--as", "rita")
    assert "can't do that" in refused.stdout and rates(tmp_path) == {"EUR": "1.08"}
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        assert connection.execute("SELECT count(*) FROM audit_log WHERE action = 'set_rate'").fetchone() == (2,)
