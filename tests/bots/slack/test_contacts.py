"""Contacts from Slack: a write comes back with Undo in the channel, the list only to the asker."""
from __future__ import annotations

from crm_core.models import Activity, Contact
from tests.bots.slack.conftest import button_named, text_of


def test_a_contact_is_added_listed_linked_to_a_call_and_undone(slack, customers):
    slack.command("add Dana Ruiz, CFO at Globex, dana@globex.example")
    [added] = slack.api.wait_for("response")
    assert added.args["response_type"] == "in_channel"
    assert "Added Dana Ruiz, CFO, as a contact at Globex Ltd." in text_of(added.args["blocks"])
    assert Contact.get().email == "dana@globex.example"

    slack.command("contacts at globex")
    listed = slack.api.wait_for("response", 2)[1]
    assert listed.args["response_type"] == "ephemeral" and "Dana Ruiz" in text_of(listed.args["blocks"])

    slack.command("call with dana at globex, budget approved")
    slack.api.wait_for("response", 3)
    assert Activity.get().contact_id == Contact.get().id

    slack.command("undo")
    slack.api.wait_for("response", 4)
    assert Activity.select().count() == 0 and Contact.select().count() == 1
    slack.press(button_named(added.args["blocks"], "Undo"))
    slack.api.wait_for("response", 5)
    assert Contact.select().count() == 0
