"""On Slack: a merge asks with Confirm and Cancel buttons saying what moves; a rename acts and offers Undo."""
from __future__ import annotations

from crm_core.models import Customer, Deal
from tests.bots.slack.conftest import button_named, text_of


def test_a_merge_is_confirmed_by_button_and_a_rename_offers_undo(slack, customers):
    Deal.create(customer=customers["acme_labs"], title="Labs pilot", amount=900)
    slack.command("merge acme labs into acme corporation")
    [question] = slack.api.wait_for("response")
    assert "Merge Acme Labs into Acme Corporation: will move 1 deals" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Cancel"))
    slack.api.wait_for("response", 2)
    assert Customer.select().count() == 3

    slack.command("merge acme labs into acme corporation")
    question = slack.api.wait_for("response", 3)[2]
    slack.press(button_named(question.args["blocks"], "Confirm"))
    merged = slack.api.wait_for("response", 4)[3]
    assert "Merged Acme Labs into Acme Corporation" in text_of(merged.args["blocks"])
    assert Deal.get().customer_id == customers["acme"].id and Customer.select().count() == 2

    slack.command("rename globex to Globex Corp")
    renamed = slack.api.wait_for("response", 5)[4]
    assert "Globex Ltd → Globex Corp" in text_of(renamed.args["blocks"])
    slack.press(button_named(renamed.args["blocks"], "Undo"))
    slack.api.wait_for("response", 6)
    assert Customer.get_by_id(customers["globex"].id).name == "Globex Ltd"
