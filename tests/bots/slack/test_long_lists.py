"""Long lists in Slack: a page at a time that says which rows of how many, More for the next page, the whole
list as a CSV file in the asker's DM, and Share in channel for a report only its asker saw."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

from crm_core.clock import utcnow
from crm_core.models import Customer, CustomerScore, Order, Reminder, User
from crm_core.names import normalize_name
from tests.bots.slack.conftest import CHANNEL, TEAM_ID, button_named, buttons, text_of


def _ranked(count: int, first: str | None = None) -> None:
    """`count` customers, Customer 00 earning least; `first` names the top earner instead."""
    for n in range(count):
        name = first if first and n == count - 1 else f"Customer {n:02d} GmbH"
        customer = Customer.create(name=name, name_norm=normalize_name(name), city="Berlin",
                                   segment="champions")
        CustomerScore.create(customer=customer, lifetime_value=float(n), score_version="test", scored_at=utcnow())
        Order.create(customer=customer, date=date(2026, 1, 1), amount=1000 + n)


def _labels(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in buttons(blocks)]


def test_a_long_list_shows_a_page_says_how_many_and_more_pages_through_it(slack):
    _ranked(45)
    slack.command("show top 45 customers")
    [first] = slack.api.wait_for("response")
    shown = text_of(first.args["blocks"])
    assert "Showing 1–20 of 45." in shown
    assert "Customer 44 GmbH" in shown and "Customer 24 GmbH" not in shown  # the 21st is on the next page

    slack.press(button_named(first.args["blocks"], "More"))
    second = slack.api.wait_for("response", 2)[1]
    assert second.args["replace_original"] is True
    shown = text_of(second.args["blocks"])
    assert "Showing 21–40 of 45." in shown
    assert "21  Customer 24 GmbH" in shown and "Customer 44 GmbH" not in shown  # ranks go on from 21

    slack.press(button_named(second.args["blocks"], "More"))
    last = slack.api.wait_for("response", 3)[2]
    assert "Showing 41–45 of 45." in text_of(last.args["blocks"]) and "Customer 00 GmbH" in text_of(last.args["blocks"])
    assert "More" not in _labels(last.args["blocks"])
    slack.api.assert_all_valid()


def test_a_report_that_counts_more_than_it_lists_lists_more_when_more_is_pressed(slack):
    _ranked(45)
    slack.command("list champions customers")  # the segment lists 20 of its 45 members at first
    [first] = slack.api.wait_for("response")
    assert "45 customers are champions" in text_of(first.args["blocks"])
    assert "Showing 1–20 of 45." in text_of(first.args["blocks"])
    slack.press(button_named(first.args["blocks"], "More"))
    second = slack.api.wait_for("response", 2)[1]
    assert "Showing 21–40 of 45." in text_of(second.args["blocks"])
    assert "Customer 24 GmbH" in text_of(second.args["blocks"])


def test_download_csv_puts_the_whole_list_in_the_askers_dm_with_formulas_neutralised(slack):
    _ranked(45, first="=HYPERLINK(\"http://evil\")")
    slack.command("list champions customers")
    [first] = slack.api.wait_for("response")
    slack.press(button_named(first.args["blocks"], "Download CSV"))
    [note] = [c for c in slack.api.wait_for("response", 2)[1:]]
    assert note.args["response_type"] == "ephemeral"
    assert "The whole list (45 rows) is in our DM as `segment_members.csv`." == note.args["text"]
    [opened] = slack.api.of("conversations.open")
    assert opened.args["users"] == "UMARIA"
    [upload] = slack.api.uploads()
    rows = list(csv.reader(io.StringIO(upload.decode())))
    assert rows[0] == ["Customer", "City", "Value"] and len(rows) == 46
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")"  # opens as text in a spreadsheet, not a formula
    slack.api.assert_all_valid()


def test_a_report_only_the_asker_saw_is_shared_in_the_channel_only_when_they_press_share(slack):
    _ranked(3)
    slack.command("show top 3 customers")
    [report] = slack.api.wait_for("response")
    assert report.args["response_type"] == "ephemeral"
    share = button_named(report.args["blocks"], "Share in channel")
    assert slack.api.quiet(0.3) and len(slack.api.of("response")) == 1  # nothing visible before the press

    slack.press(share, user="USAM")  # not theirs to share
    refusal = slack.api.wait_for("response", 2)[1]
    assert refusal.args["response_type"] == "ephemeral" and "That button is for <@UMARIA>" in refusal.args["text"]

    slack.press(share)
    shared = slack.api.wait_for("response", 3)[2]
    assert shared.args["response_type"] == "in_channel" and shared.args["replace_original"] is False
    shown = text_of(shared.args["blocks"])
    assert "Shared by <@UMARIA>" in shown and "Customer 02 GmbH" in shown and "Top customers by revenue" in shown
    assert _labels(shared.args["blocks"]) == []  # the channel's copy has no buttons of Maria's
    slack.api.assert_all_valid()


def test_a_page_button_never_runs_a_command_that_writes(slack):
    _ranked(25)
    slack.command("show top 25 customers")
    [first] = slack.api.wait_for("response")
    more = button_named(first.args["blocks"], "More")
    forged = {**json.loads(more["value"]), "q": json.dumps({"command": "add_customer", "customer": "Forged Ltd"})}
    slack.press({**more, "value": json.dumps(forged)})
    answer = slack.api.wait_for("response", 2)[1]
    assert answer.args["text"] == "That list can't be shown again; ask once more."
    assert not Customer.select().where(Customer.name == "Forged Ltd").exists()


def test_the_home_tab_says_when_it_lists_only_some_reminders(slack):
    maria = User.get(User.email == "maria@crm.example")
    for n in range(18):
        Reminder.create(user=maria, text=f"Reminder {n:02d}", due_at=utcnow(), status="sent")
    slack.event({"type": "app_home_opened", "user": "UMARIA", "channel": "D0MARIA", "tab": "home",
                 "event_ts": "1700000400.000400"})
    [published] = slack.api.wait_for("views.publish")
    shown = text_of(published.args["view"]["blocks"])
    assert "Showing 15 of 18; say “show my reminders” for the whole list." in shown
    slack.api.assert_all_valid()


def test_a_report_answering_a_button_on_a_private_question_can_be_shared(slack, customers):
    slack.command("what do we know about acme?")
    [question] = slack.api.wait_for("response")
    assert question.args["response_type"] == "ephemeral"
    labs = button_named(question.args["blocks"], "Acme Labs (Boston)")
    slack.interaction({"type": "block_actions", "user": {"id": "UMARIA", "username": "umaria", "team_id": TEAM_ID},
                       "container": {"type": "message", "message_ts": "1700000000.000001", "channel_id": CHANNEL,
                                     "is_ephemeral": True},
                       "channel": {"id": CHANNEL, "name": "sales"}, "response_url": slack.api.response_url("eph"),
                       "actions": [{"type": "button", "action_id": labs["action_id"], "block_id": "b",
                                    "text": labs["text"], "value": labs["value"], "action_ts": "1700000001.000001"}]})
    card = slack.api.wait_for("response", 2)[1]
    assert card.args["blocks"][0]["text"]["text"] == "Acme Labs"
    slack.press(button_named(card.args["blocks"], "Share in channel"))
    shared = slack.api.wait_for("response", 3)[2]
    assert shared.args["response_type"] == "in_channel" and "Acme Labs" in text_of(shared.args["blocks"])
    slack.api.assert_all_valid()


def test_a_chinese_speaking_rep_is_told_in_chinese_where_the_csv_went(slack):
    _ranked(45)
    User.update(language="zh").where(User.email == "maria@crm.example").execute()
    slack.command("list champions customers")
    [first] = slack.api.wait_for("response")
    slack.press(button_named(first.args["blocks"], "下载CSV"))
    [note] = slack.api.wait_for("response", 2)[1:]
    assert note.args["text"] == "完整列表（45 行）已发到我们的私信：`segment_members.csv`。"
