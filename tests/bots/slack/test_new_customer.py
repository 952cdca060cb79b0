"""A customer nobody knows is offered with Add and Cancel buttons; only Add writes it, with the command."""
from __future__ import annotations

from crm_core.models import Customer, Deal
from tests.bots.slack.conftest import button_named, text_of


def test_add_and_cancel_are_buttons_and_only_add_writes(slack, customers):
    slack.command("new deal with Umbrella Dynamics 20k")
    [question] = slack.api.wait_for("response")
    assert "New customer “Umbrella Dynamics”?" in text_of(question.args["blocks"])
    assert "Create a deal for Umbrella Dynamics" in text_of(question.args["blocks"])
    slack.press(button_named(question.args["blocks"], "Cancel"))
    assert "nothing was changed" in slack.api.wait_for("response", 2)[1].args["text"]
    assert not Customer.select().where(Customer.name == "Umbrella Dynamics").exists()

    slack.command("new deal with Umbrella Dynamics 20k")
    question = slack.api.wait_for("response", 3)[2]
    slack.press(button_named(question.args["blocks"], "Add"))
    done = slack.api.wait_for("response", 4)[3]
    assert "Added customer Umbrella Dynamics." in done.args["text"] + text_of(done.args["blocks"])
    [deal] = Deal.select()
    assert deal.customer.name == "Umbrella Dynamics" and float(deal.amount) == 20000
