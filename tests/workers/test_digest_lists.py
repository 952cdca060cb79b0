"""A scheduled digest with 60 customers at risk says "Showing 5 of 60." and carries a More button (Slack: valid
Block Kit naming the at-risk list; Telegram: callback_data within 64 bytes) that lists the rest."""
from __future__ import annotations

import json
from datetime import datetime

from slack_sdk import WebClient

from bots.slack import senders as slack_senders
from crm_core import bus, paging
from tests.bots.long_digest import AT_RISK, at_risk_customers, at_risk_names
from tests.fakes.slack_api import FakeSlackApi
from workers.actors.digests import send_due
from tests.workers.test_digests import (  # noqa: F401
    deliver_in_turn, digest_and_chart_rows, managers, quiet_broker, subscribe, telegram_configured)


def test_a_slack_digest_counts_the_customers_at_risk_and_its_more_lists_them_all(managers):  # noqa: F811
    at_risk_customers()
    subscribe(managers["berlin"])
    with FakeSlackApi() as slack:
        slack_senders.configure(WebClient(token="xoxb-test", base_url=slack.api_url))
        try:
            send_due(datetime(2026, 11, 25, 7, 0))
            deliver_in_turn(*digest_and_chart_rows())
        finally:
            slack_senders.configure(None)
        posted = slack.of("chat.postMessage")[0].args
        slack.assert_all_valid()
    said = "\n".join(b.get("text", {}).get("text", "") for b in posted["blocks"])
    assert f"Showing 5 of {AT_RISK}." in said
    [more] = [e for b in posted["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert more["text"]["text"] == "More at risk"
    value = json.loads(more["value"])
    assert value["u"] == "U0BEA" and value["o"] == 5
    listed = bus.handle(paging.again(value["q"]), managers["berlin"])  # what pressing it lists
    assert {row[0] for row in paging.rows(listed)} == at_risk_names() and paging.total(listed) == AT_RISK


def test_a_telegram_digest_carries_its_more_button_within_64_bytes(managers, monkeypatch):  # noqa: F811
    at_risk_customers()
    subscribe(managers["new_york"])
    with telegram_configured(monkeypatch) as telegram:
        send_due(datetime(2026, 11, 25, 13, 0))
        deliver_in_turn(*digest_and_chart_rows())
        [sent] = [m for m in telegram.sent(7770001) if m.get("text")]
    assert f"Showing 5 of {AT_RISK}." in sent["text"]
    [[button]] = sent["reply_markup"]["inline_keyboard"]
    assert button["text"] == "More at risk" and len(button["callback_data"].encode()) <= 64
    action, offset, command = paging.unpack(button["callback_data"])
    assert (action, offset) == ("m", 5)
    assert {row[0] for row in paging.rows(bus.handle(command, managers["new_york"]))} == at_risk_names()
