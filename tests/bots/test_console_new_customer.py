"""`crm chat`: a customer nobody knows is a numbered choice, Add or Cancel."""
from __future__ import annotations

from tests.bots.test_console import chat


def test_the_new_customer_question_is_numbered_and_1_adds_it_with_the_deal(tmp_path):
    result = chat(tmp_path, ["new deal with Umbrella Dynamics 20k", "2", "new deal with Umbrella Dynamics 20k", "1",
                             "show umbrella dynamics"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("New customer “Umbrella Dynamics”?") == 2 and "1) Add   2) Cancel" in out
    assert "Cancelled; nothing was changed." in out
    assert "Added customer Umbrella Dynamics." in out and "Created" in out
