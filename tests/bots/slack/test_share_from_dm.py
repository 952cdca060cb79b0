"""A report answered in the bot's DM can be shared too (issue 13): Share in channel opens a modal where the
asker picks a channel (conversations_select); only the asker can share it, and only where the bot is a member."""
from __future__ import annotations

import json
from datetime import date

from crm_core.models import Customer, Order
from crm_core.names import normalize_name
from tests.bots.slack.conftest import TEAM_ID, button_named, text_of

DM, SALES, ELSEWHERE = "D0MARIA", "CSALES", "CRANDOM"


def _ranked(count: int) -> None:
    for n in range(count):
        customer = Customer.create(name=f"Customer {n:02d} GmbH", name_norm=normalize_name(f"Customer {n:02d} GmbH"))
        Order.create(customer=customer, date=date(2026, 1, 1), amount=1000 + n)


def _submit(slack, view: dict, user: str, channel: str | None):
    picked = {"type": "conversations_select", "selected_conversation": channel} if channel else \
        {"type": "conversations_select"}
    submitted = {**view, "id": "V0SHARE", "state": {"values": {"channel": {"channel": picked}}}}
    return slack.interaction({"type": "view_submission", "user": {"id": user, "username": user.lower(),
                                                                   "team_id": TEAM_ID}, "view": submitted})


def _errors(answer) -> dict:
    return json.loads(answer.body).get("errors", {}) if answer.body else {}


def test_a_report_in_the_dm_is_shared_into_the_channel_the_asker_picks(slack):
    _ranked(3)
    slack.command("show top 3 customers", channel=DM)
    [report] = slack.api.wait_for("response")
    share = button_named(report.args["blocks"], "Share in channel")
    slack.press(share, channel=DM)
    [opened] = slack.api.wait_for("views.open")
    view = opened.args["view"]
    assert view["blocks"][0]["element"]["type"] == "conversations_select"
    assert not slack.api.of("chat.postMessage")  # nothing posted before a channel is picked

    answer = _submit(slack, view, "UMARIA", SALES)
    assert answer.status == 200 and not _errors(answer)
    [posted] = slack.api.wait_for("chat.postMessage")
    assert posted.args["channel"] == SALES
    shown = text_of(posted.args["blocks"])
    assert "Shared by <@UMARIA>" in shown and "Customer 02 GmbH" in shown and "Top customers by revenue" in shown
    assert not any(b["type"] == "actions" for b in posted.args["blocks"])  # no buttons of Maria's in the channel
    slack.api.assert_all_valid()


def test_only_the_asker_can_share_and_only_where_the_bot_is(slack):
    _ranked(3)
    slack.api.outside.add(ELSEWHERE)
    slack.command("show top 3 customers", channel=DM)
    [report] = slack.api.wait_for("response")
    slack.press(button_named(report.args["blocks"], "Share in channel"), channel=DM)
    view = slack.api.wait_for("views.open")[0].args["view"]

    assert "That button is for <@UMARIA>" in _errors(_submit(slack, view, "USAM", SALES))["channel"]
    assert "invite me" in _errors(_submit(slack, view, "UMARIA", ELSEWHERE))["channel"]
    assert [c.args["channel"] for c in slack.api.of("chat.postMessage")] == [ELSEWHERE]  # refused: not_in_channel
    slack.api.assert_all_valid()
