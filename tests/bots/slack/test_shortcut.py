"""The "Log to CRM" message shortcut: modal, type-ahead customer menu, the activity, a DM with Undo."""
from __future__ import annotations

import json

from crm_core.models import Activity
from tests.bots.slack.conftest import CHANNEL, button_named, text_of

MESSAGE = {"type": "message", "user": "USAM", "ts": "1700000500.000500",
           "text": "Globex wants 40 seats by Q3 &amp; a security review"}


def test_a_message_becomes_an_activity_on_the_chosen_customer(slack, customers):
    slack.interaction({"type": "message_action", "callback_id": "crm_log_message", "user": {"id": "UMARIA"},
                       "channel": {"id": CHANNEL, "name": "sales"}, "message": MESSAGE,
                       "message_ts": MESSAGE["ts"], "response_url": slack.api.response_url("shortcut")})
    [opened] = slack.api.wait_for("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "crm_log_modal"
    assert view["blocks"][0]["element"]["type"] == "external_select"
    assert view["blocks"][2]["element"]["initial_value"] == "Globex wants 40 seats by Q3 & a security review"

    suggested = slack.interaction({"type": "block_suggestion", "user": {"id": "UMARIA"}, "action_id": "customer",
                                   "block_id": "customer", "value": "glob", "view": {**view, "id": "V0LOG"}})
    options = json.loads(suggested.body)["options"]
    assert options[0] == {"text": {"type": "plain_text", "text": "Globex Ltd (London)"},
                          "value": str(customers["globex"].id)}

    values = {"customer": {"customer": {"type": "external_select", "selected_option": options[0]}},
              "kind": {"kind": {"type": "static_select", "selected_option": {"value": "call"}}},
              "summary": {"summary": {"type": "plain_text_input", "value": view["blocks"][2]["element"]["initial_value"]}}}
    answer = slack.interaction({"type": "view_submission", "user": {"id": "UMARIA"},
                                "view": {**view, "id": "V0LOG", "state": {"values": values}}})
    assert answer.status == 200 and answer.body == ""
    activity = Activity.get()
    assert (activity.customer_id, activity.kind, activity.channel) == (customers["globex"].id, "call", "slack")
    assert activity.summary.startswith("Globex wants 40 seats by Q3 & a security review")
    assert f"archives/{CHANNEL}/p1700000500000500" in activity.summary
    [dm] = slack.api.wait_for("chat.postMessage")
    assert dm.args["channel"] == "UMARIA" and "Logged a call with Globex Ltd." in text_of(dm.args["blocks"])
    button_named(dm.args["blocks"], "Undo")


def test_a_guest_cannot_use_the_shortcut(slack, customers):
    slack.interaction({"type": "message_action", "callback_id": "crm_log_message", "user": {"id": "UGUEST"},
                       "channel": {"id": CHANNEL}, "message": MESSAGE, "message_ts": MESSAGE["ts"],
                       "response_url": slack.api.response_url("guest-shortcut")})
    [refusal] = slack.api.wait_for("response")
    assert "guests" in refusal.args["text"]
    assert slack.api.of("views.open") == []
