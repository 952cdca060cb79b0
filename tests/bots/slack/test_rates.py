"""On Slack: an admin sets an exchange rate in words and can undo it by button; a rep is refused (issue 15 item 8)."""
from __future__ import annotations

from crm_core.models import AuditLog, ExchangeRate, User
from tests.bots.slack.conftest import button_named, text_of


def test_an_admin_sets_a_rate_and_undoes_it_and_a_rep_is_refused(slack):
    slack.command("1 EUR = 1.08 USD")
    [refused] = slack.api.wait_for("response")
    assert "can't do that" in text_of(refused.args["blocks"]) and ExchangeRate.select().count() == 0
    User.update(role="admin").where(User.name == "Maria Lopez").execute()
    slack.command("set the euro rate to 1.08")
    done = slack.api.wait_for("response", 2)[1]
    assert "1 EUR = 1.08 USD" in text_of(done.args["blocks"])
    assert [(r.currency, str(r.rate).rstrip("0")) for r in ExchangeRate.select()] == [("EUR", "1.08")]
    assert AuditLog.get(AuditLog.action == "set_rate").entity == "exchange_rates"
    slack.press(button_named(done.args["blocks"], "Undo"))
    slack.api.wait_for("response", 3)
    assert ExchangeRate.select().count() == 0
